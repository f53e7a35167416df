"""Widget identity and values: ids from kind, key and parameters; values from the session.

The rules (Streamlit's, see ``rerun-semantics.md``):

* a widget's value is, in this order: a value the user assigned to
  ``st.session_state[key]`` since the widget last took it (before its line, in a
  callback, or before the first run); a value the server set that way earlier and
  the client has not changed since; the client's reported value; the default;
* a keyed widget mirrors its value into ``st.session_state[key]``; assigning that key
  later in the same run is an error, and so is assigning the key of a read-only widget;
* callbacks of widgets whose value changed (or that fired) run before the script, in
  the order the widgets changed, with session state already updated;
* after a complete run, everything about widgets that run did not show is dropped,
  including their keys in session state, unless the user assigned the key in that run
  or the widget was created with ``persist_state``: ``"session"`` keeps it for the
  session, ``"page"`` only while the session stays on the page it was last shown on.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from typing import Any

from kernel import KernelError, StashKey
from kernel.context import RunContext, get_run_context
from kernel.contracts import AppSession, DeltaGenerator
from kernel.contracts.elements import (
    DuplicateElementId,
    DuplicateElementKey,
    InvalidFormCallbackError,
    InvalidLayoutContextError,
    ValueAssignmentNotAllowedError,
)
from kernel.contracts.fragments import FRAGMENT_STACK
from kernel.contracts.pages import session_pages
from kernel.contracts.session_state import MISSING, WidgetCallback, WidgetMeta, WidgetStore
from kernel.contracts.widgets import AT_DEFAULT, PERSIST_MODES, FormInfo, WidgetRequest, form_of
from kernel_plugins.widgets._query_binding import RUN_BOUND, changed_by_user, sync_query_param

__all__ = [
    "RUN_KEYS",
    "RUN_WIDGETS",
    "CoreWidgetEngine",
    "claim_key",
    "current_page",
    "register_widget",
    "widget_id",
    "widget_id_for",
]

log = logging.getLogger("kernel.widgets")

RUN_WIDGETS: StashKey[dict[str, str]] = StashKey("run_widget_ids")
"""Widget ids registered in the current run (id -> kind), kept in the run context's stash."""
RUN_KEYS: StashKey[dict[str, str]] = StashKey("run_widget_keys")
"""User keys used in the current run (key -> what used it), for every keyed element."""
WARNED: StashKey[set[str]] = StashKey("widget_default_warned")
"""Keys already warned about a default that session state overrides (session stash)."""

NOT_IN_FORM = frozenset({"button", "download_button", "chat_input"})
"""Widget kinds that cannot be placed inside ``st.form``."""


class CoreWidgetEngine:
    """The core :class:`~kernel.contracts.widgets.WidgetEngine` (stateless: what it
    knows lives in the session's state and stash and in the run context)."""

    def register(self, dg: DeltaGenerator, request: WidgetRequest) -> tuple[str, Any]:
        """Register the widget for this run; see :func:`register_widget`."""
        return register_widget(dg, request)

    def widget_id(self, dg: DeltaGenerator, kind: str, key: Any, identity: Iterable[Any]) -> str:
        """The id the widget gets in the current run; see :func:`widget_id_for`."""
        return widget_id_for(dg, kind, key, identity)

    def claim_key(self, key: Any, what: str) -> None:
        """Record a keyed element of this run; see :func:`claim_key`."""
        ctx = get_run_context()
        if ctx is not None:
            claim_key(ctx, key, what)


def current_page(session: AppSession) -> str | None:
    """The URL path of the page the session's last run showed (``None``: no pages)."""
    pages = session_pages(session)
    return pages.current() if pages is not None else None


def widget_id(kind: str, key: Any, identity: Iterable[Any], root: str, form: str = "", page: str = "") -> str:
    """The stable id of a widget.

    Without a ``key`` every value-shaping parameter (``identity``), the root container
    and the enclosing form participate, so changing them makes a new widget. With a
    ``key`` only the key and the widget's short whitelist of parameters (also in
    ``identity``) do.
    """
    identity = tuple(identity)
    parts: tuple[Any, ...] = (kind, key, identity, None if key is not None else root)
    if form and key is None:
        parts = (*parts, form)
    if page:  # the page whose code made the widget (kernel.context.RunContext.id_scope)
        parts = (*parts, ("page", page))
    # The same widget asks again in every run: its id is remembered when equal parts are sure
    # to give the same repr (see _PLAIN_TYPES); the types go in the memo's key, so 1 and True
    # (equal, and of one hash) stay apart.
    # Only short strings: the memo keeps its keys, and a default such as a whole document
    # would stay alive (up to _IDS_MAX of them) for no gain.
    types = (type(key), *map(type, identity))
    memoizable = _PLAIN_TYPES.issuperset(types) and not any(
        type(v) is str and len(v) > _MEMO_STR_MAX for v in (key, *identity))
    if memoizable:
        found = _IDS.get((parts, types))
        if found is not None:
            return found
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=8).hexdigest()
    wid = f"{kind}-{digest}" if key is None else f"{kind}-{digest}-{key}"
    if memoizable:
        if len(_IDS) >= _IDS_MAX:
            _IDS.clear()
        _IDS[(parts, types)] = wid
    return wid


