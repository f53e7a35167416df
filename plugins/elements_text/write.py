"""``st.write`` and ``st.json``: show any value with the element that suits it."""

from __future__ import annotations

import json as jsonlib
from collections import UserList
from collections.abc import ItemsView, KeysView, Mapping, ValuesView
from typing import Any

from kernel.contracts import DeltaGenerator, Secrets
from kernel_plugins.elements_text.text import markdown
from kernel_plugins.elements_text.write_types import command_of, write_rich

_INLINE = (int, float, bool, type(None))


def _masked(value: Any) -> Any:
    # Secrets shown on purpose (st.write(st.secrets)) keep their keys, never their values.
    if isinstance(value, Mapping):
        return {str(k): _masked(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(v) for v in value]
    return "***"


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping) and isinstance(value, Secrets):
        return _masked(value)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def json(dg: DeltaGenerator, body: Any, *, expanded: bool | int = True, width: Any = "stretch") -> DeltaGenerator:
    """``st.json``: pretty-printed JSON (a str is parsed as JSON first)."""
    if isinstance(expanded, bool) is False and (not isinstance(expanded, int) or expanded < 0):
        from kernel.elements import argument_error as fail

        raise fail("json", "expanded", expanded, "use True, False or a non-negative int (depth)")
    if isinstance(body, str):
        body = jsonlib.loads(body)
    text = jsonlib.dumps(_jsonable(body), ensure_ascii=False)  # compact, as Streamlit sends it
    return dg.add_element("json", {"text": text, "expanded": expanded})


def _inline_code(value: Any) -> str:
    text = str(value)
    if "\n" in text:
        return f"\n```\n{text}\n```\n"
    fence = "``" if "`" in text else "`"
    return f"{fence}{text}{fence}"


_JSON_TYPES = (Mapping, list, map, enumerate, UserList, KeysView, ValuesView, ItemsView)


def _is_namedtuple(value: Any) -> bool:
    return isinstance(value, tuple) and callable(getattr(value, "_asdict", None)) and hasattr(value, "_fields")


def _is_json_like(value: Any) -> bool:
    """What Streamlit's st.write shows as JSON: dicts, lists, iterators of them, views, namedtuples."""
    return isinstance(value, _JSON_TYPES) or _is_namedtuple(value)


def _json_value(value: Any) -> Any:
    if _is_namedtuple(value):
        return value._asdict()
    if isinstance(value, Mapping | list):
        return value
    return [list(v) if isinstance(v, tuple) else v for v in value]


def write(dg: DeltaGenerator, *args: Any, unsafe_allow_html: bool = False) -> None:
    """``st.write``: strings as Markdown (consecutive ones joined), exceptions, dicts and lists as JSON.

    Tuples and sets are written inline, as code, like other values (``st.write("a", ("b", 1))``
    is one Markdown element ``a `('b', 1)` ``); namedtuples are JSON.
    """
    if len(args) == 1 and type(args[0]) is str:
        # The common call, st.write("some text"): the Markdown element, without the dispatch.
        markdown(dg, args[0], unsafe_allow_html)
        return
    parts: list[str] = []

    def flush() -> None:
        if parts:
            markdown(dg, " ".join(parts), unsafe_allow_html)
            parts.clear()

    for arg in args:
        if isinstance(arg, str):
            parts.append(arg)
        elif isinstance(arg, _INLINE):
            parts.append(_inline_code(arg))
        elif isinstance(arg, BaseException):
            flush()
            command_of(dg, "exception")(arg)  # the exception element, whichever plugin provides it
        elif _is_json_like(arg):
            flush()
            json(dg, _json_value(arg))
        elif write_rich(dg, arg, unsafe_allow_html, flush):
            pass
        else:  # tuples and sets too, as Streamlit does: st.write(("a", "b")) shows `('a', 'b')`
            parts.append(_inline_code(arg))
    flush()
