"""The Runtime contract: the server, the session registry and the message flow."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

HEALTH_PATH = "/_kernel/health"
"""Every runtime answers ``GET`` here with 200 once it accepts connections."""

if TYPE_CHECKING:
    from kernel._app import KernelApp
    from kernel._routes import HttpRequest, HttpResponse
    from kernel._stash import Stash
    from kernel.contracts.app_session import AppSession


@runtime_checkable
class Runtime(Protocol):
    """Serves the app: accepts connections, owns the sessions and their flush tasks.

    Made once per process by ``kernel_make_runtime``; lives in the trio main thread.
    Serves a health route at :data:`HEALTH_PATH`.

    What the rest of the app relies on a runtime to do (``docs/protocol.md`` is the
    wire side; ``tests/replacements/tiny_runtime.py`` is a minimal runtime):

    * speak the protocol at ``/_kernel/stream``: check the client's version, make a
      session with ``app.make("app_session", session_id=...)`` (or resume one by its
      token), greet with ``NewSession``, and hand every decoded message to
      ``session.handle_back_msg`` (a bad frame gets an ``Error``, not a closed connection);
    * for each new session: ``session.queue.set_listener(...)`` so the queue wakes the
      task that flushes it and sends the frames, then fire ``kernel_session_opened``;
      on a reconnection, drop what was queued for the old connection and call
      ``session.queue.reset_shown()``; for every connection, once the client is
      greeted, fire ``kernel_client_connected`` with the request head (``st.context``);
    * when files of the app change, fire ``kernel_source_changed`` and call each
      session's ``on_source_changed`` (optional: a runtime may not watch files);
    * close every session (``session.close(reason)``, which fires
      ``kernel_session_closed``) when it ends, or when a disconnected one expires;
    * optionally, ``async def drain()``: called once a stop is asked for (before the
      shutdown hooks), it lets the worker go gracefully when sessions outlive it (scale-out):
      stop accepting, mark each session with ``kernel.contracts.scaleout.DRAINING`` and stop
      its run, close it, and tell its page to reconnect elsewhere (docs/scaleout.md, "Drain").
    """

    app: KernelApp
    stash: Stash

    async def serve(self, *, task_status: Any = ...) -> None:
        """Listen and serve until cancelled.

        Calls ``task_status.started(url)`` once it accepts connections, so callers can
        ``await nursery.start(runtime.serve)``. On cancellation it closes every session
        and joins their worker threads before returning.
        """
        ...

    @property
    def url(self) -> str | None:
        """The URL the app is served at, or ``None`` before :meth:`serve` started."""
        ...

    @property
    def sessions(self) -> Mapping[str, AppSession]:
        """The live sessions by id (read-only view)."""
        ...

    def statistics(self) -> Any:
        """A frozen record of counters (sessions, connections, bytes sent, ...)."""
        ...


@runtime_checkable
class MessageConnection(Protocol):
    """A client's WebSocket as a runtime uses it once accepted (trio-websocket's connection is one).

    Used in the runtime's trio thread. When the client has gone, :meth:`get_message` and
    :meth:`send_message` raise ``trio.ClosedResourceError`` or ``trio.BrokenResourceError``
    (trio-websocket's ``ConnectionClosed`` also counts).
    """

    async def get_message(self) -> str | bytes:
        """The client's next message."""
        ...

    async def send_message(self, message: str | bytes) -> None:
        """Send one message (a frame of the protocol) to the client."""
        ...

    async def aclose(self, code: int = 1000, reason: str | None = None) -> None:
        """Close the connection with a WebSocket close ``code``."""
        ...


@runtime_checkable
class HostedConnection(MessageConnection, Protocol):
    """A WebSocket another server received and hands to a runtime before accepting it."""

    async def accept(self) -> None:
        """Accept the WebSocket handshake. Closing instead refuses it (HTTP 403)."""
        ...


@runtime_checkable
class HostedRuntime(Runtime, Protocol):
    """A runtime another server can host: it serves requests handed to it instead of listening.

    An ASGI adapter (``st.App``) or any other server calls :meth:`host` in a trio task,
    then hands each plain HTTP request to :meth:`answer` and each WebSocket to
    :meth:`serve_connection`, from the same trio thread. The runtime applies the same rules
    as on its own port (the Host and Origin checks, security headers, the stream at
    ``/_kernel/stream``).
    """

    async def host(self, *, task_status: Any = ...) -> None:
        """Start the sessions and serve what is handed over until cancelled; like
        :meth:`Runtime.serve` without a socket (``task_status.started(None)``, ``url`` stays ``None``)."""
        ...

    async def answer(self, request: HttpRequest) -> HttpResponse:
        """The complete response to a plain HTTP request, its headers included."""
        ...

    async def serve_connection(self, connection: HostedConnection, request: HttpRequest,
                               ip_address: str | None = None) -> None:
        """Check, accept (or refuse) and serve one client's WebSocket until it closes.

        ``request`` is the upgrade request (path, query and headers); ``ip_address`` the client's.
        """
        ...
