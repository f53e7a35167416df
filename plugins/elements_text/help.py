"""``st.help`` (what an object is: name, type, signature, docstring, members) and ``st.echo``."""

from __future__ import annotations

import inspect
import linecache
import sys
import textwrap
from types import FrameType, TracebackType
from typing import Any

from kernel import NoRunContextError
from kernel.context import get_run_context
from kernel.contracts import DeltaGenerator
from kernel.elements import check_choice, check_width

MAX_MEMBERS = 200
MAX_VALUE_CHARS = 300


def _signature(obj: Any) -> str | None:
    if not callable(obj):
        return None
    try:
        return str(inspect.signature(obj))
    except (TypeError, ValueError):
        return None


def _short(text: str, limit: int = MAX_VALUE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _member(name: str, value: Any) -> dict[str, Any]:
    doc = inspect.getdoc(value) if callable(value) or inspect.ismodule(value) else None
    return {
        "name": name,
        "type": type(value).__name__,
        "signature": _signature(value),
        "value": None if callable(value) else _short(repr(value), 80),
        "doc": (doc or "").split("\n\n", 1)[0] or None,
    }


def _unwrap_st_command(obj: Any) -> Any:
    """For ``st.<element>`` (a facade call), the plugin function behind it, without its container argument."""
    if getattr(obj, "__module__", None) != "kernel.st" or not callable(obj):
        return obj
    from kernel import current_app

    command = current_app().commands.get(getattr(obj, "__name__", ""))
    if command is None or command.kind != "element":
        return obj
    target = command.load()
    try:
        sig = inspect.signature(target)
    except (TypeError, ValueError):
        return target

    def documented(*args: Any, **kwargs: Any) -> Any:
        return obj(*args, **kwargs)

    documented.__name__ = documented.__qualname__ = command.name
    documented.__doc__ = target.__doc__
    documented.__module__ = "kernel.st"
    documented.__signature__ = sig.replace(parameters=list(sig.parameters.values())[1:])  # type: ignore[attr-defined]
    return documented


def help_props(obj: Any) -> dict[str, Any]:
    """What ``st.help`` shows about ``obj``: name, type, value, signature, docstring and public members."""
    obj = _unwrap_st_command(obj)
    name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None)
    is_plain_value = not (inspect.isclass(obj) or inspect.isroutine(obj) or inspect.ismodule(obj))
    members = []
    for attr in sorted(dir(obj)):
        if attr.startswith("_"):
            continue
        try:
            value = getattr(obj, attr)
        except Exception:  # a property may raise; skip it
            continue
        members.append(_member(attr, value))
        if len(members) >= MAX_MEMBERS:
            break
    return {
        "name": name if isinstance(name, str) else None,
        "type": type(obj).__name__,
        "module": getattr(obj, "__module__", None) if not inspect.ismodule(obj) else None,
        "value": _short(repr(obj)) if is_plain_value else None,
        "signature": _signature(obj),
        "doc": inspect.getdoc(obj) if not is_plain_value or type(obj).__doc__ != getattr(obj, "__doc__", None)
        else inspect.getdoc(type(obj)),
        "members": members,
    }


class _StModule:
    """Default of ``st.help``: stands for the ``st`` module itself."""

    def __repr__(self) -> str:
        return "<st module>"


_ST = _StModule()


def help(dg: DeltaGenerator, obj: Any = _ST, *, width: Any = "stretch") -> DeltaGenerator:
    """``st.help``: name, type, signature, docstring and members of ``obj`` (default: ``st`` itself)."""
    if obj is _ST:
        import kernel.st

        obj = kernel.st
    props = help_props(obj)
    props["width"] = check_width("help", width)
    return dg.add_element("help", props)


def block_source(frame: FrameType) -> str:
    """The source of the ``with`` block that starts on ``frame``'s current line, dedented."""
    filename = frame.f_code.co_filename
    lines = linecache.getlines(filename, frame.f_globals)
    start = frame.f_lineno - 1
    if not lines or start >= len(lines):
        return ""
    head = lines[start]
    indent = len(head) - len(head.lstrip())
    # The with statement may span lines: the block starts after the line ending in ':'.
    i = start
    while i < len(lines) and not lines[i].split("#", 1)[0].rstrip().endswith(":"):
        i += 1
    body: list[str] = []
    for line in lines[i + 1:]:
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        body.append(line)
    while body and not body[-1].strip():
        body.pop()
    return textwrap.dedent("".join(body)).rstrip("\n")


class echo:  # noqa: N801 - named like the st command it is
    """``st.echo``: a context manager that shows the code of its ``with`` block and runs it.

    ``code_location="above"`` (default) shows the code before the block's output,
    ``"below"`` after it.
    """

    def __init__(self, code_location: str = "above") -> None:
        check_choice("echo", "code_location", code_location, ("above", "below"))
        self.code_location = code_location
        self._frame = sys._getframe(1)

    def _show(self) -> None:
        from kernel_plugins.elements_text.text import code

        ctx = get_run_context()
        if ctx is None:
            raise NoRunContextError("st.echo() only works while a script runs (kernel run app.py)")
        code(ctx.current_container(), block_source(self._frame), "python")

    def __enter__(self) -> None:
        if self.code_location == "above":
            self._show()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.code_location == "below" and exc_type is None:
            self._show()
