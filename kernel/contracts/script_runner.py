"""The ScriptRunner contract: runs the user's script in its own thread."""

from __future__ import annotations

import functools
from typing import Protocol, runtime_checkable

__all__ = ["ForcedStop", "RerunRun", "RunAborted", "RunLimitExceeded", "ScriptRunner", "StopRun"]


class StopRun(BaseException):
    """Ends the current run quietly: ``st.stop()`` raises it, and so does a run's
    checkpoint when a stop was requested. A runner catches it and ends the run with
    the outcome ``"stopped"`` (:func:`kernel.runs.execute_run` does this)."""


class RerunRun(BaseException):
    """Ends the current run so that the next one starts: ``st.rerun()`` raises it after
    asking the runner for a rerun, and so does a run's checkpoint when a rerun was
    requested. A runner catches it, ends the run with the outcome ``"rerun"`` and starts
    the next run."""


class RunAborted(StopRun):
    """Ends the run with a message for the page: :func:`kernel.runs.execute_run` shows it
    (through the ``exception`` command, with the traceback of where the run was) and
    ends the run with the outcome ``"stopped"``. ``str(exc)`` is the message, which
    says what happened and how to avoid it."""


class ForcedStop(RunAborted):
    """Raised in a script thread by its runner, with the interpreter's asynchronous
    exception mechanism, when the script ignored a stop or rerun request (or its
    session's end) for longer than the runner's grace period: a loop that makes no
    ``st`` call never meets a checkpoint.

    The interpreter makes the exception without arguments, so its message is the
    class attribute :attr:`message`: a runner raises a subclass made by :meth:`saying`.
    """

    message = ("The script was stopped by force: it did not reach an st call soon enough "
               "after a request to stop or rerun.")

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else self.message

    @classmethod
    def saying(cls, message: str) -> type[ForcedStop]:
        """A subclass (also named ``ForcedStop``) whose instances say ``message``."""
        return _forced_stop_saying(message)


@functools.lru_cache(maxsize=32)
def _forced_stop_saying(message: str) -> type[ForcedStop]:
    return type("ForcedStop", (ForcedStop,), {"message": message, "__module__": __name__,
                                              "__qualname__": "ForcedStop"})


class RunLimitExceeded(RunAborted):
    """A run went past a limit on what it may write (elements, output waiting to be
    sent): the message names the limit, its value and the option that raises it."""


@runtime_checkable
class ScriptRunner(Protocol):
    """Runs a session's script in a worker thread; reruns and stops it on request.

    Made by ``kernel_make_script_runner`` for a session. ``request_*`` methods are
    called from the trio main thread and return at once; the script thread notices
    them at its next ``st`` call (its run context's ``checkpoint`` raises
    :class:`StopRun` or :class:`RerunRun`). :meth:`request_rerun` is also called from
    the run's own script thread (``st.rerun()``, just before it raises
    :class:`RerunRun`): the next run must then start once the current one ended.

    A runner executes each run with :func:`kernel.runs.execute_run`, which keeps the
    obligations every run has (the run context, the run hooks, a partial run, showing
    an uncaught exception, ``ScriptStarted``/``ScriptFinished``); the runner supplies
    the thread, the checkpoint and how a script file is executed.
    """

    @property
    def is_running(self) -> bool:
        """Whether a run is in progress (or requested and about to start).

        A runner's thread goes idle a moment after its last run enqueued
        ``ScriptFinished``, so a request a client sends on receiving it may still see
        ``True`` (the session passes this to ``kernel_rerun_requested`` as ``running``;
        a fragment's request then waits for that run instead of interrupting it).
        """
        ...

    def request_rerun(self, *, wait: bool = False) -> None:
        """Start a run, or ask the current one to stop and start over.

        With ``wait=True`` a run under way is not interrupted: the next run starts once
        it has ended (the session asks so for a fragment's request, which never
        preempts a run, see ``kernel_rerun_requested``). Several requests made during a
        run still make one next run; an interrupting one among them wins. A request
        made while a run was asked for and has not started yet is that run: the run
        takes what every request before its start delivered (widget values, a button's
        trigger), so it is not interrupted for them (it would end at its first ``st``
        call, and what it took would be lost with it).
        """
        ...

    def request_stop(self) -> None:
        """Ask the current run to stop at its next ``st`` call."""
        ...

    def join(self, timeout: float | None = None) -> bool:
        """Stop the worker thread and wait for it; ``True`` if it has ended."""
        ...
