"""The runtime: listens on one port, serves the plain routes, owns the sessions."""

from __future__ import annotations

import html
import socket
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs
import h11
import trio

from kernel.app import KernelApp
from kernel.contracts import AppSession
from kernel.contracts.runtime import HEALTH_PATH
from kernel.stash import Stash
from plugins.runtime._http import Request, Response, read_request, send_response


@attrs.frozen
class RuntimeStatistics:
    """Counters of the runtime."""

    sessions: int
    connections: int
    requests: int


class HttpRuntime:
    """Serves the app over HTTP on one port and keeps the session registry."""

    def __init__(self, app: KernelApp) -> None:
        self.app = app
        self.stash = Stash()
        self._url: str | None = None
        self._sessions: dict[str, AppSession] = {}
        self._connections = 0
        self._requests = 0

    @property
    def url(self) -> str | None:
        """``http://address:port/`` once serving."""
        return self._url

    @property
    def sessions(self) -> Mapping[str, AppSession]:
        """The live sessions by id."""
        return MappingProxyType(self._sessions)

    def statistics(self) -> RuntimeStatistics:
        """Current counters."""
        return RuntimeStatistics(len(self._sessions), self._connections, self._requests)

    async def serve(self, *, task_status: Any = trio.TASK_STATUS_IGNORED) -> None:
        """Listen on the configured address and port until cancelled."""
        cfg = self.app.config["server"]
        listeners = await trio.open_tcp_listeners(cfg.port, host=cfg.address)
        host, port = listeners[0].socket.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        self._url = f"http://{shown}:{port}/"
        try:
            async with trio.open_nursery() as nursery:
                await nursery.start(trio.serve_listeners, self._handle_connection, listeners)
                task_status.started(self._url)
        finally:
            self.close_all_sessions("shutdown")
            self._url = None

    def close_all_sessions(self, reason: str) -> None:
        """Close every session (stopping and joining script threads)."""
        sessions, self._sessions = list(self._sessions.values()), {}
        for session in sessions:
            session.close(reason)

    async def _handle_connection(self, stream: trio.SocketStream) -> None:
        self._connections += 1
        stream.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn = h11.Connection(h11.SERVER)
        try:
            while True:
                request = await read_request(stream, conn)
                if request is None:
                    return
                self._requests += 1
                await send_response(stream, conn, self._route(request))
                if conn.our_state is h11.MUST_CLOSE or conn.their_state is h11.MUST_CLOSE:
                    return
                conn.start_next_cycle()
        except (h11.RemoteProtocolError, trio.BrokenResourceError, trio.ClosedResourceError):
            return
        finally:
            await stream.aclose()

    def _route(self, request: Request) -> Response:
        path = request.target.split("?", 1)[0]
        if request.method not in ("GET", "HEAD"):
            return Response(405, b"method not allowed\n", headers=(("allow", "GET, HEAD"),))
        if path == HEALTH_PATH:
            return Response(200, b"ok\n", headers=(("cache-control", "no-cache"),))
        if path == "/":
            return Response(200, self._shell_page(), "text/html; charset=utf-8", (("cache-control", "no-cache"),))
        return Response(404, f"not found: {path}\n".encode())

    def _shell_page(self) -> bytes:
        script = self.app.script_path.name if self.app.script_path else "(no script)"
        return (
            "<!doctype html><html><head><meta charset='utf-8'>"
            f"<title>{html.escape(script)} · kernel</title></head>"
            f"<body><main id='root' data-script='{html.escape(script)}'></main></body></html>"
        ).encode()
