"""A session driven without a network: for tests, benchmarks and tools."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Sequence
from typing import Any

from kernel import KernelApp
from kernel.contracts import AppSession
from kernel.contracts.messages import BackMsg, ForwardMsg, Rerun, ScriptFinished


class HeadlessSession:
    """A session made through the factory hook whose outgoing messages are collected in memory.

    ``run()`` sends a rerun request and waits for the run to finish; it returns the
    messages the browser would have received, in order.
    """

    def __init__(self, app: KernelApp) -> None:
        self.session: AppSession = app.make("app_session", session_id=uuid.uuid4().hex)
        self._ready = threading.Event()
        self.session.queue.set_listener(lambda urgent: self._ready.set())

    def send(self, msg: BackMsg) -> None:
        """Hand ``msg`` to the session as if the client sent it."""
        self.session.handle_back_msg(msg)

    def collect(self, until_finished: bool = True, timeout: float = 10.0) -> list[ForwardMsg]:
        """Messages flushed until a run finishes (not interrupted for a rerun); with
        ``until_finished=False``, just what is queued now. Raises ``TimeoutError``."""
        out: list[ForwardMsg] = []
        deadline = time.monotonic() + timeout
        while True:
            self._ready.clear()
            msgs = self.session.queue.flush()
            out.extend(msgs)
            if until_finished and any(isinstance(m, ScriptFinished) and m.status != "rerun" for m in msgs):
                return out
            if not until_finished:
                return out
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no finished run within {timeout}s; got {out!r}")
            self._ready.wait(remaining)

    def run(self, widget_states: dict[str, Any] | None = None, trigger: str | None = None,
            timeout: float = 10.0, changed: Sequence[str] | None = None) -> list[ForwardMsg]:
        """Rerun with ``widget_states`` and return the messages of the finished run.

        ``changed`` is :attr:`kernel.contracts.messages.Rerun.changed` (``None``: a client that does
        not send it, so the server infers changes by comparing values)."""
        self.send(Rerun(widget_states or {}, trigger, changed=None if changed is None else tuple(changed)))
        return self.collect(timeout=timeout)

    def close(self) -> None:
        """Close the session (stops the script)."""
        self.session.close("headless")
