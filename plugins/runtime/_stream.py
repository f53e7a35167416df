"""Handing an HTTP upgrade request over to trio-websocket."""

from __future__ import annotations

import trio


class ReplayStream(trio.abc.Stream):
    """A stream that first yields ``prefix`` (bytes already read), then reads on.

    h11 has already consumed the upgrade request when the runtime sees it is one;
    trio-websocket parses the handshake itself, so it is given the request again.
    """

    def __init__(self, stream: trio.abc.Stream, prefix: bytes) -> None:
        self._stream = stream
        self._prefix = prefix

    @property
    def inner(self) -> trio.abc.Stream:
        """The stream read after the prefix."""
        return self._stream

    @property
    def replayed(self) -> bool:
        """Whether the prefix has been read: from now on this stream is just the one under it."""
        return not self._prefix

    async def receive_some(self, max_bytes: int | None = None) -> bytes | bytearray:
        if not self._prefix:
            return await self._stream.receive_some(max_bytes)
        if max_bytes is None or max_bytes >= len(self._prefix):
            data, self._prefix = self._prefix, b""
            # From now on reads go straight to the socket: one coroutine less in every
            # idle connection's reader task.
            self.receive_some = self._stream.receive_some  # type: ignore[method-assign]
        else:
            data, self._prefix = self._prefix[:max_bytes], self._prefix[max_bytes:]
        await trio.lowlevel.checkpoint()
        return data

    async def send_all(self, data: bytes | bytearray | memoryview) -> None:
        await self._stream.send_all(data)

    async def wait_send_all_might_not_block(self) -> None:
        await self._stream.wait_send_all_might_not_block()

    async def aclose(self) -> None:
        await self._stream.aclose()
