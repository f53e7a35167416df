"""A replacement ``forward_msg_queue``: a list under a lock that sends every message.

It skips nothing (the core queue leaves out elements the page already shows), so what
it owes the page beyond order is the listener and the trims: it counts, per container,
the children the page has and the children the current run wrote.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import attrs

from kernel import hookimpl
from kernel.contracts import ForwardMsgQueueStatistics
from kernel.contracts.messages import (
    CLEANUP_STATUSES,
    ContainerRef,
    Delta,
    ForwardMsg,
    ScriptFinished,
    ScriptStarted,
    Trim,
)

Where = tuple[str, tuple[int, ...]]
"""A container: its root and its path."""


class PlainQueue:
    """Thread-safe FIFO of one session's messages (see the module docstring)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._msgs: list[ForwardMsg] = []
        self._listener: Callable[[bool], None] | None = None
        self._children: dict[Where, int] = {}
        """How many children each container has on the page."""
        self._written: dict[Where, int] = {}
        """How many children the current run wrote into each container."""
        self._unsure = False
        self._enqueued = self._flushed = 0

    def set_listener(self, listener: Callable[[bool], None] | None) -> None:
        """Call ``listener(urgent)`` when the queue becomes non-empty or gets an urgent message."""
        with self._lock:
            self._listener = listener
            pending = bool(self._msgs)
        if listener is not None and pending:
            listener(True)

    def reset_shown(self) -> None:
        """The page may show anything: the next cleanup trims every container."""
        with self._lock:
            self._unsure = True

    def enqueue(self, msg: ForwardMsg) -> None:
        """Append ``msg``; note what a delta wrote; fill in a cleaning run's trims."""
        with self._lock:
            if isinstance(msg, ScriptStarted):
                self._written.clear()
            elif isinstance(msg, Delta):
                for depth, index in enumerate(msg.path):
                    where = (msg.root, msg.path[:depth])
                    self._written[where] = max(self._written.get(where, 0), index + 1)
                    self._children[where] = max(self._children.get(where, 0), index + 1)
            elif isinstance(msg, ScriptFinished) and msg.status in CLEANUP_STATUSES:
                msg = attrs.evolve(msg, trim=self._trims(msg.scope))
            self._msgs.append(msg)
            self._enqueued += 1
            urgent = not isinstance(msg, Delta | ScriptStarted)
            listener = self._listener if urgent or len(self._msgs) == 1 else None
        if listener is not None:
            listener(urgent)

    def _trims(self, scope: tuple[ContainerRef, ...]) -> tuple[Trim, ...]:
        trims = []
        for root, path in sorted(self._children):
            if (root, path) not in self._children:
                continue  # inside a container trimmed just now
            if scope and not any(root == s.root and path[: len(s.path)] == s.path for s in scope):
                continue
            keep = self._written.get((root, path), 0)
            if self._children[(root, path)] > keep or self._unsure:
                trims.append(Trim(root, path, keep))
                self._children[(root, path)] = keep
                for root2, path2 in list(self._children):  # what the cut removed
                    if root2 == root and len(path2) > len(path) and path2[: len(path)] == path \
                            and path2[len(path)] >= keep:
                        del self._children[(root2, path2)]
        if not scope:
            self._unsure = False
        return tuple(trims)

    def flush(self) -> list[ForwardMsg]:
        """Remove and return every queued message, in order."""
        with self._lock:
            msgs, self._msgs = self._msgs, []
            self._flushed += len(msgs)
        return msgs

    def statistics(self) -> ForwardMsgQueueStatistics:
        """Current counters."""
        with self._lock:
            return ForwardMsgQueueStatistics(len(self._msgs), self._enqueued, self._flushed)


@hookimpl
def kernel_make_forward_msg_queue(session: Any) -> PlainQueue:
    """Every session gets a :class:`PlainQueue`."""
    return PlainQueue()
