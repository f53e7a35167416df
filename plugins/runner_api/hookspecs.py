"""Hooks of the ``runner_api`` plugin (declared through ``kernel_add_hookspecs``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kernel.contracts.hookspecs import hookspec

if TYPE_CHECKING:
    from kernel.contracts import AppSession


@hookspec(firstresult=True)
def kernel_rerun_scope(session: AppSession, scope: object) -> bool | None:
    """``st.rerun(scope=...)`` was called: the plugin that owns ``scope`` takes it.

    **Called:** in the script thread of ``session``'s run (the run context is set), by
    ``st.rerun`` before anything else, for every scope: also for ``"app"``, so that a
    plugin holding requests for partial reruns can drop them (a full run covers them;
    it returns ``None`` then). Not called for ``"app"`` inside the callbacks of the
    user's interaction (``ctx.in_callback``): the run under way is the rerun.

    :param session: the session whose script runs.
    :param scope: what the caller passed: ``"app"``, or anything else a plugin owns
        (the fragments plugin owns ``"fragment"`` and fragment keys).
    :return: ``None`` when the scope is not the impl's (the next impl is asked; when
        none takes a scope other than ``"app"``, ``st.rerun`` raises ``ValueError``);
        ``True`` when the run must end now for the rerun (``st.rerun`` asks the runner
        for the next run and raises ``RerunRun``); ``False`` when the request is
        recorded and the run goes on (``st.rerun`` returns). An impl raises for a
        scope it owns but cannot honour here, with a message that says why.
        First result wins.
    """
