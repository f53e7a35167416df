"""The element plugin API: what an element or widget command may use besides its container.

An element command is ``fn(dg, *args, **kwargs)`` registered with
``kernel_register_commands``; it adds its element with ``dg.add_element(kind, props)``
(``kind`` is the file stem of its renderer module). A *widget* command also calls
:func:`register_widget` first, which gives it the same machinery the core widgets
use: a stable widget id, the value the page reported (or the default), callbacks, and
``st.session_state[key]``. See ``docs/plugins.md`` ("Writing an element plugin").

It also holds what every element command needs and the core elements share with third
parties: argument checks whose errors name the command and the parameter
(:func:`argument_error`, :func:`check_choice`, :func:`check_width`, ...), and rich text
rendered on the server (:func:`render_markdown`, :func:`render_inline`,
:func:`sanitize_html`, from :mod:`kernel.markup`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol, runtime_checkable

from kernel.errors import KernelError
from kernel.markup import render_inline, render_markdown, sanitize_html

__all__ = [
    "ElementArgumentError",
    "WidgetHost",
    "WidgetSupportError",
    "argument_error",
    "check_choice",
    "check_height",
    "check_width",
    "container_width",
    "register_widget",
    "render_inline",
    "render_markdown",
    "sanitize_html",
]


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


class WidgetSupportError(KernelError):
    """The delta generator in use cannot host widgets (a replacement without ``register_widget``)."""


@runtime_checkable
class WidgetHost(Protocol):
    """A delta generator that can register widgets (the core one can)."""

    def register_widget(self, kind: str, *, label: str, key: Any, identity: Iterable[Any], default: Any,
                        coerce: Callable[[Any], Any], trigger: bool = False,
                        on_change: Callable[..., Any] | None = None, args: Iterable[Any] | None = None,
                        kwargs: Mapping[str, Any] | None = None, publish: bool = True) -> tuple[str, Any]:
        """Register a widget of ``kind`` for this run; see :func:`register_widget`."""
        ...


def register_widget(dg: Any, kind: str, *, label: str, key: Any = None, identity: Iterable[Any] = (),
                    default: Any = None, coerce: Callable[[Any], Any] | None = None, trigger: bool = False,
                    on_change: Callable[..., Any] | None = None, args: Iterable[Any] | None = None,
                    kwargs: Mapping[str, Any] | None = None, publish: bool = True) -> tuple[str, Any]:
    """Register a widget in the current run; return ``(widget_id, value)``.

    Call it from a widget command before adding the element, and put the returned id
    in the element's props as ``"id"`` so its renderer can report values for it
    (``ctx.widgets.set(id, value)``).

    :param dg: the container the command was called on.
    :param kind: the widget's kind (part of its id).
    :param label: shown in error messages (e.g. duplicate widgets).
    :param key: the user's ``key``; with one, the value is ``st.session_state[key]``.
    :param identity: the parameters that make two widgets different (used without a key).
    :param default: the value before the page reported one.
    :param coerce: turns the reported JSON value into the Python value; raise
        ``TypeError``/``ValueError`` to reject it (the default is used instead).
    :param trigger: a one-shot widget (a button): the value is ``True`` for exactly the
        run its click started; the renderer calls ``ctx.widgets.trigger(id)``.
    :param on_change: a callback run at the start of the next run in which the value
        changed (or the trigger fired), with ``args`` and ``kwargs``.
    :param publish: also store the value as ``st.session_state[key]`` (and take a value
        assigned there, and lock the key once the widget exists). ``False`` leaves that
        key to the command; the key still names the widget and may be used once per run.
    """
    if not isinstance(dg, WidgetHost):
        raise WidgetSupportError(
            f"st.{kind}: the delta generator {type(dg).__name__} cannot host widgets (it has no register_widget); "
            "use the core delta_generator plugin or give the replacement that method"
        )
    return dg.register_widget(kind, label=label, key=key, identity=identity, default=default,
                              coerce=coerce if coerce is not None else _identity, trigger=trigger,
                              on_change=on_change, args=args, kwargs=kwargs, publish=publish)


def _identity(value: Any) -> Any:
    return value
