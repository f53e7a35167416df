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

import logging
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from kernel.context import RunContext, get_run_context
from kernel.contracts import AppSession, DeltaGenerator
from kernel.contracts.elements import (
    DuplicateElementId,
    DuplicateElementKey,
    DuplicateWidgetID,
    InvalidFormCallbackError,
    InvalidLayoutContextError,
    ValueAssignmentNotAllowedError,
)
from kernel.contracts.fragments import FRAGMENT_STACK, RERUN_TARGETS
from kernel.contracts.pages import session_pages
from kernel.contracts.session_state import MISSING, WidgetCallback, WidgetMeta, WidgetStore
from kernel.errors import KernelError
from kernel.messages import PageInfo
from kernel.stash import StashKey

__all__ = [
    "AT_DEFAULT",
    "FORMS",
    "Binding",
    "RUN_KEYS",
    "RUN_WIDGETS",
    "Callback",
    "DuplicateWidgetID",
    "FormInfo",
    "claim_key",
    "clear_submitted_form",
    "submitted_clearing_form",
    "forget_widgets",
    "form_of",
    "register_widget",
    "run_callbacks",
    "widget_id",
    "widget_id_for",
]

log = logging.getLogger("kernel.widgets")

RUN_WIDGETS: StashKey[dict[str, str]] = StashKey("run_widget_ids")
"""Widget ids registered in the current run (id -> kind), kept in the run context's stash."""
RUN_KEYS: StashKey[dict[str, str]] = StashKey("run_widget_keys")
"""User keys used in the current run (key -> what used it), for every keyed element."""
FORMS: StashKey[dict[tuple[str, tuple[int, ...]], FormInfo]] = StashKey("run_forms")
"""Forms created in the current run, by the (root, path) of their container."""
WARNED: StashKey[set[str]] = StashKey("widget_default_warned")
"""Keys already warned about a default that session state overrides (session stash)."""

Callback = WidgetCallback
"""A widget's ``on_change``/``on_click`` with its ``args`` and ``kwargs``."""

PERSIST_MODES = (None, "page", "session")
"""The values of a widget's ``persist_state``."""

NOT_IN_FORM = frozenset({"button", "download_button", "chat_input"})
"""Widget kinds that cannot be placed inside ``st.form``."""


@attrs.frozen
class Binding:
    """How a widget with ``bind="query-params"`` shows its value in the page URL.

    ``to_url`` turns the widget's value into the parameter's values (one string, or
    several for a repeated parameter); ``from_url`` turns the parameter's values back
    into a raw value as the web client would report it (the widget's ``coerce`` then
    checks and clamps it; ``ValueError``/``TypeError`` from either means "not a value
    of this widget": the URL is corrected instead).
    """

    to_url: Callable[[Any], list[str]]
    from_url: Callable[[list[str]], Any]


BOUND: StashKey[dict[str, tuple[str, tuple[str, ...]]]] = StashKey("query_bound_widgets")
"""Session stash: widget id -> (query parameter, its values as last synced with the widget)."""
RUN_BOUND: StashKey[set[str]] = StashKey("run_bound_widgets")
"""Run context: the widgets this run synced with the URL (``bind="query-params"``)."""


@attrs.define
class FormInfo:
    """A form of the current run: its id (the key), whether it clears on submit, and
    where its container is (with the props it was sent with)."""

    form_id: str
    clear_on_submit: bool = False
    root: str = "main"
    path: tuple[int, ...] = ()
    props: dict[str, Any] = attrs.field(factory=dict)


def widget_id(kind: str, key: Any, identity: Iterable[Any], root: str, form: str = "", page: str = "") -> str:
    """The stable id of a widget.

    Without a ``key`` every value-shaping parameter (``identity``), the root container
    and the enclosing form participate, so changing them makes a new widget. With a
    ``key`` only the key and the widget's short whitelist of parameters (also in
    ``identity``) do.
    """
    import hashlib  # here, not at start-up

    parts: tuple[Any, ...] = (kind, key, tuple(identity), None if key is not None else root)
    if form and key is None:
        parts = (*parts, form)
    if page:  # the page whose code made the widget (kernel.context.RunContext.id_scope)
        parts = (*parts, ("page", page))
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=8).hexdigest()
    return f"{kind}-{digest}" if key is None else f"{kind}-{digest}-{key}"


