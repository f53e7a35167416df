"""The runtime: one port for plain HTTP routes and the WebSocket stream; owns the sessions."""

from __future__ import annotations

import inspect
import logging
import random
import socket
import time
import urllib.parse
from collections.abc import Awaitable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs
import h11
import trio

from kernel import HttpRequest, HttpResponse, HttpRoute, KernelApp, Stash
from kernel.contracts.runtime import HEALTH_PATH
from kernel_plugins.runtime._headers import SecurityHeaders, new_nonce
from kernel_plugins.runtime._http import Request, Response, read_request, send_response
from kernel_plugins.runtime._origins import RequestGuard
from kernel_plugins.runtime._sessions import (
    DRAIN_CLOSE_CODE,
    DRAIN_SESSIONS_PER_SECOND,
    DRAIN_SPREAD_MAX,
    DRAIN_SPREAD_MIN,
    SessionEntry,
    SessionRegistry,
    close_quietly,
)
from kernel_plugins.runtime._shell import STREAM_PATH, shell_page
from kernel_plugins.runtime._static import StaticFiles
from kernel_plugins.runtime._stream import ReplayStream
from kernel_plugins.runtime._watch import read_relayed_changes, watch_sources

if TYPE_CHECKING:

    from kernel.contracts import AppSession
    from kernel.contracts.runtime import HostedConnection, MessageConnection

RENDERER_PREFIX = "/_kernel/renderers/"
RENDERER_SUFFIXES = (".js", ".css")
"""What the folder of an element renderer serves: its modules and stylesheets."""
log = logging.getLogger("kernel.runtime")

REQUEST_TIMEOUT = 60.0
"""Seconds a connection may wait for (or dawdle over) its next request head."""
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
"""Methods that carry no data into the app: their Origin is not checked (CORS covers reads)."""
SHELL_NONCE = b"__kernel_nonce__"
"""Stands for the CSP nonce in the cached shell page; each response gets a fresh one."""


@attrs.frozen
class RuntimeStatistics:
    """Counters of the runtime."""

    sessions: int
    connected_sessions: int
    connections: int
    requests: int
    websockets: int
    refused: int
    """Requests refused for their Host or Origin (answered 403)."""
    frames_sent: int
    bytes_sent: int
    bad_frames: int
    compressed_websockets: int = 0
    """WebSocket connections that agreed to permessage-deflate."""


