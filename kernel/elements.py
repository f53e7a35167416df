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
:func:`sanitize_html`, from :mod:`kernel.markup`), data as a pandas DataFrame
(:func:`to_frame`), media files served by URL (:func:`add_media`, from
:mod:`kernel.media_files`) and other resources an element serves by URL while a page
shows them (:class:`SessionResources`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol, runtime_checkable

from kernel.dataframes import to_frame
from kernel.element_args import (
    ElementArgumentError,
    argument_error,
    check_choice,
    check_height,
    check_width,
    container_width,
)
from kernel.errors import KernelError
from kernel.markup import render_inline, render_markdown, sanitize_html
from kernel.media_files import MediaFile, add_media
from kernel.session_resources import SessionResources

__all__ = [
    "ElementArgumentError",
    "MediaFile",
    "SessionResources",
    "WidgetHost",
    "WidgetSupportError",
    "add_media",
    "argument_error",
    "check_choice",
    "check_height",
    "check_width",
    "container_width",
    "register_widget",
    "render_inline",
    "render_markdown",
    "sanitize_html",
    "to_frame",
]


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