def form_of(dg: DeltaGenerator, ctx: RunContext | None = None) -> FormInfo | None:
    """The form ``dg`` writes into (directly or through nested containers), if any."""
    ctx = ctx or get_run_context()
    if ctx is None:
        return None
    forms = ctx.stash.get(FORMS)
    if not forms:
        return None
    path = tuple(dg.path)
    for depth in range(len(path), -1, -1):
        form = forms.get((dg.root, path[:depth]))
        if form is not None:
            return form
    return None


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
    arguments), for a command whose ``present`` needs it before registering."""
    return _placed_id(get_run_context(), dg, kind, key, identity)[0]


def _placed_id(ctx: RunContext | None, dg: DeltaGenerator, kind: str, key: Any,
               identity: Iterable[Any]) -> tuple[str, FormInfo | None]:
    """The widget's id where ``dg`` writes in this run (form, page), and its form."""
    form = form_of(dg, ctx) if ctx is not None else None
    page = ctx.id_scope if ctx is not None else ""
    return widget_id(kind, key, identity, dg.root, form.form_id if form is not None else "", page), form


def register_widget(
    dg: DeltaGenerator,
    kind: str,
    *,
    label: str,
    key: Any,
    identity: Iterable[Any],
    default: Any,
    coerce: Callable[[Any], Any],
    trigger: bool = False,
    callback: Callback | None = None,
    publish: bool = True,
    present: Callable[[Any], Any] | None = None,
    accept: Callable[[Any], Any] | None = None,
    read_only: bool | None = None,
    disabled: bool = False,
    explicit_default: bool = False,
    persist: str | None = None,
    bind: Binding | None = None,
) -> tuple[str, Any]:
    """Register a widget for this run and return ``(id, value)``.

    ``coerce`` turns the client's raw value into the widget's value (raising
    ``ValueError``/``TypeError`` for one it cannot use: the default is used instead).
    ``present`` turns the value into what ``st.session_state[key]`` shows (identity by
    default) and ``accept`` turns a value the user assigned there back into a widget
    value (``ValueError`` means "not valid here": the default is used). A trigger widget
    (a button) is ``True`` only in the run its click started; it and other
    ``read_only`` widgets refuse values assigned through session state.
    ``callback`` runs at the start of a later run whose value for this widget changed
    (or whose trigger fired), unless ``disabled``. ``explicit_default`` says the caller
    passed a non-default ``value``: combined with a session-state value it logs a
    warning once. ``persist`` (``"page"``/``"session"``) keeps a keyed widget's value
    while it is not shown. ``bind`` syncs a keyed widget with the URL query parameter
    named after its key, both ways (see :func:`_sync_query_param`).

    ``publish=False`` leaves ``st.session_state[key]`` alone: the value is not shown
    there, a value assigned there is not taken, and the key is not locked. No core
    widget uses it; it stays for :func:`kernel.elements.register_widget`, whose
    ``publish`` parameter plugin widgets may pass.
    """
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
        value = _sync_query_param(session, states, wid, kind, skey, bind, coerce, value, default,
                                  widget_first=assigned or wid in states.changed())
    if form is not None and form.clear_on_submit and not trigger:
        _note_default(ctx, wid, value, default)
    fragments = ctx.stash.get(FRAGMENT_STACK)
    states.remember(wid, WidgetMeta(kind=kind, key=skey, coerce=coerce, present=show, default=default,
                                    callback=callback, trigger=trigger, disabled=bool(disabled), form=form_id,
                                    persist=persist, fragment=fragments[-1] if fragments else "",
                                    page=_current_page(session) if persist == "page" else None))
    if managed and skey is not None:
        state.set_widget_value(skey, show(value))
        state.lock_widget_key(skey, f"st.{kind}")
    return wid, value


def _sync_query_param(session: AppSession, states: WidgetStore, wid: str, kind: str, param: str, bind: Binding,
                      coerce: Callable[[Any], Any], value: Any, default: Any, *, widget_first: bool) -> Any:
    """Sync a bound widget with the URL parameter ``param``; return the widget's value.

    When the URL's values differ from those last synced (a URL opened or edited, back or
    forward) and the widget did not change in this run, the URL wins: its value becomes
    the widget's (as if assigned through session state; no parameter = the default).
    Then the URL shows the widget's value, and no parameter while it is the default.
    """
    store = session.state.query_string
    store.bind(param, f"st.{kind}(key={param!r})")
    synced = session.stash.setdefault(BOUND, {})
    pairs = store.pairs()
    current = tuple(v for k, v in pairs if k == param)
    last = synced.get(wid)
    if not widget_first and (last is None or last[1] != current) and (current or last is not None):
        try:
            value = coerce(bind.from_url(list(current))) if current else default
        except (TypeError, ValueError, IndexError):
            pass  # not a value of this widget: the URL is corrected below
        else:
            states.set_server_value(wid, value)
    wanted = tuple(bind.to_url(value))
    if wanted == tuple(bind.to_url(default)):
        wanted = ()
    if wanted != current and store.replace(param, wanted):
        session.queue.enqueue(PageInfo(store.text()))
    synced[wid] = (param, wanted)
    return value


def _unbind_gone(session: AppSession, kept: set[str]) -> None:
    """Release the URL parameters of bound widgets not in ``kept`` (gone, or no longer bound)."""
    synced = session.stash.get(BOUND)
    if not synced:
        return
    store = session.state.query_string
    for wid in [w for w in synced if w not in kept]:
        param, _ = synced.pop(wid)
        if not any(p == param for p, _ in synced.values()):
            store.unbind(param)


