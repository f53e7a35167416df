"""A replacement ``app_session``: client messages become hooks and runner calls.

Everything a rerun request carries (widget values, the URL, the page, a fragment) is
taken by the plugins that own it through ``kernel_rerun_requested``; the session only
decides whether to run. No run-on-save: a source change just tells the page.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kernel import hookimpl
from kernel._stash import Stash
from kernel.contracts.app_session import WAIT
from kernel.contracts.messages import BackMsg, ClearCache, Rerun, SessionStatus, SetRunOnSave, Stop

log = logging.getLogger(__name__)


class SimpleSession:
    """One user's session; its queue and state come from their factory hooks."""

    def __init__(self, app: Any, session_id: str) -> None:
        self.id = session_id
        self.app = app
        self.stash = Stash()
        self.queue = app.make("forward_msg_queue", session=self)
        self.state = app.make("session_state", session=self)
        self._runner: Any = None
        self._closed = False

    @property
    def runner(self) -> Any:
        """The script runner, made on first use."""
        if self._runner is None:
            self._runner = self.app.make("script_runner", session=self)
        return self._runner

    def handle_back_msg(self, msg: BackMsg) -> None:
        """Act on one client message."""
        if isinstance(msg, Rerun):
            running = self._runner is not None and self._runner.is_running
            verdicts = self.app.hook.kernel_rerun_requested(session=self, request=msg, running=running)
            if False not in verdicts:
                self.request_rerun(wait=WAIT in verdicts)
        elif isinstance(msg, Stop):
            self.request_stop()
        elif isinstance(msg, ClearCache):
            self.app.hook.kernel_clear_caches(app=self.app)
        elif isinstance(msg, SetRunOnSave):
            self.queue.enqueue(SessionStatus(run_on_save=False, source_changed=False))

    def request_rerun(self, *, wait: bool = False) -> None:
        """Start a run, or interrupt the current one and rerun (with ``wait``, after it)."""
        if not self._closed:
            self.runner.request_rerun(wait=wait)

    def request_stop(self) -> None:
        """Stop the current run at its next ``st`` call."""
        if self._runner is not None:
            self._runner.request_stop()

    def on_source_changed(self, paths: Sequence[Path]) -> None:
        """Tell the page the source changed (it offers a rerun)."""
        self.queue.enqueue(SessionStatus(run_on_save=False, source_changed=True))

    def close(self, reason: str) -> None:
        """Stop the script, then fire ``kernel_session_closed`` (once)."""
        if self._closed:
            return
        self._closed = True
        if self._runner is not None and not self._runner.join(2.0):
            log.warning("session %s: the script did not stop within 2 s", self.id)
        self.app.hook.kernel_session_closed(session=self, reason=reason)


@hookimpl
def kernel_make_app_session(app: Any, session_id: str) -> SimpleSession:
    """A :class:`SimpleSession`."""
    return SimpleSession(app, session_id)
