"""The run template: what every run of a script does, whichever runner executes it.

A :class:`kernel.contracts.ScriptRunner` owns threads, flags and how a script file
is executed; :func:`execute_run` owns the obligations of a run that the rest of the
app relies on, so a replacement runner keeps them without copying them:

1. a :class:`kernel.context.RunContext` set for the calling thread, with the main
   root container from ``kernel_make_delta_generator``;
2. ``ScriptStarted``, then ``kernel_script_run_started`` (whose observers may make
   the run a partial one, point it at another file, or end it with an error);
3. the body: ``ctx.run_body()`` for a partial run, else the runner's ``execute(ctx)``;
4. the outcome: ``"ok"``, ``"stopped"`` (:class:`~kernel.contracts.StopRun`,
   ``SystemExit``; a :class:`~kernel.contracts.script_runner.RunAborted` also shows its
   message), ``"rerun"`` (:class:`~kernel.contracts.RerunRun`) or ``"error"``,
   with an uncaught exception shown through the ``exception`` command;
5. ``kernel_script_run_finished``, then ``ScriptFinished`` with the run's scope.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kernel.context import RunContext, reset_run_context, set_run_context
from kernel.contracts.messages import ScriptFinished, ScriptStarted
from kernel.contracts.script_runner import RerunRun, RunAborted, StopRun

if TYPE_CHECKING:
    from kernel._app import KernelApp
    from kernel.contracts import AppSession, ScriptRunner

__all__ = ["execute_run"]

log = logging.getLogger("kernel.runs")


def execute_run(app: KernelApp, session: AppSession, run_id: int, *, runner: ScriptRunner,
                checkpoint: Callable[[], None], execute: Callable[[RunContext], None]) -> str:
    """Run the session's script once in the calling thread; return the run's outcome.

    :param runner: the runner calling (``st.rerun()`` asks it for the next run).
    :param checkpoint: raises :class:`~kernel.contracts.StopRun` or
        :class:`~kernel.contracts.RerunRun` when a stop or rerun was requested; every
        ``st`` call calls it.
    :param execute: executes ``ctx.script_path`` in the calling thread (the runner
        decides how: compilation, ``sys.argv``, the module namespace). The run's
        ``ctx.run_file(path)`` calls it too, for another file within the run.
    """
    script = Path(app.script_path) if app.script_path is not None else None
    ctx = RunContext(app=app, session=session, run_id=run_id, checkpoint=checkpoint, runner=runner,
                     script_path=script)

    def run_file(path: Path) -> None:
        outer = ctx.script_path
        ctx.script_path = path
        try:
            execute(ctx)
        finally:
            ctx.script_path = outer

    ctx.run_file = run_file
    token = set_run_context(ctx)
    outcome = "error"
    try:
        ctx.containers.append(app.make("delta_generator", session=session, root="main"))
        session.queue.enqueue(ScriptStarted(run_id))
        outcome = _body(app, session, ctx, execute)
    except Exception:
        log.exception("session %s: run %d could not start", session.id, run_id)
    finally:
        # The end-of-run hooks (cleaning up after the run) come before the client hears
        # the run finished: a request it sends on ScriptFinished then meets the settled
        # state, and what the hooks write is part of the run. The run is over: an st
        # call in a hook must not unwind it for a stop or rerun asked for meanwhile (the
        # runner acts on that request next), or the other hooks and the ScriptFinished
        # would be skipped.
        ctx.checkpoint = _after_the_run
        try:
            app.hook.kernel_script_run_finished(session=session, run_id=run_id, outcome=outcome)
        except (StopRun, RerunRun):
            pass  # st.stop() in a hook ends just the hooks; st.rerun() leaves its request to the runner
        except Exception:
            log.exception("session %s: a kernel_script_run_finished hook failed", session.id)
        session.queue.enqueue(ScriptFinished(run_id, outcome, scope=ctx.run_scope))
        reset_run_context(token)
    return outcome


def _body(app: KernelApp, session: AppSession, ctx: RunContext, execute: Callable[[RunContext], None]) -> str:
    try:
        # Observers (callbacks of the user's interaction among them) run inside the try:
        # an error there is shown like a script error and ends the run before the body.
        app.hook.kernel_script_run_started(session=session, run_id=ctx.run_id)
        ctx.checkpoint()
        if ctx.run_body is not None:
            ctx.run_body()  # a partial run: the plugin that set it runs instead of the script
        else:
            execute(ctx)
    except RunAborted as exc:
        show_aborted(ctx, exc)
        return "stopped"
    except StopRun:
        return "stopped"
    except RerunRun:
        return "rerun"
    except SystemExit:
        return "stopped"  # sys.exit() in a script ends the run quietly, like st.stop()
    except (Exception, KeyboardInterrupt) as exc:
        try:
            if not _handled_elsewhere(app, ctx, exc):
                show_exception(ctx, exc)
        except (StopRun, RerunRun):
            pass
        return "error"
    return "ok"


def _handled_elsewhere(app: KernelApp, ctx: RunContext, exc: BaseException) -> bool:
    """Whether a ``kernel_script_error`` hook took care of ``exc`` (so it is not shown).

    Interrupts and a syntax error of the script itself are always shown.
    """
    if isinstance(exc, KeyboardInterrupt) or (
            isinstance(exc, SyntaxError) and ctx.script_path is not None and exc.filename == str(ctx.script_path)):
        return False
    try:
        return bool(app.hook.kernel_script_error(session=ctx.session, error=exc))
    except (StopRun, RerunRun):
        raise
    except Exception:
        log.exception("session %s: a kernel_script_error hook failed; the error is shown", ctx.session.id)
        return False


def show_exception(ctx: RunContext, exc: BaseException) -> None:
    """Show ``exc`` through the ``exception`` command, in ``ctx.error_container`` or the
    main root (even when raised inside another root); log it when no command can."""
    command = ctx.app.commands.get("exception")
    if not ctx.containers or command is None:
        log.error("session %s: the script raised %s and no st.exception command can show it",
                  ctx.session.id, type(exc).__name__)
        return
    command.load()(ctx.error_container or ctx.containers[0], exc)


def show_aborted(ctx: RunContext, exc: RunAborted) -> None:
    """Show why the run was aborted (:func:`show_exception`). The run is over: the
    checkpoint does not interrupt the message, though a stop was requested meanwhile."""
    checkpoint, ctx.checkpoint = ctx.checkpoint, _after_the_run
    try:
        show_exception(ctx, exc)
    except Exception:
        log.exception("session %s: showing why run %d was stopped failed", ctx.session.id, ctx.run_id)
    finally:
        ctx.checkpoint = checkpoint


def _after_the_run() -> None:
    """The checkpoint of a run whose script ended: nothing left to unwind."""