_PLAIN_TYPES = frozenset({str, int, bool, type(None)})
"""Types whose equal values of one type have one repr (unlike floats: 0.0 == -0.0, or
containers of mixed types), so equal parts of equal types give one widget id."""

_IDS: dict[tuple[Any, ...], str] = {}
"""Widget ids by (parts, their types), for identities of plain values only; emptied when full."""

_IDS_MAX = 8192

_MEMO_STR_MAX = 256
"""A longer string in a widget's key or identity (a default text, a long label) is hashed
each time, not kept in the memo."""


def claim_key(ctx: RunContext, key: Any, what: str) -> None:
    """Record that ``what`` (e.g. ``"st.form"``) uses user ``key`` in this run; a second
    element with the same key raises :class:`~kernel.contracts.DuplicateElementKey`."""
    keys = ctx.stash.setdefault(RUN_KEYS, {})
    skey = str(key)
    if skey in keys:
        raise DuplicateElementKey(
            f"There are multiple elements with the same key={key!r} ({keys[skey]} and {what}). "
            f"Give each element a unique key, e.g. key={f'{skey}_2'!r}."
        )
    keys[skey] = what


def widget_id_for(dg: DeltaGenerator, kind: str, key: Any, identity: Iterable[Any]) -> str:
    """The id :func:`register_widget` gives this widget in the current run (same
    arguments), for a command that needs it before registering."""
    return _placed_id(get_run_context(), dg, kind, key, identity)[0]


def _placed_id(ctx: RunContext | None, dg: DeltaGenerator, kind: str, key: Any,
               identity: Iterable[Any]) -> tuple[str, FormInfo | None]:
    """The widget's id where ``dg`` writes in this run (form, page), and its form."""
    form = form_of(dg, ctx) if ctx is not None else None
    page = ctx.id_scope if ctx is not None else ""
    return widget_id(kind, key, identity, dg.root, form.form_id if form is not None else "", page), form


