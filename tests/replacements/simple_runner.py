"""A replacement ``script_runner``: one thread per burst of runs, two flags, and
:func:`kernel.runs.execute_run` for everything a run owes the app.

``st.stop()``/``st.rerun()`` (the essential ``runner_api`` plugin) work with it because
they use only the contract: ``ctx.runner.request_rerun()`` and the ``StopRun``/``RerunRun``
exceptions its checkpoint also raises. No magic (bare expressions are not written).
"""

from __future__ import annotations

import threading
from typing import Any

from kernel import hookimpl
from kernel.context import RunContext
from kernel.contracts.script_runner import RerunRun, StopRun
from kernel.runs import execute_run


class SimpleRunner:
    """Runs the script in a thread while reruns are requested; stops at the next ``st`` call."""

    def __init__(self, app: Any, session: Any) -> None:
        self._app = app
        self._session = session
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._rerun = self._stop = self._closed = False
        self._again = False  # a run asked for that waits for the current one
        self._run_id = 0

    @property
    def is_running(self) -> bool:
        """Whether the thread is running (or about to)."""
        return self._thread is not None

    def request_rerun(self, *, wait: bool = False) -> None:
        """Start a run, or end the current one at its next ``st`` call and run again (with
        ``wait``, once it has ended on its own)."""
        with self._lock:
            if self._closed:
                return
            if wait and self._thread is not None:
                self._again = True
                return
            self._rerun, self._stop = True, False
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="simple-runner", daemon=True)
                self._thread.start()

    def request_stop(self) -> None:
        """End the current run at its next ``st`` call."""
        with self._lock:
            self._stop, self._rerun, self._again = self._thread is not None, False, False

    def join(self, timeout: float | None = None) -> bool:
        """Stop for good and wait for the thread."""
        with self._lock:
            self._closed = self._stop = True
            thread = self._thread
        if thread is None or thread is threading.current_thread():
            return thread is None
        thread.join(timeout)
        return not thread.is_alive()

    def _checkpoint(self) -> None:
        if self._stop:
            raise StopRun
        if self._rerun:
            raise RerunRun

    def _loop(self) -> None:
        while True:
            with self._lock:
                if not (self._rerun or self._again) or self._closed:
                    self._thread = None
                    return
                self._rerun = self._stop = self._again = False
            self._run_id += 1
            execute_run(self._app, self._session, self._run_id, runner=self, checkpoint=self._checkpoint,
                        execute=_execute)


def _execute(ctx: RunContext) -> None:
    assert ctx.script_path is not None
    code = compile(ctx.script_path.read_bytes(), str(ctx.script_path), "exec")
    exec(code, {"__name__": "__main__", "__file__": str(ctx.script_path)})


@hookimpl
def kernel_make_script_runner(app: Any, session: Any) -> SimpleRunner:
    """Every session gets a :class:`SimpleRunner`."""
    return SimpleRunner(app, session)

