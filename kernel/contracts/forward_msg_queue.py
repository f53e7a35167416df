"""The ForwardMsgQueue contract: buffers and composes a session's outgoing messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import attrs

if TYPE_CHECKING:
    from kernel.contracts.messages import ForwardMsg


@attrs.frozen
class ForwardMsgQueueStatistics:
    """Counters of one queue, for tests and ``kernel plugins --stats``."""

    queued: int
    enqueued_total: int
    flushed_total: int
    skipped_identical: int = 0
    """Deltas not sent because the browser already shows an identical element."""
    composed: int = 0
    """Deltas that replaced an older delta for the same path still in the queue."""
    queued_bytes: int = 0
    """Bytes of element JSON waiting to be sent (0 from a queue that does not count them)."""


@runtime_checkable
class ForwardMsgQueue(Protocol):
    """A thread-safe queue from the script thread to the session's flush task.

    Made by ``kernel_make_forward_msg_queue`` per session. :meth:`enqueue` is called
    from the script thread; :meth:`flush` from the trio main thread.

    Besides keeping the order, a queue owes the page one thing: **trims**. Because a
    queue may skip an element the page already shows, only the queue knows what a run
    wrote, so a ``ScriptFinished`` whose status cleans up (``ok``, ``error``,
    ``stopped``: ``kernel.contracts.messages.CLEANUP_STATUSES``) leaves :meth:`flush` with its
    ``trim`` filled in: for each container (root or block) that holds more children
    than the run wrote into it, a ``Trim(root, path, keep)`` with the number the run
    wrote. A run with a ``scope`` (a partial run) trims only inside those containers;
    ``rerun`` trims nothing. After :meth:`reset_shown` the next cleanup trims every
    container to what that run wrote (the page may hold anything).
    ``kernel.testing.conformance.check_forward_msg_queue`` checks all of this.

    Optional: ``wait_flushed(timeout: float) -> bool`` blocks the calling (script)
    thread until everything enqueued so far has been flushed, or ``timeout`` seconds
    passed (``True`` if flushed). The script runner calls it after a run while many runs
    are under way, so a burst of runs does not keep all their output queued at once
    (less memory at the peak, and less left fragmented after it). A queue without it is
    simply not waited for; it is not part of the Protocol so that such queues still
    satisfy ``isinstance`` checks.

    Optional too: ``queued_bytes() -> int``, the bytes (of element JSON) waiting to be
    sent. The core delta generator holds the run limit ``[runner] max_queued_mib``
    against it before each element; a queue without it has no such limit.

    Optional too: ``enqueue_leaf(root, path, kind, props, digest)``, for a producer that can
    tell a leaf element's content by an ``int`` digest of its own before the element is built
    (the core delta generator hashes simple properties). It is :meth:`enqueue` of
    ``Delta(root, path, Element(kind, {k: v for k, v in props.items() if v is not None}))``
    with ``digest`` standing for the element's content where the queue would otherwise
    compare its JSON: when the last element put at that path had ``digest``, it counts as
    enqueued and skipped as identical (trims included) and need not be built at all.
    Equal digests must mean identical elements; a digest is never -1.
    """

    def enqueue(self, msg: ForwardMsg) -> None:
        """Add a message; may compose it onto an older one for the same slot."""
        ...

    def flush(self) -> list[ForwardMsg]:
        """Remove and return every queued message, in order."""
        ...

    def set_listener(self, listener: Callable[[bool], None] | None) -> None:
        """Call ``listener(urgent)`` from the enqueuing thread, so the flush task wakes
        without polling: when the queue goes from empty to non-empty, and whenever an
        *urgent* message is enqueued (``urgent=True``): anything but a ``Delta`` or a
        ``ScriptStarted``, e.g. the ``ScriptFinished`` that ends a run. The flush task
        may wait briefly for an urgent message to send a whole run in one frame.
        ``None`` removes the listener."""
        ...

    def reset_shown(self) -> None:
        """Forget what the browser shows (e.g. after a reconnect), so nothing is skipped
        as identical until the browser has been sent each element again."""
        ...

    def statistics(self) -> ForwardMsgQueueStatistics:
        """Current counters."""
        ...