def register_widget(dg: DeltaGenerator, request: WidgetRequest) -> tuple[str, Any]:
    """Register a widget for this run and return ``(id, value)`` (see
    :func:`kernel.elements.register_widget` for what the request's fields mean).

    The value is, in this order: a value the user assigned to ``st.session_state[key]``
    (``accept`` turns it into a widget value); one the server set that way earlier and
    the client has not changed since; the client's reported value (``coerce``d); the
    default. A trigger widget (a button) is ``True`` only in the run its click started;
    it and other ``read_only`` widgets refuse values assigned through session state.
    ``publish=False`` leaves ``st.session_state[key]`` alone: the value is not shown
    there, a value assigned there is not taken, and the key is not locked.
    """
    kind, label, key, identity, default = request.kind, request.label, request.key, request.identity, request.default
    coerce, trigger, callback, publish = request.coerce, request.trigger, request.callback, request.publish
    present, accept, read_only, persist, bind = (request.present, request.accept, request.read_only,
                                                 request.persist, request.bind)
    disabled, explicit_default = request.disabled, request.explicit_default
    if key == "":
        raise KernelError(f"st.{kind}(key='') is not a valid key; use a non-empty string or int, or leave it out")
    ctx = get_run_context()
    wid, form = _placed_id(ctx, dg, kind, key, identity)
    form_id = form.form_id if form is not None else ""
    if ctx is None:
        return wid, default
    if persist not in PERSIST_MODES:
        raise KernelError(f"st.{kind}(persist_state={persist!r}): persist_state must be None, 'page' or 'session'")
    if persist is not None and key is None:
        raise KernelError(f"st.{kind}(persist_state={persist!r}) needs a key: pass key='...' as well")
    if form is not None:
        _check_form_rules(kind, label, form_id, callback)
    seen = ctx.stash.setdefault(RUN_WIDGETS, {})
    if key is not None:
        claim_key(ctx, key, f"st.{kind}")
    if wid in seen:
        raise DuplicateElementId(
            f"There are multiple {kind} widgets with the same auto-generated ID (label {label!r} and the same "
            f"parameters). Give each one a unique key, e.g. st.{kind}({label!r}, key='{kind}_2')."
        )
    seen[wid] = kind
    session = ctx.session
    state = session.state
    states = state.widgets
    skey = None if key is None else str(key)
    show = present or _same
    managed = skey is not None and publish
    assigned, user_value = state.take_assigned(skey) if managed and skey is not None else (False, None)
    if assigned and (trigger if read_only is None else read_only):
        raise ValueAssignmentNotAllowedError(
            f"Values for the st.{kind} with key {key!r} cannot be set using st.session_state: it is read-only. "
            f"Remove the assignment st.session_state[{key!r}] = ..."
        )
    if trigger:
        value: Any = states.triggered(wid)
    elif assigned:
        if explicit_default:
            _warn_default_and_state(session, kind, str(skey))
        value = _accepted(accept, user_value, default, kind, str(skey))
        states.set_server_value(wid, value)
    else:
        value = _current_value(states, wid, coerce, default)
    if bind is not None and skey is not None and not trigger:
        ctx.stash.setdefault(RUN_BOUND, set()).add(wid)
        user_changed = changed_by_user(ctx, wid)
        value = sync_query_param(session, states, wid, kind, skey, bind, coerce, value, default,
                                  widget_first=assigned or user_changed, user_changed=user_changed)
    if form is not None and form.clear_on_submit and not trigger:
        _note_default(ctx, wid, value, default)
    fragments = ctx.stash.get(FRAGMENT_STACK)
    states.remember(wid, WidgetMeta(kind=kind, key=skey, coerce=coerce, present=show, default=default,
                                    callback=callback, trigger=trigger, disabled=bool(disabled), form=form_id,
                                    persist=persist, fragment=fragments[-1] if fragments else "",
                                    page=current_page(session) if persist == "page" else None))
    if managed and skey is not None:
        state.set_widget_value(skey, show(value))
        state.lock_widget_key(skey, f"st.{kind}")
    return wid, value


def _check_form_rules(kind: str, label: str, form_id: str, callback: WidgetCallback | None) -> None:
    if kind in NOT_IN_FORM:
        raise InvalidLayoutContextError(
            f"st.{kind}() can't be used in an st.form() (form {form_id!r}). Use st.form_submit_button() "
            f"inside the form, or move st.{kind}() out of the `with st.form(...)` block."
        )
    if callback is not None and kind != "form_submit_button":
        raise InvalidFormCallbackError(
            f"st.{kind}({label!r}) is inside st.form({form_id!r}) and has a callback. Within a form, only "
            "st.form_submit_button may have a callback (on_click); move the logic there."
        )


def _current_value(states: WidgetStore, wid: str, coerce: Callable[[Any], Any], default: Any) -> Any:
    """A value the server set and the client has not changed since; else the client's
    value (coerced; the default if it cannot be used); else the default."""
    value = states.server_value(wid)
    if value is not MISSING:
        return value
    raw = states.get(wid, MISSING)
    if raw is MISSING:
        return default
    try:
        return coerce(raw)
    except (TypeError, ValueError):
        return default


def _note_default(ctx: RunContext, wid: str, value: Any, default: Any) -> None:
    try:
        same = bool(value == default)
    except Exception:  # noqa: BLE001 - values with exotic equality: just do not remember them
        same = False
    if same:
        ctx.stash.setdefault(AT_DEFAULT, set()).add(wid)


def _same(value: Any) -> Any:
    return value


def _accepted(accept: Callable[[Any], Any] | None, value: Any, default: Any, kind: str, key: str) -> Any:
    if accept is None:
        return value
    try:
        return accept(value)
    except ValueError:
        return default
    except TypeError as exc:
        raise TypeError(f"st.session_state[{key!r}] holds {value!r} ({type(value).__name__}), which st.{kind} "
                        f"cannot take: {exc}") from None


def _warn_default_and_state(session: AppSession, kind: str, key: str) -> None:
    warned = session.stash.setdefault(WARNED, set())
    if key in warned:
        return
    warned.add(key)
    log.warning('The widget st.%s with key "%s" was created with a default value but also had its value set '
                "via st.session_state; the session-state value is used. Drop one of the two.", kind, key)


