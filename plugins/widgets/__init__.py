"""Core plugin ``widgets``: the widget engine behind :func:`kernel.elements.register_widget`.

It answers ``kernel_make_widget_engine`` (ids, values, ``st.session_state`` keys, the
rules of forms, ``bind="query-params"``), runs the callbacks of changed widgets at the
start of a run, and at its end resets a submitted ``clear_on_submit`` form and forgets
widgets the run did not show. Every widget, core or third party, registers through
that public door. Start-up imports only this module; the engine loads with the first
run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kernel import hookimpl
from kernel.context import get_run_context

if TYPE_CHECKING:
    from kernel import KernelApp
    from kernel.contracts import AppSession
    from kernel.contracts.widgets import WidgetEngine


@hookimpl(trylast=True)
def kernel_make_widget_engine(app: KernelApp) -> WidgetEngine:
    from kernel_plugins.widgets._engine import CoreWidgetEngine

    return CoreWidgetEngine()


@hookimpl
def kernel_script_run_started(session: AppSession, run_id: int) -> None:
    """Give this run its trigger and changes (with those an interrupted run left), then
    call callbacks of widgets the client changed."""
    from kernel_plugins.widgets._query_binding import take_unsynced
    from kernel_plugins.widgets._run_lifecycle import run_callbacks

    session.state.widgets.begin_run()
    ctx = get_run_context()
    if ctx is not None and ctx.session is session:
        take_unsynced(session, ctx)
    session.state.unlock_widget_keys()
    run_callbacks(session)


@hookimpl
def kernel_script_run_finished(session: AppSession, run_id: int, outcome: str) -> None:
    """Unlock widget keys; reset a submitted ``clear_on_submit`` form (its widget ids go
    to the run's ``FORM_CLEARED`` for the plugin that draws forms); after a run
    interrupted for a rerun, leave the user's changes it did not reach to the next run;
    after a complete run, forget widgets that run did not show."""
    from kernel.contracts.fragments import FRAGMENTS_RERUN
    from kernel.contracts.widgets import FORM_CLEARED, FORMS
    from kernel_plugins.widgets._engine import RUN_WIDGETS
    from kernel_plugins.widgets._query_binding import carry_unsynced
    from kernel_plugins.widgets._run_lifecycle import clear_submitted_form, forget_widgets

    session.state.unlock_widget_keys()
    ctx = get_run_context()
    if ctx is not None and ctx.session is session:
        carry_unsynced(session, ctx, outcome)
        cleared = clear_submitted_form(session, ctx.stash.get(FORMS, {}))
        if cleared:
            ctx.stash[FORM_CLEARED] = cleared
        if outcome == "ok":
            ran = ctx.stash.get(FRAGMENTS_RERUN)
            shown: dict[str, str] = ctx.stash.get(RUN_WIDGETS) or {}
            forget_widgets(session, shown, ran)


@hookimpl
def kernel_warm_up() -> None:
    """The widget engine and the run lifecycle (loaded with the first run otherwise)."""
    import kernel_plugins.widgets._engine  # noqa: F401
    import kernel_plugins.widgets._query_binding  # noqa: F401
    import kernel_plugins.widgets._run_lifecycle  # noqa: F401
