"""One user's session: owns its queue, state and script runner."""

from __future__ import annotations

from typing import Any

from kernel.app import KernelApp
from kernel.contracts import ForwardMsgQueue, ScriptRunner, SessionState
from kernel.messages import BackMsg, ClearCache, Heartbeat, Rerun, Stop
from kernel.stash import Stash

JOIN_TIMEOUT = 2.0
"""Seconds :meth:`AppSession.close` waits for the script thread to end."""


class DefaultAppSession:
    """A session made of components from their factory hooks."""

    def __init__(self, app: KernelApp, session_id: str) -> None:
        self.id = session_id
        self.app = app
        self.stash = Stash()
        self.widget_states: dict[str, Any] = {}
        self.closed = False
        self._queue: ForwardMsgQueue = app.make("forward_msg_queue", session=self)
        self._state: SessionState = app.make("session_state", session=self)
        self._runner: ScriptRunner | None = None

    @property
    def state(self) -> SessionState:
        """This session's state."""
        return self._state

    @property
    def queue(self) -> ForwardMsgQueue:
        """This session's outgoing queue."""
        return self._queue

    @property
    def runner(self) -> ScriptRunner:
        """The script runner, made on first use."""
        if self._runner is None:
            self._runner = self.app.make("script_runner", session=self)
        return self._runner

    def handle_back_msg(self, msg: BackMsg) -> None:
        """Dispatch one client message."""
        if isinstance(msg, Rerun):
            self.widget_states.update(msg.widget_states)
            self.request_rerun()
        elif isinstance(msg, Stop):
            self.request_stop()
        elif isinstance(msg, ClearCache):
            for name in ("cache_data", "cache_resource"):
                command = self.app.commands.get(name)
                if command is not None:
                    command.target.clear()
        elif isinstance(msg, Heartbeat):
            pass

    def request_rerun(self) -> None:
        """Start or restart a run."""
        if not self.closed:
            self.runner.request_rerun()

    def request_stop(self) -> None:
        """Stop the current run."""
        if self._runner is not None:
            self._runner.request_stop()

    def close(self, reason: str) -> None:
        """Stop the script, wait for its thread, fire ``kernel_session_closed``."""
        if self.closed:
            return
        self.closed = True
        if self._runner is not None:
            self._runner.join(JOIN_TIMEOUT)
        self.app.hook.kernel_session_closed(session=self, reason=reason)
