"""Core plugin ``forward_msg_queue``: buffers, composes and de-duplicates a session's outgoing messages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kernel import hookimpl, lazy_exports

if TYPE_CHECKING:
    from kernel.contracts import AppSession, ForwardMsgQueue
    from kernel_plugins.forward_msg_queue._queue import MemoryForwardMsgQueue
    from kernel_plugins.forward_msg_queue._shown import ShownTree

__all__ = ["MemoryForwardMsgQueue", "ShownTree"]

# The queue (and the wire messages it imports) loads with the first session.
__getattr__ = lazy_exports(__name__, {
    "MemoryForwardMsgQueue": "kernel_plugins.forward_msg_queue._queue:MemoryForwardMsgQueue",
    "ShownTree": "kernel_plugins.forward_msg_queue._shown:ShownTree",
})


@hookimpl(trylast=True)
def kernel_make_forward_msg_queue(session: AppSession) -> ForwardMsgQueue:
    from kernel_plugins.forward_msg_queue._queue import MemoryForwardMsgQueue

    return MemoryForwardMsgQueue()


@hookimpl
def kernel_warm_up() -> None:
    """The queue (loaded with the first session otherwise)."""
    import kernel_plugins.forward_msg_queue._queue  # noqa: F401
