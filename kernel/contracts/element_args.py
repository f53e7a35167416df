"""Argument checks of element commands: each error names the command and the parameter, and says what it accepts.

Part of the element plugin API (re-exported by :mod:`kernel.elements`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from kernel._errors import KernelAPIException
from kernel.contracts.session_state import WidgetCallback

__all__ = [
    "ElementArgumentError",
    "argument_error",
    "check_callback",
    "check_choice",
    "check_height",
    "check_on_select",
    "check_one_of",
    "check_pixel_width",
    "check_width",
    "container_width",
]

ErrorType = Callable[[str], Exception]
"""What the ``error`` of a check is called with: the message (an exception class of the plugin's own)."""


class ElementArgumentError(KernelAPIException, ValueError):
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


def check_one_of(command: str, param: str, value: Any, allowed: Sequence[Any], *,
                 error: ErrorType = ElementArgumentError) -> None:
    """Raise ``error`` unless ``value`` is one of ``allowed``: "st.<command>(<param>=...): <param> must be one of ..."

    The wording of the input, layout and status commands; :func:`check_choice` returns the value and says
    "use one of". ``error`` is the exception class to raise (a plugin's own, e.g. ``WidgetArgumentError``).
    """
    if value not in allowed:
        shown = ", ".join(repr(a) for a in allowed)
        raise error(f"st.{command}({param}={value!r}): {param} must be one of {shown}")


def check_pixel_width(command: str, width: Any, allowed: Sequence[str] = ("stretch", "content"), *,
                      error: ErrorType = ElementArgumentError) -> Any:
    """``width`` if it is one of ``allowed`` or a positive int of pixels, else raise ``error`` (the wording of
    :func:`check_one_of`: "width must be one of ... or a positive int (pixels)")."""
    if isinstance(width, int) and not isinstance(width, bool) and width > 0:
        return width
    if width in allowed:
        return width
    raise error(f"st.{command}(width={width!r}): width must be one of "
                f"{', '.join(map(repr, allowed))} or a positive int (pixels)")


def check_callback(command: str, name: str, fn: Any, args: Any, kwargs: Any, *,
                   modes: Sequence[str] = ("rerun", "ignore"),
                   error: ErrorType = ElementArgumentError) -> WidgetCallback | None:
    """The :class:`~kernel.contracts.session_state.WidgetCallback` of a widget's ``name`` (``on_change``,
    ``on_click``) with its ``args`` and ``kwargs``, checked; ``None`` for ``None`` or one of the string ``modes``.

    Raises ``error`` if ``fn`` is neither a function, ``None`` nor one of ``modes``, if ``args`` is not a
    tuple or list, or ``kwargs`` not a dict.
    """
    if not (fn is None or callable(fn) or (isinstance(fn, str) and fn in modes)):
        raise error(f"st.{command}({name}={fn!r}): {name} must be a function, None or one of "
                    f"{', '.join(map(repr, modes))}")
    if fn is None or isinstance(fn, str):
        return None
    if args is not None and not isinstance(args, list | tuple):
        raise error(f"st.{command}(args={args!r}): args must be a tuple or list")
    if kwargs is not None and not isinstance(kwargs, dict):
        raise error(f"st.{command}(kwargs={kwargs!r}): kwargs must be a dict")
    return WidgetCallback(fn, tuple(args or ()), dict(kwargs or {}))


def check_on_select(command: str, on_select: Any) -> bool:
    """Whether ``on_select`` makes the element a widget reporting selections (``"rerun"`` or a callable);
    ``"ignore"`` does not; anything else is an error."""
    if on_select == "ignore":
        return False
    if on_select == "rerun" or callable(on_select):
        return True
    raise argument_error(command, "on_select", on_select, "use 'ignore', 'rerun' or a callable")
