"""The ForwardMsgQueue contract: buffers and composes a session's outgoing messages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

import attrs

if TYPE_CHECKING:
    from kernel.messages import ForwardMsg


@attrs.frozen
class ForwardMsgQueueStatistics:
    """Counters of one queue, for tests and ``kernel plugins --stats``."""

    queued: int
    enqueued_total: int
    flushed_total: int


@runtime_checkable
class ForwardMsgQueue(Protocol):
    """A thread-safe queue from the script thread to the session's flush task.

    Made by ``kernel_make_forward_msg_queue`` per session. :meth:`enqueue` is called
    from the script thread; :meth:`flush` from the trio main thread.
    """

    def enqueue(self, msg: ForwardMsg) -> None:
        """Add a message; may compose it onto an older one for the same slot."""
        ...

    def flush(self) -> list[ForwardMsg]:
        """Remove and return every queued message, in order."""
        ...

    def statistics(self) -> ForwardMsgQueueStatistics:
        """Current counters."""
        ...
