"""A lock-protected in-memory queue of forward messages."""

from __future__ import annotations

import threading
from collections.abc import Callable

from kernel.contracts import ForwardMsgQueueStatistics
from kernel.messages import ForwardMsg


class MemoryForwardMsgQueue:
    """Thread-safe FIFO of forward messages; calls ``on_enqueue`` to wake a flusher."""

    def __init__(self, on_enqueue: Callable[[], None] | None = None) -> None:
        self._lock = threading.Lock()
        self._msgs: list[ForwardMsg] = []
        self._enqueued = 0
        self._flushed = 0
        self.on_enqueue = on_enqueue

    def enqueue(self, msg: ForwardMsg) -> None:
        """Append ``msg`` (from any thread) and wake the flusher."""
        with self._lock:
            self._msgs.append(msg)
            self._enqueued += 1
        if self.on_enqueue is not None:
            self.on_enqueue()

    def flush(self) -> list[ForwardMsg]:
        """Remove and return every queued message."""
        with self._lock:
            msgs, self._msgs = self._msgs, []
            self._flushed += len(msgs)
        return msgs

    def statistics(self) -> ForwardMsgQueueStatistics:
        """Current counters."""
        with self._lock:
            return ForwardMsgQueueStatistics(len(self._msgs), self._enqueued, self._flushed)