class HttpRuntime:
    """Serves the app on one port: HTTP routes through h11, the stream through trio-websocket.

    Routes: ``/`` (the shell page), ``/_kernel/health``, ``/_kernel/static/...`` and
    other static assets plugins register, ``/_kernel/renderers/<plugin>/<file>`` (element
    renderer modules), and the WebSocket stream at ``/_kernel/stream``.
    """

    def __init__(self, app: KernelApp) -> None:
        self.app = app
        self.stash = Stash()
        self._url: str | None = None
        self._registry: SessionRegistry | None = None
        self._static = StaticFiles()
        self._renderers: dict[str, str] = {}
        self._routes: list[HttpRoute] = []
        self._shell: bytes | None = None
        """The app's page, made on its first request (start-up does not wait for it)."""
        self._connections = 0
        self._requests = 0
        self._websockets = 0
        self._bad_frames = 0
        self._compressed = 0
        self._streams: set[trio.abc.Stream] = set()
        self._accepting = trio.CancelScope()
        self._listeners: list[trio.SocketListener] = []
        self._draining = False
        cfg = app.config["server"]
        self.guard = RequestGuard(cfg.address, cfg.allowed_hosts, cfg.allowed_origins)
        """The Host and Origin rules (``server.allowed_hosts``, ``server.allowed_origins``): the
        runtime checks every request's Host, and the Origin of WebSocket upgrades and of every
        request with a method other than GET, HEAD or OPTIONS (an upload route gets that for free;
        a route may also call ``guard.check(headers, sends_data=True)`` itself)."""
        self._security = SecurityHeaders(cfg.frame_ancestors)

    # -- public -------------------------------------------------------------------

    @property
    def url(self) -> str | None:
        """``http://address:port/`` once serving."""
        return self._url

    @property
    def sessions(self) -> Mapping[str, AppSession]:
        """The live sessions by id."""
        return MappingProxyType(self._registry.sessions() if self._registry is not None else {})

    @property
    def renderers(self) -> Mapping[str, str]:
        """Element kind -> URL of its renderer module."""
        return MappingProxyType(self._renderers)

    def statistics(self) -> RuntimeStatistics:
        """Current counters."""
        registry = self._registry
        # "is not None": a registry without sessions is empty, hence falsy, and still
        # holds the counts of the sessions it closed.
        entries = list(registry) if registry is not None else []
        return RuntimeStatistics(
            sessions=len(entries),
            connected_sessions=sum(e.ws is not None for e in entries),
            connections=self._connections,
            requests=self._requests,
            websockets=self._websockets,
            refused=self.guard.refused,
            frames_sent=(registry.closed_frames if registry is not None else 0) + sum(e.frames_sent for e in entries),
            bytes_sent=(registry.closed_bytes if registry is not None else 0) + sum(e.bytes_sent for e in entries),
            bad_frames=self._bad_frames,
            compressed_websockets=self._compressed,
        )

    async def drop_connections(self) -> None:
        """Abort every WebSocket connection without closing sessions (for tests: a network cut)."""
        for stream in list(self._streams):
            await trio.aclose_forcefully(stream)

    @property
    def draining(self) -> bool:
        """Whether :meth:`drain` began (the worker accepts nothing new and is going away)."""
        return self._draining

    async def drain(self) -> None:
        """Let this worker go gracefully, when sessions outlive it (scale-out on; otherwise
        nothing happens and shutdown closes the sessions as always).

        It stops accepting connections (the listening sockets close, so the operating
        system or the proxy sends new ones to the other workers) and answers its health
        route with 503. Every session's run stops at its next ``st`` call (a run this
        interrupts is stored as pending and runs again on the next worker, see
        :data:`kernel.contracts.scaleout.DRAINING`); each session is released in the store
        and its connection closed with code 1012 (service restart) and a reason
        ``retry=<ms>``: a random delay, spread over up to five seconds with the number of
        sessions, that the page waits before it reconnects, so the pages of a worker do not
        arrive at the others all at once. Messages a page sends meanwhile are not accepted
        (the page sends them again after it reconnects).
        """
        registry = self._registry
        if registry is None or registry.store is None or self._draining:
            return
        self._draining = True
        self._accepting.cancel()
        for listener in self._listeners:
            await listener.aclose()
        spread = min(DRAIN_SPREAD_MAX, max(DRAIN_SPREAD_MIN, len(registry) / DRAIN_SESSIONS_PER_SECOND))
        log.info("draining: %d sessions, reconnects spread over %.1f s", len(registry), spread)
        await registry.drain(spread)

    async def serve(self, *, task_status: Any = trio.TASK_STATUS_IGNORED) -> None:
        """Listen on the configured address and port until cancelled."""
        cfg = self.app.config["server"]
        self._setup_routes()
        if cfg.warm_up:
            warm_up(self.app)
        if cfg.reuse_port:
            listeners = [await _reuse_port_listener(cfg.address, cfg.port)]
        else:
            listeners = await trio.open_tcp_listeners(cfg.port, host=_lookup_host(cfg.address))
        self._listeners = list(listeners)
        host, port = listeners[0].socket.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        self._url = f"http://{shown}:{port}/"
        try:
            async with trio.open_nursery() as nursery:
                self._start_sessions(nursery)
                await nursery.start(self._accept, listeners, nursery)
                task_status.started(self._url)
                # Serve until cancelled, not until the nursery runs out of tasks: a drain
                # ends the accept loop and forgets every session while their releases still
                # run in worker threads, and closing the store under them would cut their
                # Redis connections (shutdown cancels this after the drain and its hooks).
                await trio.sleep_forever()
        finally:
            self._close_sessions()
            self._url = None

    async def host(self, *, task_status: Any = trio.TASK_STATUS_IGNORED) -> None:
        """Serve what another server hands over (:meth:`answer`, :meth:`serve_connection`)
        until cancelled, listening on no port (``kernel.contracts.runtime.HostedRuntime``)."""
        self._setup_routes()
        try:
            async with trio.open_nursery() as nursery:
                self._start_sessions(nursery)
                task_status.started(None)
                await trio.sleep_forever()
        finally:
            self._close_sessions()

    def _start_sessions(self, nursery: trio.Nursery) -> None:
        """The session registry (and the file watcher) in ``nursery``."""
        cfg = self.app.config["server"]
        store = self.app.hook.kernel_make_session_store(app=self.app)
        self._registry = SessionRegistry(self.app, nursery, cfg.disconnected_session_ttl, store)
        if store is not None:
            from kernel.contracts.scaleout import SESSION_CLOSER

            self.app.stash[SESSION_CLOSER] = self._registry.close_moved
        if cfg.file_watcher_type == "supervisor" and self.app.script_path is not None:
            nursery.start_soon(read_relayed_changes, Path(self.app.script_path).parent.resolve(),
                               self.source_changed)
        elif cfg.file_watcher_type != "none" and self.app.script_path is not None:
            nursery.start_soon(watch_sources, Path(self.app.script_path).parent, self.source_changed)

    def _close_sessions(self) -> None:
        if self._registry is not None:
            self._registry.dispose_all("shutdown")
            if self._registry.store is not None:
                self._registry.store.close()

    async def _accept(self, listeners: list[trio.SocketListener], nursery: trio.Nursery, *,
                      task_status: Any = trio.TASK_STATUS_IGNORED) -> None:
        # The connections live in the runtime's nursery: a drain stops accepting, not serving.
        with self._accepting:
            await trio.serve_listeners(self._handle_connection, listeners, handler_nursery=nursery,
                                       task_status=task_status)

    def source_changed(self, paths: Sequence[Path]) -> None:
        """Files of the app changed: fire the hook, then let each session react."""
        try:
            self.app.hook.kernel_source_changed(app=self.app, paths=list(paths))
        except Exception:
            log.exception("a kernel_source_changed hook failed")
        for entry in list(self._registry or ()):
            try:
                entry.session.on_source_changed(paths)
            except Exception:
                log.exception("session %s failed to handle a source change", entry.session.id)

    # -- routes -------------------------------------------------------------------

    def _setup_routes(self) -> None:
        for asset in self.app.static_assets():
            self._static.mount(asset.url_prefix, Path(asset.directory))
        self._routes = sorted(self.app.http_routes(), key=lambda r: -len(r.url_prefix))
        served_dirs: set[tuple[str, Path]] = set()
        for command in self.app.commands:
            if command.renderer is None:
                continue
            renderer = Path(command.renderer)
            kind = renderer.stem
            url = f"{RENDERER_PREFIX}{command.plugin or 'unknown'}/{renderer.name}"
            known = self._renderers.get(kind)
            if known is not None and known != url:
                log.warning("element kind %r has two renderers: %s and %s; using the first", kind, known, url)
                continue
            self._renderers[kind] = url
            prefix = url.rsplit("/", 1)[0] + "/"
            if (prefix, renderer.parent) not in served_dirs:
                served_dirs.add((prefix, renderer.parent))
                # Sibling modules and stylesheets a renderer imports (helpers, CSS), not its Python.
                self._static.mount(prefix, renderer.parent, suffixes=RENDERER_SUFFIXES)

    def _shell_response(self) -> Response:
        """The app's page, with a fresh CSP nonce (the client gives it to the scripts it adds)."""
        if self._shell is None:
            title = self.app.script_path.stem if self.app.script_path else "kernel"
            self._shell = shell_page(f"{title} · kernel", self._renderers, nonce=SHELL_NONCE.decode())
        nonce = new_nonce()
        return Response(200, self._shell.replace(SHELL_NONCE, nonce.encode()), "text/html; charset=utf-8",
                        (("cache-control", "no-cache"),), nonce=nonce)

    async def _respond(self, request: Request) -> Response:
        try:
            response = self._route(request)
            if not isinstance(response, Response):
                response = await response  # a plugin route doing slow work off the event loop
            return response
        except Exception:
            # The details go to the server log only: an exception text can hold anything.
            log.exception("GET %s failed", request.path)
            return Response(500, f"internal error while serving {request.path}; see the server log\n".encode())

    def _route(self, request: Request) -> Response | Awaitable[Response]:
        path = request.path
        if request.method not in ("GET", "HEAD"):
            return Response(405, b"method not allowed: this server answers GET and HEAD\n",
                            headers=(("allow", "GET, HEAD"),))
        if path == HEALTH_PATH:
            if self._draining:
                return Response(503, b"draining: this worker is going away\n", headers=(("cache-control", "no-store"),))
            return Response(200, b"ok\n", headers=(("cache-control", "no-store"),))
        if path == "/" or path == "/index.html":
            return self._shell_response()
        if path == STREAM_PATH:
            return Response(426, b"upgrade required: this is the app's WebSocket stream\n",
                            headers=(("upgrade", "websocket"), ("connection", "Upgrade")))
        for route in self._routes:
            if route.matches(path):
                answer = route.handler(HttpRequest(request.method, path, request.query, request.headers))
                if inspect.isawaitable(answer):
                    return self._finish_route(answer, request)
                if answer is None:
                    continue  # not here: a route with a shorter prefix may know it (scale-out's shared items)
                return Response(answer.status, answer.body, answer.content_type, answer.headers)
        return self._static_or_404(request)

    async def _finish_route(self, answer: Awaitable[HttpResponse | None], request: Request) -> Response:
        """Await a plugin route that moved slow work off the event loop."""
        done = await answer
        if done is None:
            return self._static_or_404(request)
        return Response(done.status, done.body, done.content_type, done.headers)

    def _static_or_404(self, request: Request) -> Response:
        path = request.path
        static = self._static.respond(path, request.header("if-none-match"))
        if static is not None:
            return static
        if (is_page_path(path) and not self._static.handles(path)
                and not any(route.matches(path) for route in self._routes)):
            # A page of a multipage app (/settings): the shell; the web client asks the
            # session for the page and shows "page not found" if the app has none there.
            return self._shell_response()
        return Response(404, f"not found: {path}\nThe app is served at / (its pages at /<page>).\n".encode())

    # -- hosted by another server (HostedRuntime) -----------------------------------

    async def answer(self, request: HttpRequest) -> HttpResponse:
        """The complete response to a plain HTTP request another server received."""
        self._requests += 1
        plain = Request(request.method, request.path + (f"?{request.query}" if request.query else ""),
                        request.headers)
        refusal = self.guard.check(request.headers, sends_data=request.method not in SAFE_METHODS)
        if refusal is not None:
            response = Response(403, refusal.reason.encode() + b"\n")
        elif plain.is_websocket_upgrade:
            response = Response(400, b"a WebSocket upgrade must be handed over as a connection\n")
        else:
            response = await self._respond(plain)
        headers = (("content-type", response.content_type), ("content-length", str(len(response.body))),
                   *self._security.for_response(response.headers, response.nonce), *response.headers)
        return HttpResponse(response.status, response.body, response.content_type, headers)

    async def serve_connection(self, connection: HostedConnection, request: HttpRequest,
                               ip_address: str | None = None) -> None:
        """Check, accept and serve one WebSocket another server received, until it closes."""
        self._requests += 1
        refusal = self.guard.check(request.headers, sends_data=True)
        if refusal is not None or request.path != STREAM_PATH:
            await close_quietly(connection, 1008, refusal.reason if refusal is not None
                                 else f"no WebSocket at {request.path}; the stream is {STREAM_PATH}")
            return
        assert self._registry is not None, "serve_connection before host() started"
        head = Request(request.method, request.path + (f"?{request.query}" if request.query else ""),
                       request.headers, tuple((k.encode("latin-1"), v.encode("latin-1"))
                                              for k, v in request.headers)).encode()
        try:
            await connection.accept()
            self._websockets += 1
            entry = await self._open_session(connection, request.query, head, ip_address)
            if entry is None:
                return
            try:
                while True:
                    await self._handle_frame(entry, connection, await connection.get_message())
            finally:
                self._registry.detach(entry, connection)
        except (trio.BrokenResourceError, trio.ClosedResourceError):
            pass  # the client left

    # -- connections --------------------------------------------------------------

    async def _handle_connection(self, stream: trio.SocketStream) -> None:
        self._connections += 1
        try:
            upgrade = await self._serve_http(stream)
            if upgrade is not None:
                # The HTTP part is over (its coroutine, h11 state and request are gone):
                # a long-lived stream keeps only the request head, for st.context. This
                # frame lives as long as the stream: it keeps no reference to the tuple.
                serving = self._serve_stream(stream, *upgrade)
                del upgrade
                await serving
        except Exception:  # a bug behind one connection must never stop the server
            log.exception("a connection failed with an unexpected error")
        finally:
            await trio.aclose_forcefully(stream)

    async def _serve_http(self, stream: trio.SocketStream) -> tuple[bytes, bytes, str] | None:
        """Answer plain HTTP requests; for an upgrade to the stream, return
        ``(request head, bytes read after it, query string)`` instead."""
        stream.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn = h11.Connection(h11.SERVER)
        try:
            while True:
                # An idle keep-alive connection, or a request head that never completes
                # (slowloris), gives its socket back after REQUEST_TIMEOUT seconds.
                request = None
                with trio.move_on_after(REQUEST_TIMEOUT):
                    request = await read_request(stream, conn)
                if request is None:
                    return None
                self._requests += 1
                upgrade = request.is_websocket_upgrade
                refusal = self.guard.check(request.headers, sends_data=upgrade or request.method not in SAFE_METHODS)
                if refusal is not None:
                    forbidden = Response(403, refusal.reason.encode() + b"\n", headers=(("connection", "close"),))
                    await self._send(stream, conn, forbidden, head=request.method == "HEAD")
                    return None
                if upgrade and request.method == "GET":
                    if request.path == STREAM_PATH:
                        return request.encode(), conn.trailing_data[0], request.query
                    response = Response(404, f"no WebSocket at {request.path}; the stream is {STREAM_PATH}\n".encode())
                    await self._send(stream, conn, response)
                    return None
                await self._send(stream, conn, await self._respond(request), head=request.method == "HEAD")
                if conn.our_state is not h11.DONE or conn.their_state is not h11.DONE:
                    return None  # closing, or a request body too big to drop: end the connection
                conn.start_next_cycle()
        except h11.RemoteProtocolError as exc:
            await self._send_bad_request(stream, conn, exc)
        except (trio.BrokenResourceError, trio.ClosedResourceError):
            pass
        return None

    async def _send(self, stream: trio.abc.Stream, conn: h11.Connection, response: Response, *,
                    head: bool = False) -> None:
        """Send ``response`` with the security headers (nosniff, CSP, referrer policy)."""
        await send_response(stream, conn, response, head=head,
                            extra_headers=self._security.for_response(response.headers, response.nonce))

    async def _send_bad_request(self, stream: trio.abc.Stream, conn: h11.Connection, exc: Exception) -> None:
        if conn.our_state not in (h11.IDLE, h11.SEND_RESPONSE):
            return
        body = f"bad request: {exc}\n".encode()
        try:
            await stream.send_all(conn.send(h11.Response(
                status_code=400, headers=[("content-type", "text/plain; charset=utf-8"),
                                          ("content-length", str(len(body))), ("connection", "close"),
                                          *self._security.headers()])))
            await stream.send_all(conn.send(h11.Data(data=body)) + conn.send(h11.EndOfMessage()))
        except (h11.LocalProtocolError, trio.BrokenResourceError, trio.ClosedResourceError):
            pass

    async def _serve_stream(self, socket_stream: trio.SocketStream, head: bytes, rest: bytes, query: str) -> None:
        """Accept the WebSocket, open or resume the session it asks for, hand it the client's messages.

        One coroutine for the life of the stream (besides trio-websocket's reader):
        every idle connection keeps this frame, so the steps before the loop are helpers.
        """
        # trio-websocket (and wsproto) load on the first stream, not at start-up.
        from kernel_plugins.runtime._websocket_import import import_trio_websocket

        import_trio_websocket()
        import trio_websocket

        from kernel_plugins.runtime._deflate import accept as accept_stream
        from kernel_plugins.runtime._shed import shed_handshake

        assert self._registry is not None
        # h11 has read the upgrade request; trio-websocket reads it again from the replay
        # (which the open connection hands back for the socket: see shed_handshake).
        replay = ReplayStream(socket_stream, head + rest)
        del rest
        self._streams.add(socket_stream)
        try:
            async with trio.open_nursery() as nursery:
                ws_request = await trio_websocket.wrap_server_stream(
                    nursery, replay, max_message_size=self.app.config["server"].max_message_size_bytes
                )
                del replay
                ws, compressed = await accept_stream(
                    ws_request, compress=self.app.config["server"].enable_websocket_compression)
                del ws_request
                shed_handshake(ws, socket_stream)
                self._websockets += 1
                self._compressed += compressed
                entry = await self._open_session(ws, query, head, _peer_address(socket_stream))
                del head, query
                if entry is not None:
                    try:
                        while True:
                            await self._handle_frame(entry, ws, await ws.get_message())
                    finally:
                        self._registry.detach(entry, ws)
                nursery.cancel_scope.cancel()
        except* (trio_websocket.ConnectionClosed, trio.BrokenResourceError, trio.ClosedResourceError):
            pass  # the peer left (errors from inside the nursery arrive grouped)
        finally:
            self._streams.discard(socket_stream)

    async def _open_session(self, ws: MessageConnection, query: str, head: bytes = b"",
                            ip_address: str | None = None) -> SessionEntry | None:
        """The session the client asks for (resumed by its token, or new), attached to ``ws``.

        ``None`` after telling the client why there is none (a protocol version
        mismatch, a failing session factory) and closing the connection.
        """
        # The wire messages load with the first stream, not at start-up.
        from kernel.contracts.messages import PROTOCOL_VERSION, ErrorMsg, encode_forward_frame

        assert self._registry is not None
        params = urllib.parse.parse_qs(query)
        version = params.get("v", [str(PROTOCOL_VERSION)])[0]
        if version != str(PROTOCOL_VERSION):
            message = (f"this server speaks protocol version {PROTOCOL_VERSION}, the client {version}; "
                       "reload the page to get the matching client")
            await ws.send_message(encode_forward_frame([ErrorMsg(message, "protocol_version")]))
            await ws.aclose(4001, "protocol version mismatch")
            return None
        if self._draining:  # accepted just before the drain began: the page goes elsewhere
            await ws.aclose(DRAIN_CLOSE_CODE, f"retry={random.randrange(int(DRAIN_SPREAD_MIN * 1000))}")
            return None
        token = params.get("token", [""])[0]
        entry = self._registry.resume(token)
        if entry is not None and self._registry.store is not None and await self._superseded(entry):
            await self._registry.close_superseded(entry)
            entry = None
        if entry is None and token and self._registry.store is not None:
            entry = await self._claim(token)
        resumed = entry is not None
        if entry is None:
            try:
                entry = self._registry.open()
            except Exception as exc:
                log.exception("could not make a session")
                error = ErrorMsg(f"the server could not start a session: {exc!r}", "session_error")
                await ws.send_message(encode_forward_frame([error]))
                await ws.aclose(1011, "could not start a session")
                return None
        greeting = encode_forward_frame([self._registry.greeting(entry, resumed=resumed)])
        try:
            await ws.send_message(greeting)
        except BaseException:
            self._registry.release(entry)
            raise
        entry.frames_sent += 1
        entry.bytes_sent += len(greeting)
        # For st.context: the request that opened (or resumed) the session.
        try:
            self.app.hook.kernel_client_connected(session=entry.session, request_head=head, ip_address=ip_address)
        except Exception:
            log.exception("session %s: a kernel_client_connected hook failed", entry.session.id)
        if not self._registry.attach(entry, ws):
            await ws.aclose(1011, "the session was closed")
            return None
        if self._draining:  # the drain began while this session was claimed or made
            await self._registry.drain_one(entry, random.uniform(0, DRAIN_SPREAD_MIN))
            return None
        return entry

    async def _superseded(self, entry: SessionEntry) -> bool:
        """Whether another worker claimed ``entry``'s session since this worker held it
        (scale-out): this worker's copy is stale, so a reconnect here must claim the session
        again, not resume that copy. An unreachable store answers ``False``: the local copy
        goes on, and fencing refuses its writes if it was stale after all."""
        assert self._registry is not None and self._registry.store is not None
        try:
            return await trio.to_thread.run_sync(self._registry.store.superseded, entry.session.id)
        except Exception as exc:
            log.debug("session %s: could not ask the session store who owns it: %s", entry.session.id, exc)
            return False

    async def _claim(self, token: str) -> SessionEntry | None:
        """The session of ``token`` taken over from the session store (scale-out), or
        ``None`` (the caller opens a fresh one): for a token this app did not issue (the
        store is never asked), a session the store does not have (nothing is written), or
        a store that failed (logged)."""
        assert self._registry is not None and self._registry.store is not None
        store = self._registry.store
        session_id = store.tokens.verify(token)
        if session_id is None:
            log.info("a connection presented a resume token this app did not issue; it gets a fresh session")
            return None
        try:
            snapshot = await trio.to_thread.run_sync(store.claim, session_id)
        except ConnectionError as exc:  # the store is unreachable: it logs the outage once, not per claim
            log.debug("session %s: the session store is unreachable (%s); a fresh session instead", session_id, exc)
            return None
        except Exception:
            log.exception("session %s: claiming it from the session store failed; a fresh session instead",
                          session_id)
            return None
        if snapshot is None:
            return None
        if self._registry.resume(token) is not None:  # claimed twice at once: the first one won
            return self._registry.resume(token)
        for dropped in snapshot.dropped:
            log.warning("session %s: %r was not restored (%s); the script recreates it or goes without",
                        session_id, dropped.key, dropped.reason)
        try:
            return self._registry.open(snapshot)
        except Exception:
            log.exception("session %s: rebuilding it from the session store failed; a fresh session instead",
                          session_id)
            return None

    async def _handle_frame(self, entry: SessionEntry, ws: MessageConnection,
                            frame: str | bytes) -> None:
        from kernel.contracts.messages import ErrorMsg, FrameError, Rerun, decode_back_frame, encode_forward_frame

        try:
            msgs = decode_back_frame(frame)
        except FrameError as exc:
            self._bad_frames += 1
            await ws.send_message(encode_forward_frame([ErrorMsg(str(exc), "bad_frame")]))
            return
        for msg in msgs:
            if entry.closed:
                return  # drained (or closed) meanwhile: not accepted; the page sends it again elsewhere
            if type(msg) is Rerun:
                entry.arm()  # the run's first message then needs no wake-up of this thread
            try:
                entry.session.handle_back_msg(msg)
            except Exception as exc:  # a bug in a session plugin must not end the connection
                log.exception("session %s failed to handle %r", entry.session.id, msg)
                error = ErrorMsg(f"the server failed to handle {type(msg).__name__}: {exc!r}", "handler_error")
                await ws.send_message(encode_forward_frame([error]))


