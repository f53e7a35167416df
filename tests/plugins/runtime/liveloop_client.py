"""Helpers for tests that talk to a served app: an HTTP request function and a stream client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import h11
import trio
import trio_websocket

from kernel.contracts.messages import (
    BackMsg,
    Delta,
    ForwardMsg,
    NewSession,
    ScriptFinished,
    decode_forward_frame,
    encode_back_frame,
)
from kernel_plugins.runtime import HttpRuntime

Serve = Callable[..., Awaitable[HttpRuntime]]


async def http_request(url: str, target: str, *, method: str = "GET",
                       headers: list[tuple[str, str]] | None = None) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 request to the runtime at ``url``; returns status, headers, body."""
    host, port = url.split("//")[1].rstrip("/").rsplit(":", 1)
    stream = await trio.open_tcp_stream(host, int(port))
    conn = h11.Connection(h11.CLIENT)
    all_headers = [("host", f"{host}:{port}"), *(headers or [])]
    if not any(k.lower() == "connection" for k, _ in all_headers):
        all_headers.append(("connection", "close"))
    async with stream:
        await stream.send_all(conn.send(h11.Request(method=method, target=target, headers=all_headers)))
        await stream.send_all(conn.send(h11.EndOfMessage()))
        status = 0
        response_headers: dict[str, str] = {}
        body = b""
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                conn.receive_data(await stream.receive_some(65536))
            elif isinstance(event, h11.Response):
                status = event.status_code
                response_headers = {k.decode(): v.decode() for k, v in event.headers}
            elif isinstance(event, h11.Data):
                body += event.data
            elif isinstance(event, h11.EndOfMessage | h11.ConnectionClosed):
                return status, response_headers, body


class StreamClient:
    """A Python client of the stream, speaking the wire protocol like the web client."""

    def __init__(self, ws: trio_websocket.WebSocketConnection) -> None:
        self.ws = ws
        self.frames = 0

    async def recv(self) -> list[ForwardMsg]:
        """The messages of the next frame."""
        self.frames += 1
        return decode_forward_frame(await self.ws.get_message())

    async def send(self, *msgs: BackMsg) -> None:
        """Send ``msgs`` in one frame."""
        await self.ws.send_message(encode_back_frame(list(msgs)))

    async def new_session(self) -> NewSession:
        """Read the greeting."""
        msgs = await self.recv()
        assert isinstance(msgs[0], NewSession), msgs
        return msgs[0]

    async def until_finished(self, timeout: float = 60) -> list[ForwardMsg]:
        """Messages up to and including a ScriptFinished that did not end for a rerun."""
        out: list[ForwardMsg] = []
        with trio.fail_after(timeout):
            while True:
                msgs = await self.recv()
                out.extend(msgs)
                if any(isinstance(m, ScriptFinished) and m.status != "rerun" for m in msgs):
                    return out


def deltas(msgs: list[ForwardMsg]) -> list[Delta]:
    """The deltas among ``msgs``."""
    return [m for m in msgs if isinstance(m, Delta)]


def props_of(msgs: list[ForwardMsg], kind: str) -> list[dict[str, Any]]:
    """The props of every element of ``kind`` among ``msgs``."""
    return [d.element.props for d in deltas(msgs) if d.element.kind == kind]


def stream_url(runtime: HttpRuntime, query: str = "") -> str:
    """The ws:// URL of the runtime's stream."""
    assert runtime.url is not None
    return runtime.url.replace("http://", "ws://") + "_kernel/stream" + (f"?{query}" if query else "")


@asynccontextmanager
async def connect(url: str, extra_headers: list[tuple[bytes, bytes]] | None = None
                  ) -> AsyncIterator[trio_websocket.WebSocketConnection]:
    """Open a WebSocket to ``url`` (ws://host:port/path?query) over a TCP stream this helper owns.

    trio-websocket's client leaves its socket open when the *server* ends the
    connection; owning the stream lets the test close it in every case.
    """
    rest = url.split("//", 1)[1]
    hostport, _, resource = rest.partition("/")
    host, port = hostport.rsplit(":", 1)
    stream = await trio.open_tcp_stream(host, int(port))
    async with stream, trio.open_nursery() as nursery:
        ws = await trio_websocket.wrap_client_stream(nursery, stream, host, "/" + resource,
                                                     extra_headers=extra_headers)
        try:
            yield ws
        finally:
            await ws.aclose()
            nursery.cancel_scope.cancel()


class _CountingStream(trio.abc.HalfCloseableStream):
    """A TCP stream that counts the bytes it received (what the wire carried)."""

    def __init__(self, stream: trio.SocketStream) -> None:
        self.stream = stream
        self.received = 0

    async def send_all(self, data: bytes | bytearray | memoryview) -> None:
        await self.stream.send_all(data)

    async def wait_send_all_might_not_block(self) -> None:
        await self.stream.wait_send_all_might_not_block()

    async def receive_some(self, max_bytes: int | None = None) -> bytes | bytearray:
        data = await self.stream.receive_some(max_bytes)
        self.received += len(data)
        return data

    async def send_eof(self) -> None:
        await self.stream.send_eof()

    async def aclose(self) -> None:
        await self.stream.aclose()


@asynccontextmanager
async def connect_offering(url: str, offer: str | None
                           ) -> AsyncIterator[tuple[trio_websocket.WebSocketConnection, _CountingStream]]:
    """Like :func:`connect`, with ``offer`` as the handshake's Sec-WebSocket-Extensions
    (``None``: none). Yields the connection and its byte-counting TCP stream; the
    connection's ``extensions`` (wsproto's) are those the server agreed to.

    trio-websocket's client offers no extensions, so the request is made here: wsproto's
    permessage-deflate is offered (and decodes compressed messages) when ``offer`` names it.
    """
    from wsproto import ConnectionType, WSConnection
    from wsproto.events import Request
    from wsproto.extensions import PerMessageDeflate

    rest = url.split("//", 1)[1]
    hostport, _, resource = rest.partition("/")
    host, port = hostport.rsplit(":", 1)
    stream = _CountingStream(await trio.open_tcp_stream(host, int(port)))
    async with stream, trio.open_nursery() as nursery:
        ws = trio_websocket.WebSocketConnection(stream, WSConnection(ConnectionType.CLIENT),  # type: ignore[arg-type]
                                                host=host, path="/" + resource)
        if offer is not None:
            deflate = PerMessageDeflate()
            # wsproto sends the offer its extension makes; this one says what the test wants.
            deflate.offer = lambda: offer.partition(";")[2].strip() or True  # type: ignore[method-assign]
            ws._initial_request = Request(host=host, target="/" + resource, extensions=[deflate])
        nursery.start_soon(ws._reader_task)
        await ws._open_handshake.wait()
        try:
            yield ws, stream
        finally:
            await ws.aclose()
            nursery.cancel_scope.cancel()


def agreed_extensions(ws: trio_websocket.WebSocketConnection) -> list[Any]:
    """The extensions wsproto runs on ``ws`` (those both sides agreed to)."""
    connection = ws._wsproto.connection
    assert connection is not None
    return list(connection._proto.extensions)
