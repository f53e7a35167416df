"""The element plugin API: what an element or widget command may use besides its container.

An element command is ``fn(dg, *args, **kwargs)`` registered with
``kernel_register_commands``; it adds its element with ``dg.add_element(kind, props)``
(``kind`` is the file stem of its renderer module). A *widget* command also calls
:func:`register_widget` first, which gives it the same machinery the core widgets
use: a stable widget id, the value the page reported (or the default), callbacks, and
``st.session_state[key]``. See ``docs/plugins.md`` ("Writing an element plugin").

It also holds what every element command needs and the core elements share with third
parties: argument checks whose errors name the command and the parameter
(:func:`argument_error`, :func:`check_choice`, :func:`check_width`, :func:`check_icon`, ...), and rich text
rendered on the server (:func:`clean_text`, :func:`render_markdown`, :func:`render_inline`,
:func:`sanitize_html`, from :mod:`kernel.contracts.markup`), link targets allowed in the
page (:func:`is_safe_url`), data as a pandas DataFrame
(:func:`to_frame`), images as URLs (:func:`image_url`, from :mod:`kernel.contracts.images`),
media files served by URL (:func:`add_media`, from
:mod:`kernel.contracts.media_files`), element data the page fetches as Arrow IPC (:func:`add_data`,
from :mod:`kernel.contracts.data_channel`) and other resources an element serves by URL while a page
shows them (:class:`SessionResources`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from kernel._errors import KernelError
from kernel._stash import StashKey
from kernel.context import get_run_context
from kernel.contracts.attribute_dict import AttributeDict
from kernel.contracts.data_channel import (
    ArrowBlob,
    DataQueryError,
    DataSource,
    add_data,
    arrow_stream,
    compact_column,
    json_beside,
)
from kernel.contracts.dataframes import to_frame
from kernel.contracts.delta_generator import Container
from kernel.contracts.element_args import (
    ElementArgumentError,
    argument_error,
    check_callback,
    check_choice,
    check_height,
    check_on_select,
    check_one_of,
    check_pixel_width,
    check_width,
    container_width,
)
from kernel.contracts.icons import check_icon, is_emoji, is_material_icon
from kernel.contracts.images import image_url, is_image_url, sniff_image
from kernel.contracts.markup import clean_text, render_inline, render_markdown, sanitize_html
from kernel.contracts.media_files import MediaFile, add_media
from kernel.contracts.safe_urls import SAFE_URL_SCHEMES, is_safe_url
from kernel.contracts.session_resources import SessionResources
from kernel.contracts.session_state import WidgetCallback
from kernel.contracts.widgets import PERSIST_MODES, Binding, FormInfo, WidgetEngine, WidgetRequest, form_of

__all__ = [
    "ArrowBlob",
    "AttributeDict",
    "Binding",
    "DataQueryError",
    "DataSource",
    "ElementArgumentError",
    "FormInfo",
    "MediaFile",
    "PERSIST_MODES",
    "SAFE_URL_SCHEMES",
    "SessionResources",
    "WidgetCallback",
    "WidgetSupportError",
    "add_data",
    "add_media",
    "argument_error",
    "arrow_stream",
    "check_callback",
    "check_choice",
    "check_height",
    "check_icon",
    "check_on_select",
    "check_one_of",
    "check_pixel_width",
    "check_width",
    "claim_key",
    "clean_text",
    "compact_column",
    "container_width",
    "form_of",
    "image_url",
    "is_emoji",
    "is_image_url",
    "is_material_icon",
    "is_safe_url",
    "json_beside",
    "register_widget",
    "render_inline",
    "render_markdown",
    "sanitize_html",
    "sniff_image",
    "to_frame",
    "widget_engine",
    "widget_id",
]


class WidgetSupportError(KernelError):
    """No widget engine serves this delta generator (no app reachable, or no plugin
    answers ``kernel_make_widget_engine``)."""


_ENGINE: StashKey[WidgetEngine] = StashKey("widget_engine")


def widget_engine(dg: Any, kind: str) -> WidgetEngine:
    """The widget engine of the app ``dg`` belongs to (the running script's app).

    Raises :class:`WidgetSupportError` naming ``st.<kind>`` when there is none.
    """
    ctx = get_run_context()
    app = ctx.app if ctx is not None else None
    if app is None and isinstance(dg, Container):
        app = dg._command_app()
    engine = app.stash.get(_ENGINE) if app is not None else None
    if engine is None and app is not None:
        engine = app.hook.kernel_make_widget_engine(app=app)
        if engine is not None:
            app.stash[_ENGINE] = engine
    if engine is None:
        why = ("no script is running and it belongs to no app" if app is None
               else "no plugin answers kernel_make_widget_engine")
        raise WidgetSupportError(
            f"st.{kind}: the delta generator {type(dg).__name__} cannot host widgets: {why}. Call widget commands "
            "from a running script, and keep the core widgets plugin enabled (or add one that makes a widget engine)"
        )
    return engine


def register_widget(dg: Any, kind: str, *, label: str, key: Any = None, identity: Iterable[Any] = (),
                    default: Any = None, coerce: Callable[[Any], Any] | None = None, trigger: bool = False,
                    on_change: Callable[..., Any] | None = None, args: Iterable[Any] | None = None,
                    kwargs: Mapping[str, Any] | None = None, publish: bool = True,
                    present: Callable[[Any], Any] | None = None, accept: Callable[[Any], Any] | None = None,
                    read_only: bool | None = None, disabled: bool = False, explicit_default: bool = False,
                    persist: str | None = None, bind: Binding | None = None) -> tuple[str, Any]:
    """Register a widget in the current run; return ``(widget_id, value)``.

    Call it from a widget command before adding the element, and put the returned id
    in the element's props as ``"id"`` so its renderer can report values for it
    (``ctx.widgets.set(id, value)``). The app's widget engine (``kernel_make_widget_engine``;
    the core ``widgets`` plugin) does the work; every core input registers this way too.

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
    :param present: turns the value into what ``st.session_state[key]`` shows (the value
        itself by default).
    :param accept: turns a value the user assigned to ``st.session_state[key]`` back into
        a widget value (``ValueError``: not valid here, the default is used; ``TypeError``:
        an error naming the key).
    :param read_only: refuse values assigned through session state (default: only for
        triggers).
    :param disabled: the widget is disabled: its callback does not run.
    :param explicit_default: the caller passed a non-default value; with a session-state
        value as well, a warning is logged once.
    :param persist: ``"page"`` or ``"session"`` keeps a keyed widget's value while it is
        not shown (on its page, or for the session); ``None`` forgets it.
    :param bind: a :class:`Binding` syncs a keyed widget with the URL query parameter
        named after its key, both ways.
    """
    if on_change is not None and not callable(on_change):
        raise TypeError(f"st.{kind}(on_change={on_change!r}): on_change must be a function or None")
    engine = widget_engine(dg, kind)
    callback = None if on_change is None else WidgetCallback(on_change, tuple(args or ()), dict(kwargs or {}))
    request = WidgetRequest(kind=kind, label=label, key=key, identity=tuple(identity), default=default,
                            coerce=coerce if coerce is not None else _identity, trigger=trigger, callback=callback,
                            publish=publish, present=present, accept=accept, read_only=read_only,
                            disabled=disabled, explicit_default=explicit_default, persist=persist, bind=bind)
    return engine.register(dg, request)


def widget_id(dg: Any, kind: str, key: Any = None, identity: Iterable[Any] = ()) -> str:
    """The id :func:`register_widget` gives this widget in the current run (same
    arguments), for a command that needs it before registering."""
    return widget_engine(dg, kind).widget_id(dg, kind, key, identity)


def claim_key(dg: Any, key: Any, what: str) -> None:
    """Record that ``what`` (e.g. ``"st.form"``), an element that is no widget, uses the
    user's ``key`` in this run: a widget or element using it again is a
    :class:`~kernel.contracts.DuplicateElementKey`."""
    widget_engine(dg, what.removeprefix("st.")).claim_key(key, what)


def _identity(value: Any) -> Any:
    return value