def _check_form_rules(kind: str, label: str, form_id: str, callback: Callback | None) -> None:
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


AT_DEFAULT: StashKey[set[str]] = StashKey("form_widgets_at_default")
"""Run context: widgets of ``clear_on_submit`` forms that show their default in this run."""


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


def run_callbacks(session: AppSession) -> None:
    """Apply the client's changes to session state, then call the callbacks of widgets
    whose value changed (or trigger fired) for this run, in the order they changed."""
    state = session.state
    states = state.widgets
    pending: list[WidgetCallback] = []
    for wid in states.changed():
        meta = states.meta(wid)
        if meta is None:
            continue
        if meta.trigger:
            if not states.triggered(wid):
                continue
            value: Any = True
        else:
            raw = states.get(wid, MISSING)
            try:
                value = meta.coerce(raw) if raw is not MISSING else meta.default
            except (TypeError, ValueError):
                value = meta.default
        if meta.key is not None:
            state.set_widget_value(meta.key, meta.present(value))
        if meta.callback is not None and not meta.disabled:
            pending.append(meta.callback)
    if not pending:
        return
    ctx = get_run_context()
    if ctx is None:
        for callback in pending:
            callback()
        return
    ctx.in_callback = True
    targets = ctx.stash.setdefault(RERUN_TARGETS, [])
    every_one_retargeted = True
    try:
        for callback in pending:
            before = len(targets)
            callback()
            every_one_retargeted = every_one_retargeted and len(targets) > before
    finally:
        ctx.in_callback = False
    if not every_one_retargeted:
        targets.clear()  # another callback of this interaction wants the whole app


def forget_widgets(session: AppSession, keep: Iterable[str], fragments: Iterable[str] | None = None) -> None:
    """After a complete run: drop everything about widgets that run did not show, and
    their keys in session state (see the module docs for what is kept). For a fragment
    run (``fragments`` = the ids it reran) only widgets of those fragments can go.

    A widget with ``persist_state="page"`` stays while the page this run showed is the
    one the session was on when the widget was last shown; the widgets this run showed
    record that page now (one made before ``st.navigation`` picked the page saw the
    previous run's page)."""
    states = session.state.widgets
    ran = None if fragments is None else set(fragments)
    page = _current_page(session)
    shown = set(keep)
    metas = states.metas()
    for wid in shown:
        meta = metas.get(wid)
        if meta is not None and meta.persist == "page" and meta.page != page:
            states.remember(wid, attrs.evolve(meta, page=page))
    keep = shown | {wid for wid, meta in metas.items() if _kept(meta, page, ran)}
    ctx = get_run_context()
    if ctx is not None and ctx.session is session:
        # Shown without bind this run: no longer bound either.
        _unbind_gone(session, (keep - shown) | ctx.stash.get(RUN_BOUND, set()))
    else:
        _unbind_gone(session, keep)
    for meta in states.keep_only(keep):
        if meta.key is not None:
            session.state.drop_widget_key(meta.key)


def _kept(meta: WidgetMeta, page: str | None, ran: set[str] | None) -> bool:
    """Whether a widget the run did not show outlives it."""
    if ran is not None and meta.fragment not in ran:
        return True  # a fragment run decides only about its own widgets
    if meta.persist == "session":
        return True
    return meta.persist == "page" and meta.page == page


def submitted_clearing_form(session: AppSession, forms: dict[tuple[str, tuple[int, ...]], FormInfo]) -> str | None:
    """The id of the ``clear_on_submit`` form whose submit button started this run, if any."""
    states = session.state.widgets
    trigger = states.trigger
    meta = states.meta(trigger) if trigger is not None else None
    if meta is None or meta.kind != "form_submit_button" or not meta.form:
        return None
    if not any(f.form_id == meta.form and f.clear_on_submit for f in forms.values()):
        return None
    return meta.form


def clear_submitted_form(session: AppSession, forms: dict[tuple[str, tuple[int, ...]], FormInfo]) -> list[str]:
    """If this run was started by the submit button of a ``clear_on_submit`` form, reset
    that form's widgets to their defaults for the runs that follow; return their ids."""
    form_id = submitted_clearing_form(session, forms)
    if form_id is None:
        return []
    states = session.state.widgets
    cleared = []
    for wid, other in states.metas().items():
        if other.form == form_id and not other.trigger:
            states.reset(wid)
            cleared.append(wid)
            if other.key is not None:
                session.state.set_widget_value(other.key, other.present(other.default))
    return cleared


def _current_page(session: AppSession) -> str | None:
    """The URL path of the page the session's last run showed (``None``: no pages)."""
    pages = session_pages(session)
    return pages.current() if pages is not None else None
