"""One user's session: owns its queue, state and script runner; acts on client messages."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from kernel.app import KernelApp
from kernel.client_info import client_info
from kernel.contracts import ForwardMsgQueue, ScriptRunner, SessionState
from kernel.fragments import clear_fragment_requests, fragment_requests
from kernel.messages import BackMsg, ClearCache, Heartbeat, PageInfo, Rerun, SessionStatus, SetRunOnSave, Stop
from kernel.navigation import session_pages
from kernel.query_string import query_string
from kernel.stash import Stash
from kernel.widgets import WidgetStates, widget_states

JOIN_TIMEOUT = 2.0
"""Seconds :meth:`DefaultAppSession.close` waits for a running script thread to end."""

log = logging.getLogger("kernel.app_session")


class DefaultAppSession:
    """A session made of components from their factory hooks.

    Widget values from the client go to the session's :class:`kernel.widgets.WidgetStates`
    (the seam widget commands read from); the script runner is made on the first run.
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
    def widgets(self) -> WidgetStates:
        """The widget values the client reported."""
        return widget_states(self)

    @property
    def runner(self) -> ScriptRunner:
        """The script runner, made on first use."""
        if self._runner is None:
            self._runner = self.app.make("script_runner", session=self)
        return self._runner

    def handle_back_msg(self, msg: BackMsg) -> None:
        """Act on one client message."""
        if isinstance(msg, Rerun):
            if msg.query_string is not None:
                self._take_query_string(msg.query_string, msg)
            if msg.context is not None:  # the first rerun of a connection
                client_info(self).set_browser(msg.context)
                session_pages(self).client_reset()
            if msg.page is not None:
                session_pages(self).request(msg.page)
            busy = self._runner is not None and self._runner.is_running
            dropped = msg.fragment_id is not None and msg.is_auto_rerun and busy  # a timer never interrupts
            # Values are taken even when the rerun is dropped: the client sends its changes (held
            # on_change="ignore" values) once, and they count at the next run.
            self.widgets.update(msg.widget_states, None if dropped else msg.trigger, msg.changed)
            if dropped:
                return
            if msg.fragment_id is not None and not busy:
                fragment_requests(self).add(msg.fragment_id)
            else:
                clear_fragment_requests(self)  # a full run (it also covers the fragment)
            self.request_rerun()
        elif isinstance(msg, Stop):
            self.request_stop()
        elif isinstance(msg, ClearCache):
            self._clear_caches()
        elif isinstance(msg, SetRunOnSave):
            self.run_on_save = msg.enabled
            if msg.enabled and self.source_changed:
                self.request_rerun()
            else:
                self._send_status()
        elif isinstance(msg, Heartbeat):
            pass
        else:  # pragma: no cover - decode_back_frame only yields the types above
            raise TypeError(f"unknown message {msg!r}")

    def _take_query_string(self, text: str, msg: Rerun) -> None:
        """Take the page's query string when it navigated; else the session's stands, and the
        first request of a connection whose URL differs (a server change lost with the old
        connection) gets the session's URL back."""
        store = query_string(self)
        taken = store.report(text, navigation=msg.navigation)
        if not taken and msg.context is not None and not store.matches(text):
            self._queue.enqueue(PageInfo(store.text()))

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
            self.request_rerun()
        else:
            self.source_changed = True
            self._send_status()

    def request_rerun(self) -> None:
        """Start a run, or interrupt the current one and rerun."""
        if self.closed:
            return
        if self.source_changed:
            self.source_changed = False
            self._send_status()
        self.runner.request_rerun()

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
            log.warning("session %s: the script thread did not stop within %.1fs; it is left to end "
                        "at its next st call", self.id, JOIN_TIMEOUT)
        self.app.hook.kernel_session_closed(session=self, reason=reason)