def _lookup_host(address: str) -> str | bytes:
    """``address`` as getaddrinfo is given it: an ASCII one as bytes, since a str would be
    encoded with the idna codec (encodings.idna and stringprep, ~0.4 ms of start-up) to reach
    the same bytes; any other as it is (trio encodes it with IDNA 2008)."""
    return address.encode("ascii") if address.isascii() else address


async def _reuse_port_listener(address: str, port: int) -> trio.SocketListener:
    """A listener on ``address:port`` bound with ``SO_REUSEPORT``, so the other workers of
    the app can bind the same port (the operating system spreads connections among them)."""
    if not hasattr(socket, "SO_REUSEPORT"):
        raise OSError("server.reuse_port needs SO_REUSEPORT, which this system lacks: give each worker "
                      "its own port (kernel run --workers N --worker-ports FIRST-LAST) behind a proxy")
    infos = await trio.socket.getaddrinfo(_lookup_host(address), port, type=socket.SOCK_STREAM,
                                          flags=socket.AI_PASSIVE)
    family, kind, proto, _, sockaddr = infos[0]
    sock = trio.socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        await sock.bind(sockaddr)
        sock.listen(socket.SOMAXCONN)
    except BaseException:
        sock.close()
        raise
    return trio.SocketListener(sock)


