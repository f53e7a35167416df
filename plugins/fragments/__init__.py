"""Core plugin ``fragments``: ``st.fragment`` and ``st.dialog`` (a fragment shown in a modal).

It owns each session's requests for partial reruns (readable and writable through
:mod:`kernel.contracts.fragments`) and registry of fragments.
A run the session asked to be a fragment rerun becomes a partial one at its start
(``ctx.run_body``, ``ctx.run_scope``), in fresh containers made by the delta generator
plugin (``kernel_make_delta_generator`` with the fragment's path). What the widget
engine needs to know lives in :mod:`kernel.contracts.fragments`. ``st.rerun(scope=...)``
reaches it through ``runner_api``'s ``kernel_rerun_scope``.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kernel import Command, hookimpl, lazy_exports
from kernel.context import get_run_context
from kernel_plugins.fragments._requests import REQUESTS, FragmentRequests, fragment_requests, fragments_shown

if TYPE_CHECKING:
    import pluggy

    from kernel import KernelApp
    from kernel.context import RunContext
    from kernel.contracts import AppSession
    from kernel.contracts.messages import Rerun
    from kernel.testing.nodes import TestNodeType
    from kernel_plugins.fragments._dialog import DialogError, dialog
    from kernel_plugins.fragments._fragment import FragmentError, fragment

__all__ = ["DialogError", "FragmentError", "dialog", "fragment"]

# The machinery loads with the first run that calls a fragment, not with the server.
__getattr__ = lazy_exports(__name__, {
    "DialogError": "kernel_plugins.fragments._dialog:DialogError",
    "FragmentError": "kernel_plugins.fragments._fragment:FragmentError",
    "dialog": "kernel_plugins.fragments._dialog:dialog",
    "fragment": "kernel_plugins.fragments._fragment:fragment",
})

HERE = Path(__file__).parent


@hookimpl
def kernel_add_hookspecs(pm: pluggy.PluginManager) -> None:
    """Declare ``kernel_session_fragment_requests`` (:mod:`kernel.contracts.fragments`)."""
    from kernel.contracts import fragments
    from kernel.contracts.hookspecs import add_hookspecs_once

    add_hookspecs_once(pm, fragments)


@hookimpl(trylast=True)
def kernel_session_fragment_requests(session: AppSession) -> FragmentRequests:
    """The session's pending fragment requests, made on first use."""
    return fragment_requests(session)


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return [
        Command("fragment", "kernel_plugins.fragments._fragment:fragment", kind="module",
                renderer=HERE / "fragment.js"),
        Command("dialog", "kernel_plugins.fragments._dialog:dialog", kind="module", renderer=HERE / "dialog.js"),
    ]


@hookimpl
def kernel_register_test_nodes(app: KernelApp) -> Sequence[TestNodeType]:
    from kernel_plugins.fragments.apptest_nodes import NODE_TYPES

    return NODE_TYPES


@hookimpl(wrapper=True)
def kernel_script_run_started(session: AppSession, run_id: int) -> Generator[None, None, None]:
    """Around the other observers (the callbacks of the user's interaction among them):
    before them, make this a fragment run if fragments asked to rerun, so that what the
    callbacks write lands in the fragment; after them, if every callback named fragments
    with ``st.rerun("<key>")``, make it a rerun of just those."""
    found = get_run_context()
    ctx = found if found is not None and found.session is session else None
    requests = session.stash.get(REQUESTS)
    wanted = requests.take() if ctx is not None and requests is not None else ()
    if ctx is not None and requests is not None and _rerun_pending(ctx):
        # A full run was asked for as this one started, before it took the requests
        # (it ends at its first st call): the requests wait for that run, which covers them.
        requests.clear()
        wanted = ()
    if ctx is not None and wanted:
        from kernel_plugins.fragments._fragment import begin_fragment_run

        begin_fragment_run(ctx, wanted)
    yield
    if ctx is not None:
        from kernel.contracts.fragments import RERUN_TARGETS

        if ctx.stash.get(RERUN_TARGETS):
            from kernel_plugins.fragments._fragment import retarget

            retarget(ctx)


def _rerun_pending(ctx: RunContext) -> bool:
    """Whether the run's checkpoint would end it for a rerun asked for meanwhile."""
    from kernel.contracts.script_runner import RerunRun, StopRun

    try:
        ctx.checkpoint()
    except RerunRun:
        return True
    except StopRun:
        return False  # the run stops at its next st call, as it would have
    return False


@hookimpl
def kernel_script_run_finished(session: AppSession, run_id: int, outcome: str) -> None:
    """After a complete full run, forget the fragments it did not call."""
    ctx = get_run_context()
    if ctx is not None and ctx.session is session:
        from kernel_plugins.fragments._fragment import end_run

        end_run(ctx, outcome)


@hookimpl
def kernel_rerun_requested(session: AppSession, request: Rerun, running: bool) -> bool | str | None:
    """Record a fragment's rerun request: it never preempts a run under way but waits for it
    (a full run asked for before it covers it); drop a fragment's timer during a run."""
    if request.fragment_id is None:
        if session.stash.get(REQUESTS) is not None or fragments_shown(session):
            fragment_requests(session).clear()  # a full run covers the fragments' requests
        return None
    if request.is_auto_rerun and running:
        return False  # a timer never interrupts a run
    fragment_requests(session).add(request.fragment_id)
    if running:
        from kernel.contracts.app_session import WAIT

        return WAIT
    return None
    return None


@hookimpl(optionalhook=True)
def kernel_rerun_scope(session: AppSession, scope: object) -> bool | None:
    """``st.rerun(scope="fragment")`` and fragment keys from a callback (``runner_api``'s hook)."""
    from kernel_plugins.fragments._fragment import rerun_scope

    return rerun_scope(session, scope)


@hookimpl
def kernel_warm_up() -> None:
    """The fragment run bookkeeping (loaded with the first run otherwise)."""
    import kernel_plugins.fragments._fragment  # noqa: F401
