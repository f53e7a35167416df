"""What the widget engine does around each run: callbacks before the script, and after
it the reset of a submitted ``clear_on_submit`` form and the cleanup of widgets the run
did not show.

After a complete run, everything about widgets that run did not show is dropped,
including their keys in session state, unless the user assigned the key in that run or
the widget was created with ``persist_state``: ``"session"`` keeps it for the session,
``"page"`` only while the session stays on the page it was last shown on.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from kernel.context import get_run_context
from kernel.contracts import AppSession
from kernel.contracts.fragments import RERUN_TARGETS
from kernel.contracts.session_state import MISSING, WidgetCallback, WidgetMeta
from kernel.contracts.widgets import FormInfo
from kernel_plugins.widgets._engine import current_page
from kernel_plugins.widgets._query_binding import RUN_BOUND, unbind_gone

__all__ = ["clear_submitted_form", "forget_widgets", "run_callbacks", "submitted_clearing_form"]


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
    page = current_page(session)
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
        bound: set[str] = ctx.stash.get(RUN_BOUND) or set()
        unbind_gone(session, (keep - shown) | bound)
    else:
        unbind_gone(session, keep)
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
