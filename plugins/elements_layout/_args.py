"""Argument checks of the layout commands; each error names the command and the parameter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kernel import KernelError

__all__ = ["LayoutArgumentError", "callback_options", "check_choice", "width_prop"]


class LayoutArgumentError(KernelError, ValueError):
    """A layout command got an argument it cannot use; the message names the parameter."""


def check_choice(command: str, name: str, value: Any, allowed: Sequence[Any]) -> None:
    """Raise if ``value`` (the parameter ``name`` of ``st.<command>``) is not one of ``allowed``."""
    if value not in allowed:
        shown = ", ".join(repr(a) for a in allowed)
        raise LayoutArgumentError(f"st.{command}({name}={value!r}): {name} must be one of {shown}")


def width_prop(command: str, width: Any, allowed: Sequence[str] = ("stretch", "content")) -> Any:
    """Validate ``width``: one of ``allowed`` or a positive int of pixels."""
    if isinstance(width, int) and not isinstance(width, bool) and width > 0:
        return width
    if width in allowed:
        return width
    raise LayoutArgumentError(f"st.{command}(width={width!r}): width must be one of "
                              f"{', '.join(map(repr, allowed))} or a positive int (pixels)")


def callback_options(command: str, fn: Any, args: Any, kwargs: Any) -> dict[str, Any]:
    """``on_change`` (a function, ``"rerun"`` or ``"ignore"``) with its ``args`` and ``kwargs``,
    checked, as the options of :func:`kernel.elements.register_widget` (none for the modes)."""
    if not (fn is None or callable(fn) or (isinstance(fn, str) and fn in ("rerun", "ignore"))):
        raise LayoutArgumentError(f"st.{command}(on_change={fn!r}): on_change must be a function, None or one of "
                                  "'rerun', 'ignore'")
    if fn is None or isinstance(fn, str):
        return {}
    if args is not None and not isinstance(args, list | tuple):
        raise LayoutArgumentError(f"st.{command}(args={args!r}): args must be a tuple or list")
    if kwargs is not None and not isinstance(kwargs, dict):
        raise LayoutArgumentError(f"st.{command}(kwargs={kwargs!r}): kwargs must be a dict")
    return {"on_change": fn, "args": tuple(args or ()), "kwargs": dict(kwargs or {})}
