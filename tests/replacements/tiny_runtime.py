"""A replacement ``runtime``: the wire protocol (``docs/protocol.md``) over trio-websocket.

It answers the health route and the WebSocket stream, nothing else (no web client, no
static files, no file watching), and a session lives exactly as long as its connection:
there is no resuming with a token. What it does for each connection is what every
runtime owes the app: make the session through its factory, set the queue's listener,
fire ``kernel_session_opened``, greet, fire ``kernel_client_connected`` (``st.context``
reads the request there), hand over every decoded message, send what the
queue holds whenever the listener wakes it, and close the session at the end.
"""

from __future__ import annotations

import secrets
import urllib.parse
import uuid
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs
import trio
import trio_websocket

from kernel import ConfigSection, hookimpl
from kernel._stash import Stash
from kernel.contracts.messages import (
    PROTOCOL_VERSION,
    ErrorMsg,
    FrameError,
    NewSession,
    decode_back_frame,
    encode_forward_frame,
)
from kernel.contracts.runtime import HEALTH_PATH

STREAM_PATH = "/_kernel/stream"


@attrs.define
class TinyServerConfig:
    """``[server]``: where to listen."""

    address: str = "127.0.0.1"
    port: int = 8501


@attrs.frozen
class TinyStatistics:
    """Counters of the runtime."""

    sessions: int
    connections: int


class TinyRuntime:
    """Serves the app's sessions over WebSockets (see the module docstring)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.stash = Stash()
        self.url: str | None = None
        self._sessions: dict[str, Any] = {}
        self._connections = 0

    @property
    def sessions(self) -> Mapping[str, Any]:
        """The live sessions by id."""
        return MappingProxyType(self._sessions)

    def statistics(self) -> TinyStatistics:
        """Current counters."""
        return TinyStatistics(len(self._sessions), self._connections)

    async def serve(self, *, task_status: Any = trio.TASK_STATUS_IGNORED) -> None:
        """Listen until cancelled; close every session on the way out."""
        config = self.app.config["server"]
        listeners = await trio.open_tcp_listeners(config.port, host=config.address)
        host, port = listeners[0].socket.getsockname()[:2]
        try:
            async with trio.open_nursery() as nursery:
                await nursery.start(trio.serve_listeners, self._connection, listeners)
                self.url = f"http://{host}:{port}/"
                task_status.started(self.url)
        finally:
            for session in list(self._sessions.values()):
                session.close("shutdown")
            self._sessions.clear()
            self.url = None

    async def _connection(self, stream: trio.SocketStream) -> None:
        self._connections += 1
        async with stream:
            head = b""
            while b"\r\n\r\n" not in head and len(head) < 65536:
                chunk = await stream.receive_some(4096)
                if not chunk:
                    return
                head += chunk
            method, target, *_ = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
            path, _, query = target.partition("?")
            if path == HEALTH_PATH:
                await stream.send_all(b"HTTP/1.1 200 OK\r\ncontent-length: 3\r\nconnection: close\r\n\r\nok\n")
            elif path == STREAM_PATH and b"upgrade: websocket" in head.lower():
                peer = stream.socket.getpeername()
                async with trio.open_nursery() as nursery:
                    request = await trio_websocket.wrap_server_stream(nursery, _Replay(stream, head))
                    request_head = head[: head.index(b"\r\n\r\n") + 2]
                    await self._serve_stream(await request.accept(), query, request_head, str(peer[0]))
                    nursery.cancel_scope.cancel()
            else:
                await stream.send_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")

    async def _serve_stream(self, ws: trio_websocket.WebSocketConnection, query: str, request_head: bytes,
                            ip_address: str) -> None:
        version = urllib.parse.parse_qs(query).get("v", [str(PROTOCOL_VERSION)])[0]
        if version != str(PROTOCOL_VERSION):
            await ws.send_message(encode_forward_frame([ErrorMsg(f"this server speaks protocol version "
                                                                 f"{PROTOCOL_VERSION}", "protocol_version")]))
            await ws.aclose(4001, "protocol version mismatch")
            return
        session = self.app.make("app_session", session_id=uuid.uuid4().hex)
        self._sessions[session.id] = session
        outbox = _Outbox(trio.lowlevel.current_trio_token())
        session.queue.set_listener(outbox.listener)
        try:
            self.app.hook.kernel_session_opened(session=session)
            script = self.app.script_path.name if self.app.script_path else ""
            await ws.send_message(encode_forward_frame([NewSession(session.id, secrets.token_urlsafe(18),
                                                                   script_name=script)]))
            self.app.hook.kernel_client_connected(session=session, request_head=request_head, ip_address=ip_address)
            async with trio.open_nursery() as nursery:
                nursery.start_soon(outbox.send_loop, session, ws)
                try:
                    while True:
                        await self._receive(session, ws, await ws.get_message())
                except trio_websocket.ConnectionClosed:
                    pass
                nursery.cancel_scope.cancel()
        finally:
            session.queue.set_listener(None)
            del self._sessions[session.id]
            with trio.CancelScope(shield=True):  # even when the server shuts down
                await trio.to_thread.run_sync(session.close, "disconnected")

    @staticmethod
    async def _receive(session: Any, ws: trio_websocket.WebSocketConnection, frame: str | bytes) -> None:
        try:
            msgs = decode_back_frame(frame)
        except FrameError as exc:
            await ws.send_message(encode_forward_frame([ErrorMsg(str(exc), "bad_frame")]))
            return
        for msg in msgs:
            session.handle_back_msg(msg)


class _Outbox:
    """Wakes the connection's send loop when the session's queue has something."""

    def __init__(self, token: trio.lowlevel.TrioToken) -> None:
        self._token = token
        self._event = trio.Event()

    def listener(self, urgent: bool) -> None:
        """The queue's listener: called from any thread."""
        self._token.run_sync_soon(self._event.set)

    async def send_loop(self, session: Any, ws: trio_websocket.WebSocketConnection) -> None:
        """Send what the queue holds, each time it wakes us."""
        while True:
            await self._event.wait()
            self._event = trio.Event()
            msgs = session.queue.flush()
            try:
                if msgs:
                    await ws.send_message(encode_forward_frame(msgs))
            except trio_websocket.ConnectionClosed:
                return


class _Replay(trio.abc.Stream):
    """``stream``, with the request head already read put back in front (trio-websocket
    reads the handshake itself)."""

    def __init__(self, stream: trio.abc.Stream, head: bytes) -> None:
        self._stream = stream
        self._head = head

    async def receive_some(self, max_bytes: int | None = None) -> bytes | bytearray:
        if self._head:
            size = len(self._head) if max_bytes is None else max_bytes
            data, self._head = self._head[:size], self._head[size:]
            return data
        return await self._stream.receive_some(max_bytes)

    async def send_all(self, data: bytes | bytearray | memoryview) -> None:
        await self._stream.send_all(data)

    async def wait_send_all_might_not_block(self) -> None:
        await self._stream.wait_send_all_might_not_block()

    async def aclose(self) -> None:
        await self._stream.aclose()


@hookimpl
def kernel_make_runtime(app: Any) -> TinyRuntime:
    """The app's :class:`TinyRuntime`."""
    return TinyRuntime(app)


@hookimpl
def kernel_register_config_sections(app: Any) -> list[ConfigSection]:
    """``[server] address`` and ``port``."""
    return [ConfigSection("server", TinyServerConfig)]