def is_page_path(path: str) -> bool:
    """Whether ``path`` can name a page of the app: outside ``/_kernel/``, no file extension."""
    return not path.startswith("/_kernel/") and path != "/_kernel" and "." not in path.rsplit("/", 1)[-1]


def warm_up(app: KernelApp) -> None:
    """Fire ``kernel_warm_up`` (``server.warm_up``: before the runtime listens), each plugin's
    implementation on its own: one that fails is logged and the others still warm up (the
    first sessions pay for what it left out)."""
    began = time.perf_counter()
    for impl in reversed(app.hook.kernel_warm_up.get_hookimpls()):
        if impl.wrapper or impl.hookwrapper:
            continue  # called directly, a wrapper would only make a generator (the hookspec says so)
        try:
            impl.function(**{name: app for name in impl.argnames})
        except Exception:
            log.exception("the warm-up of plugin %s failed; serving anyway", impl.plugin_name)
    log.info("warmed up in %.0f ms", (time.perf_counter() - began) * 1000)


def _peer_address(stream: trio.SocketStream) -> str | None:
    """The client's IP address, if the stream is a socket."""
    sock = getattr(stream, "socket", None)
    try:
        peer = sock.getpeername() if sock is not None else None
    except OSError:
        return None
    return str(peer[0]) if isinstance(peer, tuple) and peer else None
