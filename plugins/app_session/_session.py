"""One user's session: owns its queue, state and script runner; acts on client messages."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kernel import KernelApp, Stash
from kernel.contracts import ForwardMsgQueue, ScriptRunner, SessionState
from kernel.contracts.app_session import WAIT
from kernel.contracts.messages import (
    BackMsg,
    ClearCache,
    ErrorMsg,
    Heartbeat,
    Rerun,
    SessionStatus,
    SetRunOnSave,
    Stop,
    UploadCancel,
    UploadChunk,
    UploadStart,
)
from kernel.contracts.uploads import UploadError, discard_uploads, handle_upload_msg

if TYPE_CHECKING:
    from kernel.contracts import WidgetStore

JOIN_TIMEOUT = 3.0
"""Seconds :meth:`DefaultAppSession.close` waits for a running script thread to end: a
little more than the core runner's default grace period (``[runner]
stop_grace_seconds``, 2 s), after which it stops a script that reaches no ``st`` call
by force."""

log = logging.getLogger("kernel.app_session")


class DefaultAppSession:
    """A session made of components from their factory hooks.

    What a rerun request carries goes to the plugins that own it (the
    ``kernel_rerun_requested`` event); the script runner is made on the first run.
    """

    def __init__(self, app: KernelApp, session_id: str) -> None:
        self.id = session_id
        self.app = app
        self.stash = Stash()
        self.closed = False
        self.source_changed = False
        server = app.config.sections.get("server")
        self.run_on_save: bool = bool(getattr(server, "run_on_save", False))
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
    def widgets(self) -> WidgetStore:
        """The widget values the client reported: the store the session's state owns."""
        return self._state.widgets

    @property
    def runner(self) -> ScriptRunner:
        """The script runner, made on first use."""
        if self._runner is None:
            self._runner = self.app.make("script_runner", session=self)
        return self._runner

    def handle_back_msg(self, msg: BackMsg) -> None:
        """Act on one client message."""
        if isinstance(msg, Rerun):
            # The plugins that own what the request carries take their part; any of them
            # may drop the run it asks for (the state it carried still counts), or have it
            # wait for the run under way (a fragment's request never preempts a run).
            running = self._runner is not None and self._runner.is_running
            verdicts = self.app.hook.kernel_rerun_requested(session=self, request=msg, running=running)
            if False in verdicts:
                return
            self.request_rerun(wait=WAIT in verdicts)
        elif isinstance(msg, Stop):
            self.request_stop()
        elif isinstance(msg, ClearCache):
            self._clear_caches()
        elif isinstance(msg, SetRunOnSave):
            self.run_on_save = msg.enabled
            if msg.enabled and self.source_changed:
                self._request_full_rerun()
            else:
                self._send_status()
        elif isinstance(msg, Heartbeat):
            pass
        elif isinstance(msg, UploadStart | UploadChunk | UploadCancel):
            self._handle_upload(msg)
        else:  # pragma: no cover - decode_back_frame only yields the types above
            raise TypeError(f"unknown message {msg!r}")

    def _handle_upload(self, msg: UploadStart | UploadChunk | UploadCancel) -> None:
        # A file arriving in chunks goes to the session's spool; each step is acknowledged,
        # and a chunk that does not fit is refused as a bad frame without ending anything.
        try:
            answers = handle_upload_msg(self, msg)
        except UploadError as exc:
            answers = [ErrorMsg(str(exc), "bad_frame")]
        for answer in answers:
            self._queue.enqueue(answer)

    def _clear_caches(self) -> None:
        try:
            self.app.hook.kernel_clear_caches(app=self.app)
        except Exception:  # a failing cache backend must not end the session
            log.exception("session %s: clearing the caches failed", self.id)

    def _send_status(self) -> None:
        self._queue.enqueue(SessionStatus(run_on_save=self.run_on_save, source_changed=self.source_changed))

    def on_source_changed(self, paths: Sequence[Path]) -> None:
        """Rerun when run-on-save is on; otherwise tell the client the source changed."""
        if self.closed:
            return
        if self.run_on_save:
            self._request_full_rerun()
        else:
            self.source_changed = True
            self._send_status()

    def request_rerun(self, *, wait: bool = False) -> None:
        """Start a run, or interrupt the current one and rerun (with ``wait``, rerun once
        the current one has ended)."""
        if self.closed:
            return
        if self.source_changed:
            self.source_changed = False
            self._send_status()
        if wait:
            self.runner.request_rerun(wait=True)
        else:
            self.runner.request_rerun()

    def _request_full_rerun(self) -> None:
        """Rerun the whole app: the session's own reason (a changed source), so fragment
        requests waiting for the next run are covered by it."""
        from kernel.contracts.fragments import session_fragment_requests

        requests = session_fragment_requests(self)
        if requests is not None:
            requests.clear()
        self.request_rerun()

    def request_stop(self) -> None:
        """Stop the current run at its next ``st`` call."""
        if self._runner is not None:
            self._runner.request_stop()

    def close(self, reason: str) -> None:
        """Stop the script, wait for its thread, fire ``kernel_session_closed``."""
        if self.closed:
            return
        self.closed = True
        if self._runner is not None and not self._runner.join(JOIN_TIMEOUT):
            log.warning("session %s: the script thread did not stop within %.1fs; the runner goes on "
                        "stopping it (by force once its grace period is over)", self.id, JOIN_TIMEOUT)
        discard_uploads(self)  # spooled upload files go with the session
        self.app.hook.kernel_session_closed(session=self, reason=reason)
