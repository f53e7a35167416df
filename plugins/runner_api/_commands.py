"""``st.stop`` and ``st.rerun``: they end the run through the ScriptRunner contract."""

from __future__ import annotations

from typing import Any, NoReturn

from kernel.context import get_run_context
from kernel.contracts.hookspecs import call_declared_hook
from kernel.contracts.script_runner import RerunRun, StopRun


def stop() -> NoReturn:
    """``st.stop()``: end the run here, quietly; the page keeps what this run wrote."""
    raise StopRun


def rerun(scope: Any = "app") -> None:
    """``st.rerun()``: end this run now and start a new one with the same widget values.

    ``scope="app"`` (the default) reruns the whole script; inside the callbacks of the
    user's interaction it does nothing, since the run that follows is the rerun. Other
    scopes belong to the plugins that answer ``kernel_rerun_scope``: with the core
    plugins, ``scope="fragment"`` reruns just the fragment it is called in (during that
    fragment's own rerun), and fragment keys from a widget callback make the
    interaction's rerun one of just those fragments.
    """
    ctx = get_run_context()
    runner = ctx.runner if ctx is not None else None
    if ctx is None or runner is None:
        raise RuntimeError("st.rerun() can only be called while a script runs")
    if scope == "app" and ctx.in_callback:
        return  # in a widget callback: the rerun it belongs to is about to run the script anyway
    taken = call_declared_hook(ctx.app.hook, "kernel_rerun_scope", session=ctx.session, scope=scope)
    if taken is None and scope != "app":
        raise ValueError(f"st.rerun(scope={scope!r}): no plugin reruns that scope; use st.rerun() (scope='app') to "
                         "rerun the whole app. Partial reruns (scope='fragment', fragment keys) come from the "
                         "fragments plugin: is it disabled (-p no:fragments)?")
    if taken is False:
        return
    runner.request_rerun()
    raise RerunRun
