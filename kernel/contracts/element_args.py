"""Argument checks of element commands: each error names the command and the parameter, and says what it accepts.

Part of the element plugin API (re-exported by :mod:`kernel.elements`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kernel._errors import KernelError

__all__ = ["ElementArgumentError", "argument_error", "check_choice", "check_height", "check_width", "container_width"]


class ElementArgumentError(KernelError, ValueError):
    """An element command got an argument it cannot use; the message names the parameter and what it accepts."""


def argument_error(command: str, param: str, value: Any, expected: str) -> ElementArgumentError:
    """The error for ``st.<command>(<param>=<value>)``, saying what ``param`` accepts (raise it)."""
    shown = repr(value)
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return ElementArgumentError(f"st.{command}({param}={shown}): {expected}")


def check_choice(command: str, param: str, value: Any, choices: Iterable[Any]) -> Any:
    """``value`` if it is one of ``choices``, else an error listing them."""
    options = list(choices)
    if value not in options:
        raise argument_error(command, param, value, "use one of " + ", ".join(repr(c) for c in options))
    return value


def check_width(command: str, width: Any, allowed: tuple[str, ...] = ("stretch", "content")) -> str | int:
    """A layout width: one of ``allowed`` or a positive int (pixels)."""
    if isinstance(width, bool) or not (width in allowed or (isinstance(width, int) and width > 0)):
        raise argument_error(command, "width", width,
                             "use " + ", ".join(repr(a) for a in allowed) + " or a positive int (px)")
    return width  # type: ignore[no-any-return]


def check_height(command: str, height: Any, allowed: tuple[str, ...] = ("content", "stretch")) -> str | int:
    """A layout height: one of ``allowed`` or a positive int (pixels)."""
    if isinstance(height, bool) or not (height in allowed or (isinstance(height, int) and height > 0)):
        raise argument_error(command, "height", height,
                             "use " + ", ".join(repr(a) for a in allowed) + " or a positive int (px)")
    return height  # type: ignore[no-any-return]


def container_width(command: str, width: Any, use_container_width: bool | None,
                    allowed: tuple[str, ...] = ("stretch", "content")) -> str | int:
    """``width`` after the deprecated ``use_container_width`` override (True -> "stretch")."""
    if use_container_width is not None:
        return "stretch" if use_container_width else ("content" if width == "stretch" else width)
    return check_width(command, width, allowed)
