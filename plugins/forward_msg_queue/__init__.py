"""Core plugin ``forward_msg_queue``: buffers, composes and de-duplicates a session's outgoing messages."""

from __future__ import annotations

from kernel import hookimpl
from kernel.contracts import AppSession, ForwardMsgQueue
from plugins.forward_msg_queue._queue import MemoryForwardMsgQueue
from plugins.forward_msg_queue._shown import ShownTree

__all__ = ["MemoryForwardMsgQueue", "ShownTree"]


@hookimpl(trylast=True)
def kernel_make_forward_msg_queue(session: AppSession) -> ForwardMsgQueue:
    return MemoryForwardMsgQueue()
