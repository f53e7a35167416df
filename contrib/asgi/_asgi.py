"""The ASGI application that hands HTTP requests and WebSockets to a hosted kernel runtime."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import anyio
import trio

from kernel import HttpRequest
from kernel_contrib.asgi._host import KernelHost

if TYPE_CHECKING:
    from starlette.types import Message, Receive, Scope, Send

__all__ = ["KernelAsgi"]

log = logging.getLogger("kernel.asgi")

INCOMING_BUFFER = 16
"""Client messages on their way to the kernel's loop before the server's reader waits."""


def _request(scope: Scope) -> HttpRequest:
    headers = tuple((k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in scope.get("headers", ()))
    return HttpRequest(scope.get("method", "GET"), scope["path"], scope.get("query_string", b"").decode("latin-1"),
                       headers)


class KernelAsgi:
    """Every request that reaches it goes to the kernel: plain HTTP to ``runtime.answer``, a
    WebSocket to ``runtime.serve_connection`` (``kernel.contracts.runtime.HostedRuntime``)."""

    def __init__(self, host: KernelHost) -> None:
        self.host = host

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind not in ("http", "websocket"):
            return
        problem = self._problem(scope)
        if problem is not None:
            if kind == "http":
                await _plain(send, 503 if "not started" in problem else 404, problem)
            else:
                await send({"type": "websocket.close", "code": 1011, "reason": problem[:120]})
            return
        if kind == "http":
            await self._http(scope, send)
        else:
            await self._websocket(scope, receive, send)

    def _problem(self, scope: Scope) -> str | None:
        if scope.get("root_path"):
            return (f"this app is mounted at {scope['root_path']!r}: kernel's st.App serves at the root path "
                    "only (it has no base URL path); mount it at '/' and give your other routes their own paths\n")
        if not self.host.running:
            return ("the app's kernel is not started: serve it with an ASGI server that runs the lifespan "
                    "protocol (uvicorn does), or pass st_app.lifespan() as the lifespan of the app it is "
                    "mounted in\n")
        return None

    async def _http(self, scope: Scope, send: Send) -> None:
        runtime = self.host.runtime
        assert runtime is not None
        response = await self.host.to_kernel(runtime.answer, _request(scope))
        await send({"type": "http.response.start", "status": response.status,
                    "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in response.headers]})
        await send({"type": "http.response.body", "body": b"" if scope.get("method") == "HEAD" else response.body})

    async def _websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        runtime = self.host.runtime
        assert runtime is not None
        first = await receive()
        if first["type"] != "websocket.connect":
            return
        client = scope.get("client")
        connection = AsgiConnection(self.host, receive, send,
                                    self.host.app.config["server"].max_message_size_bytes)
        async with anyio.create_task_group() as readers:
            readers.start_soon(connection.read)
            try:
                await self.host.to_kernel(runtime.serve_connection, connection, _request(scope),
                                          str(client[0]) if client else None)
            finally:
                readers.cancel_scope.cancel()
        if connection.accepted and not connection.closed:
            connection.closed = True
            try:
                await send({"type": "websocket.close", "code": 1000, "reason": ""})
            except Exception:  # noqa: BLE001 - the client has gone already
                pass


class AsgiConnection:
    """One client's WebSocket as the kernel's runtime sees it (``HostedConnection``).

    ``accept``, ``get_message``, ``send_message`` and ``aclose`` are called in the kernel's
    trio loop; :meth:`read` runs in the server's loop and passes the client's messages on.
    """

    def __init__(self, host: KernelHost, receive: Receive, send: Send, max_bytes: int) -> None:
        self._host = host
        self._receive = receive
        self._send = send
        self._max_bytes = max_bytes
        self._to_kernel, self._from_client = trio.open_memory_channel[str | bytes](INCOMING_BUFFER)
        self._accepted = anyio.Event()
        self.accepted = False
        self.closed = False

    # -- in the kernel's loop ------------------------------------------------------------

    async def accept(self) -> None:
        """Accept the handshake (in the server's loop) and start passing messages on."""
        await self._host.to_server(self._accept_here)

    async def get_message(self) -> str | bytes:
        """The client's next message; ``trio.ClosedResourceError`` once it has gone."""
        try:
            return await self._from_client.receive()
        except trio.EndOfChannel:
            raise trio.ClosedResourceError("the client closed the connection") from None

    async def send_message(self, message: str | bytes) -> None:
        """Send one message; ``trio.BrokenResourceError`` if the client has gone."""
        if self.closed:
            raise trio.BrokenResourceError("the connection is closed")
        event: Message = ({"type": "websocket.send", "text": message} if isinstance(message, str)
                          else {"type": "websocket.send", "bytes": bytes(message)})
        try:
            await self._host.to_server(self._send, event)
        except trio.BrokenResourceError:
            raise
        except Exception as exc:  # the server's own "disconnected" error, whichever server it is
            self.closed = True
            raise trio.BrokenResourceError(f"the client has gone: {exc!r}") from None

    async def aclose(self, code: int = 1000, reason: str | None = None) -> None:
        """Close with ``code``; before :meth:`accept`, this refuses the handshake (HTTP 403)."""
        if self.closed:
            return
        self.closed = True
        try:
            await self._host.to_server(self._send, {"type": "websocket.close", "code": code,
                                                    "reason": (reason or "")[:120]})
        except Exception:  # noqa: BLE001 - the client has gone already
            pass

    # -- in the server's loop --------------------------------------------------------------

    async def _accept_here(self) -> None:
        await self._send({"type": "websocket.accept"})
        self.accepted = True
        self._accepted.set()

    async def read(self) -> None:
        """Pass the client's messages to the kernel's loop until the client leaves."""
        await self._accepted.wait()
        try:
            while True:
                message = await self._receive()
                if message["type"] == "websocket.disconnect":
                    break
                if message["type"] != "websocket.receive":
                    continue
                data = message.get("text")
                if data is None:
                    data = message.get("bytes") or b""
                if len(data) > self._max_bytes:
                    log.info("a client sent a message of %d bytes, over server.max_message_size_bytes; "
                             "its connection is closed", len(data))
                    self.closed = True
                    await self._send({"type": "websocket.close", "code": 1009, "reason": "message too big"})
                    break
                await self._host.to_kernel(self._to_kernel.send, data)
        finally:
            self.closed = True
            with anyio.CancelScope(shield=True):
                try:
                    await self._host.to_kernel(self._to_kernel.aclose)
                except RuntimeError:
                    pass  # the kernel has stopped: its side is gone already


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})

