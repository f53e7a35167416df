"""The Runtime contract: the server, the session registry and the message flow."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

HEALTH_PATH = "/_kernel/health"
"""Every runtime answers ``GET`` here with 200 once it accepts connections."""

if TYPE_CHECKING:
    from kernel._app import KernelApp
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
      ``kernel_session_closed``) when it ends, or when a disconnected one expires.
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
