"""The Runtime contract: the server, the session registry and the message flow."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

HEALTH_PATH = "/_kernel/health"
"""Every runtime answers ``GET`` here with 200 once it accepts connections."""

if TYPE_CHECKING:
    from kernel.app import KernelApp
    from kernel.contracts.app_session import AppSession
    from kernel.stash import Stash


@runtime_checkable
class Runtime(Protocol):
    """Serves the app: accepts connections, owns the sessions and their flush tasks.

    Made once per process by ``kernel_make_runtime``; lives in the trio main thread.
    Serves a health route at :data:`HEALTH_PATH`.
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
