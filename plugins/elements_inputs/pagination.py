"""``st.pagination``: a row of page numbers between a previous and a next arrow."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kernel.contracts import DeltaGenerator
from kernel_plugins.elements_inputs._inputs import (
    WidgetArgumentError,
    callback,
    common_props,
    register_input,
    scalar_binding,
)

PAGE_BINDING = scalar_binding(int)
"""The page number in the URL."""


def _count(name: str, value: Any, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise WidgetArgumentError(f"st.pagination({name}={value!r}): {name} must be an int of at least {least}")
    return value


def pagination(dg: DeltaGenerator, num_pages: int, *, default: int = 1, max_visible_pages: int | None = 7,
               width: Any = "content", key: Any = None, on_change: Callable[..., Any] | str | None = "rerun",
               args: Any = None, kwargs: Any = None, disabled: bool = False, bind: str | None = None,
               persist_state: str | None = None) -> int:
    """``st.pagination``: the selected page, from 1 to ``num_pages`` (``default`` at first).

    ``max_visible_pages`` caps how many numbers show at once (the first, the last and those
    around the selected one, with gaps); ``None`` shows all, ``0`` only the arrows.
    """
    pages = _count("num_pages", num_pages, 1)
    if isinstance(default, bool) or not isinstance(default, int) or not 1 <= default <= pages:
        raise WidgetArgumentError(f"st.pagination(default={default!r}): default must be a page number from 1 to "
                                  f"num_pages ({pages})")
    visible = None if max_visible_pages is None else _count("max_visible_pages", max_visible_pages, 0)

    def coerce(raw: Any) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= pages:
            raise ValueError(f"not a page from 1 to {pages}")
        return raw

    cb = callback("pagination", "on_change", on_change, args, kwargs)
    identity = () if key is not None else (pages, default, visible, width)
    wid, page = register_input(dg, "pagination", label=f"pagination of {pages}", key=key, identity=identity,
                               default=default, coerce=coerce, callback=cb, accept=coerce, disabled=disabled,
                               persist_state=persist_state, bind=bind, binding=PAGE_BINDING,
                               explicit_default=default != 1)
    props = common_props("pagination", wid, "", None, disabled, "collapsed", on_change, key, width, None, bind)
    props.update({"num_pages": pages, "value": page, "default": default, "max_visible_pages": visible})
    dg.add_element("pagination", props)
    return int(page)
