"""``st.write`` and ``st.json``: show any value with the element that suits it."""

from __future__ import annotations

import json as jsonlib
from collections.abc import Mapping
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


def write(dg: DeltaGenerator, *args: Any, unsafe_allow_html: bool = False) -> None:
    """``st.write``: strings as Markdown (consecutive ones joined), exceptions, dicts and lists as JSON."""
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
        elif write_rich(dg, arg, unsafe_allow_html, flush):
            pass
        elif isinstance(arg, Mapping | list | tuple | set | frozenset):
            flush()
            json(dg, arg)
        else:
            parts.append(_inline_code(arg))
    flush()
