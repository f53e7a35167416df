"""Runs a session's script in a worker thread, with stop and rerun at ``st`` calls."""

from __future__ import annotations

import sys
import threading
import traceback
from pathlib import Path
from types import CodeType
from typing import Any

from kernel.app import KernelApp
from kernel.context import RunContext, reset_run_context, set_run_context
from kernel.contracts import AppSession
from kernel.messages import Delta, Element, ScriptFinished, ScriptStarted


class StopRun(BaseException):
    """Raised at an ``st`` call to end the run because a stop was requested."""


class RerunRun(BaseException):
    """Raised at an ``st`` call to end the run because a rerun was requested."""


class _CompiledScript:
    """The script's code object, recompiled only when the file changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: tuple[float, int] | None = None
        self._code: CodeType | None = None
        self._lock = threading.Lock()

    def code(self) -> CodeType:
        stat = self.path.stat()
        stamp = (stat.st_mtime, stat.st_size)
        with self._lock:
            if self._code is None or stamp != self._stamp:
                self._code = compile(self.path.read_bytes(), str(self.path), "exec")
                self._stamp = stamp
            return self._code


class ThreadScriptRunner:
    """One worker thread per run loop; ``request_*`` are flags checked at ``st`` calls."""

    def __init__(self, app: KernelApp, session: AppSession) -> None:
        if app.script_path is None:
            raise ValueError("the app has no script to run (app.script_path is None)")
        self._app = app
        self._session = session
        self._script = _CompiledScript(Path(app.script_path))
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._rerun = False
        self._stop = False
        self._closed = False
        self._run_id = 0

    @property
    def is_running(self) -> bool:
        """Whether the worker thread is running the script."""
        thread = self._thread
        return thread is not None and thread.is_alive()

    def request_rerun(self) -> None:
        """Start a run, or make the current one end at its next ``st`` call and start over."""
        with self._lock:
            if self._closed:
                return
            if self.is_running:
                self._rerun = True
                return
            self._stop = False
            self._rerun = False
            self._thread = threading.Thread(target=self._loop, name=f"script-{self._session.id}", daemon=True)
            self._thread.start()

    def request_stop(self) -> None:
        """End the current run at its next ``st`` call."""
        with self._lock:
            self._stop = True
            self._rerun = False

    def join(self, timeout: float | None = None) -> bool:
        """Stop for good and wait for the thread; ``True`` if it ended in time."""
        with self._lock:
            self._closed = True
            self._stop = True
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def _checkpoint(self) -> None:
        if self._stop:
            raise StopRun
        if self._rerun:
            raise RerunRun

    def _loop(self) -> None:
        while True:
            outcome = self._run_once()
            with self._lock:
                if outcome == "rerun" and self._rerun and not self._closed:
                    self._rerun = False
                    continue
                self._thread = None if threading.current_thread() is self._thread else self._thread
                return

    def _run_once(self) -> str:
        self._run_id += 1
        run_id = self._run_id
        app, session = self._app, self._session
        ctx = RunContext(app=app, session=session, run_id=run_id, checkpoint=self._checkpoint)
        token = set_run_context(ctx)
        outcome = "ok"
        try:
            ctx.containers.append(app.make("delta_generator", session=session, root="main"))
            session.queue.enqueue(ScriptStarted(run_id))
            app.hook.kernel_script_run_started(session=session, run_id=run_id)
            script_dir = str(self._script.path.parent)
            if script_dir not in sys.path:
                sys.path.insert(0, script_dir)
            namespace: dict[str, Any] = {"__name__": "__main__", "__file__": str(self._script.path)}
            exec(self._script.code(), namespace)
        except StopRun:
            outcome = "stopped"
        except RerunRun:
            outcome = "rerun"
        except Exception as exc:
            outcome = "error"
            self._show_exception(exc)
        finally:
            session.queue.enqueue(ScriptFinished(run_id, outcome))
            app.hook.kernel_script_run_finished(session=session, run_id=run_id, outcome=outcome)
            reset_run_context(token)
        return outcome

    def _show_exception(self, exc: BaseException) -> None:
        frames = traceback.extract_tb(exc.__traceback__)
        # Hide the runner's own frame: the user's script is the first frame they wrote.
        frames = [f for f in frames if f.filename != __file__]
        props = {
            "type": type(exc).__name__,
            "message": self._redact(str(exc)),
            "traceback": [self._redact(line) for line in traceback.format_list(frames)],
        }
        self._session.queue.enqueue(Delta("main", (10**6,), Element("exception", props)))

    def _redact(self, text: str) -> str:
        # No leaks: every redactor plugins register (kernel_register_redactors; the
        # secrets plugin's masks secret values as ***) rewrites text bound for the page.
        for _, redactor in self._app.collect("kernel_register_redactors"):
            text = redactor(text)
        return text
