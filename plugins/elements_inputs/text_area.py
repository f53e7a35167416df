"""``st.text_area``: multi-line text, committed on blur or Ctrl+Enter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kernel.contracts import DeltaGenerator
from kernel_plugins.elements_inputs._inputs import (
    TEXT_BINDING,
    WidgetArgumentError,
    callback,
    check_flag,
    common_props,
    label_text,
    register_input,
    text_rules,
)


def text_area(dg: DeltaGenerator, label: Any, value: Any = "", height: Any = None, max_chars: int | None = None,
              key: Any = None, help: str | None = None, on_change: Callable[..., Any] | str | None = "rerun",
              args: Any = None, kwargs: Any = None, *, placeholder: str | None = None, disabled: bool = False,
              required: bool = False, label_visibility: str = "visible", width: Any = "stretch",
              bind: str | None = None, persist_state: str | None = None) -> str | None:
    """``st.text_area``: a ``str`` (``None`` with ``value=None`` until typed); cut to ``max_chars``."""
    text = label_text(label)
    check_flag("text_area", "required", required)
    if height is not None and height not in ("content", "stretch") and (
            isinstance(height, bool) or not isinstance(height, int) or height < 68):
        raise WidgetArgumentError(f"st.text_area(height={height!r}): height must be None, 'content', 'stretch' or "
                                  "an int of at least 68 (pixels)")
    default, coerce = text_rules("text_area", value, max_chars)

    cb = callback("text_area", "on_change", on_change, args, kwargs)
    identity = (max_chars,) if key is not None else (text, default, max_chars, help, placeholder)
    current: str | None
    wid, current = register_input(dg, "text_area", label=text, key=key, identity=identity, default=default,
                                  coerce=coerce, callback=cb, accept=coerce, disabled=disabled,
                                  persist_state=persist_state, bind=bind,
                                  binding=TEXT_BINDING)
    props = common_props("text_area", wid, text, help, disabled, label_visibility, on_change, key, width, None,
                         bind)
    props.update({"value": current, "max_chars": max_chars, "placeholder": placeholder, "required": required,
                  "height": height if isinstance(height, int) else None})
    dg.add_element("text_area", props)
    return current
