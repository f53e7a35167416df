"""A lock-protected in-memory queue of forward messages that knows what the page shows."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from kernel.contracts import ForwardMsgQueueStatistics
from kernel.contracts.messages import (
    CLEANUP_STATUSES,
    Delta,
    ForwardMsg,
    PageConfig,
    ScriptFinished,
    ScriptStarted,
    encode_element,
    encoded_element,
    leaf_delta,
)
from kernel_plugins.forward_msg_queue._shown import ShownTree

_NOT_URGENT = (Delta, ScriptStarted)


class MemoryForwardMsgQueue:
    """Thread-safe queue of one session's outgoing messages.

    * A delta for a path that already has a delta waiting in the queue replaces it
      (in place when both have the same kind; otherwise the older one is dropped and
      the newer one goes to the end, after any deltas of the older node's children,
      so a node of a new kind still clears them).
    * A delta whose element is identical to what the browser already shows at that
      path is not sent at all (see :class:`ShownTree`).
    * A :class:`ScriptFinished` of a run that cleans up gets the list of containers to
      trim, i.e. the elements that run did not write.
    * The listener is called when the queue goes from empty to non-empty, and for
      every urgent message (anything but deltas and run starts), so the flusher can
      wait for the end of a short run and send it whole.
    * :meth:`wait_flushed` lets a script thread wait until what it queued was taken.
    * :meth:`queued_bytes` says how much element JSON waits to be sent (the run limit
      ``[runner] max_queued_mib`` is held against it).
    """

    def __init__(self, listener: Callable[[bool], None] | None = None) -> None:
        self._lock = threading.Lock()
        self._msgs: list[ForwardMsg | None] = []
        self._pending: dict[tuple[str, tuple[int, ...]], int] = {}
        self._count = 0
        self._shown = ShownTree()
        self._page_config: PageConfig | None = None
        self._run_id = 0
        self._enqueued = 0
        self._flushed = 0
        self._skipped = 0
        self._composed = 0
        self._bytes = 0
        """Characters (= bytes: the JSON is ASCII) of the queued deltas' elements."""
        self._listener = listener
        self._drained: threading.Event | None = None
        """Set by the next flush; made only while a thread waits for one."""

    def set_listener(self, listener: Callable[[bool], None] | None) -> None:
        """Call ``listener(urgent)`` when the queue becomes non-empty or gets an urgent message."""
        with self._lock:
            self._listener = listener
            wake = listener is not None and self._count > 0
        if wake:
            listener(True)  # type: ignore[misc]

    def wait_flushed(self, timeout: float) -> bool:
        """Wait until the flusher took what is queued now, up to ``timeout`` seconds.

        ``True`` once it did, or at once when the queue is empty or has no listener
        (nobody would flush it); ``False`` on timeout. For backpressure: a script
        thread that waits here before taking the next run keeps a busy server from
        holding the output of many runs at the same time.
        """
        with self._lock:
            if self._count == 0 or self._listener is None:
                return True
            if self._drained is None:
                self._drained = threading.Event()
            drained = self._drained
        return drained.wait(timeout)

    def reset_shown(self) -> None:
        """Forget what the browser shows; the next run resends every element."""
        with self._lock:
            self._shown.reset()
            self._page_config = None

    def enqueue(self, msg: ForwardMsg) -> None:
        """Add ``msg`` (from any thread); skip or compose deltas; wake the listener."""
        with self._lock:
            self._enqueued += 1
            if type(msg) is Delta:
                if not self._shown.put(msg.root, msg.path, msg.element, self._run_id):
                    # Identical to the last element put at this path: either the browser
                    # shows it already or the delta that will show it is still queued.
                    self._skipped += 1
                    return
                if not self._add_delta(msg):
                    return
            else:
                if type(msg) is ScriptStarted:
                    self._run_id = msg.run_id
                elif type(msg) is ScriptFinished:
                    if msg.status in CLEANUP_STATUSES:
                        msg = attrs.evolve(msg, trim=tuple(self._shown.trim(msg.run_id, msg.scope)))
                elif type(msg) is PageConfig:
                    if msg == self._page_config:
                        self._skipped += 1
                        return
                    self._page_config = msg
                self._msgs.append(msg)
                self._count += 1
            urgent = type(msg) not in _NOT_URGENT
            listener = self._listener if urgent or self._count == 1 else None
        if listener is not None:
            listener(urgent)

    def enqueue_leaf(self, root: str, path: tuple[int, ...], kind: str, props: Mapping[str, Any],
                     digest: int) -> None:
        """:meth:`enqueue` of ``Delta(root, path, Element(kind, props))`` (``None`` values left
        out of ``props``), an element known by ``digest``: skipped, and not built, when the
        leaf last put at ``path`` had that digest (see :class:`kernel.contracts.ForwardMsgQueue`)."""
        with self._lock:
            self._enqueued += 1
            if not self._shown.put_leaf(root, path, digest, self._run_id):
                self._skipped += 1
                return
            element = encoded_element(kind, {k: v for k, v in props.items() if v is not None})
            msg = leaf_delta(root, path, element)
            key = (root, path)
            if key in self._pending:
                appended = self._add_delta(msg)
            else:
                # _add_delta's append, inlined (the path of every new element of a run).
                self._bytes += len(encode_element(element))
                msgs = self._msgs
                self._pending[key] = len(msgs)
                msgs.append(msg)
                self._count += 1
                appended = True
            listener = self._listener if appended and self._count == 1 else None
        if listener is not None:
            listener(False)

    def _add_delta(self, msg: Delta) -> bool:
        """Queue a delta the tree let through (lock held): composed onto one still queued for
        its path, or appended. ``False`` when it replaced a queued delta in place."""
        key = (msg.root, msg.path)
        size = len(encode_element(msg.element))  # memoized: put() or the flush needs it anyway
        old = self._pending.get(key)
        if old is not None:
            self._composed += 1
            queued = self._msgs[old]
            if type(queued) is Delta and queued.element.kind == msg.element.kind:
                self._bytes += size - len(encode_element(queued.element))
                self._msgs[old] = msg  # same kind: children queued after it stay valid
                return False
            self._drop(old)
        self._bytes += size
        self._pending[key] = len(self._msgs)
        self._msgs.append(msg)
        self._count += 1
        return True

    def _drop(self, index: int) -> None:
        dropped = self._msgs[index]
        if type(dropped) is Delta:
            self._bytes -= len(encode_element(dropped.element))
        self._msgs[index] = None
        self._count -= 1

    def flush(self) -> list[ForwardMsg]:
        """Remove and return every queued message, in order."""
        with self._lock:
            msgs, self._msgs = self._msgs, []
            self._pending.clear()
            self._count = 0
            self._bytes = 0
            drained, self._drained = self._drained, None
        if drained is not None:
            drained.set()
        out = [m for m in msgs if m is not None]
        self._flushed += len(out)
        return out

    def queued_bytes(self) -> int:
        """Bytes of element JSON waiting to be sent (an estimate of the frame: the
        messages' envelopes are left out)."""
        return self._bytes

    def statistics(self) -> ForwardMsgQueueStatistics:
        """Current counters."""
        with self._lock:
            return ForwardMsgQueueStatistics(
                queued=self._count,
                enqueued_total=self._enqueued,
                flushed_total=self._flushed,
                skipped_identical=self._skipped,
                composed=self._composed,
                queued_bytes=self._bytes,
            )
