"""The trio main: start the runtime, fire startup, wait for a stop, shut down in bounded time."""

from __future__ import annotations

import inspect
import signal
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import trio

from kernel._app import KernelApp

if TYPE_CHECKING:
    from kernel.contracts import Runtime
    from kernel.contracts.runtime import HostedRuntime

__all__ = ["DRAIN_TIMEOUT", "SHUTDOWN_TIMEOUT", "host_app", "run_app", "serve_app"]

SHUTDOWN_TIMEOUT = 5.0
"""Seconds shutdown hooks and the runtime get to finish before they are cancelled."""
DRAIN_TIMEOUT = 10.0
"""Seconds a runtime's drain (sessions handed to other workers) gets before shutdown goes on."""


async def _await_all(results: Iterable[Any]) -> None:
    for result in results:
        if inspect.isawaitable(result):
            await result


async def serve_app(
    app: KernelApp,
    stop: trio.Event,
    *,
    on_ready: Callable[[Runtime], None] | None = None,
    shutdown_timeout: float = SHUTDOWN_TIMEOUT,
    task_status: trio.TaskStatus[Runtime] = trio.TASK_STATUS_IGNORED,
) -> None:
    """Serve ``app`` until ``stop`` is set, then shut down.

    ``kernel_startup`` fires once the runtime accepts connections, ``kernel_shutdown``
    on every exit path after that. Shutdown hooks and the runtime's own cleanup (closing
    sessions, joining script threads) together get ``shutdown_timeout`` seconds. Once
    ``stop`` is set, a runtime with a ``drain()`` method (optional, see
    :class:`kernel.contracts.Runtime`) drains first, for at most :data:`DRAIN_TIMEOUT` seconds.
    """
    runtime: Runtime = app.make("runtime")
    await _run(app, runtime, runtime.serve, stop, on_ready, shutdown_timeout, task_status)


async def host_app(
    app: KernelApp,
    stop: trio.Event,
    *,
    shutdown_timeout: float = SHUTDOWN_TIMEOUT,
    task_status: trio.TaskStatus[HostedRuntime] = trio.TASK_STATUS_IGNORED,
) -> None:
    """Run ``app`` for another server until ``stop`` is set, then shut down.

    Like :func:`serve_app`, but the runtime listens on no port: the hosting server (an
    ASGI adapter, say) hands it each request through the
    :class:`~kernel.contracts.runtime.HostedRuntime` methods, from this trio thread.
    ``task_status.started`` gets the runtime once the startup hooks ran. Raises
    :class:`~kernel.KernelError` when the app's runtime plugin cannot be hosted.
    """
    from kernel._errors import KernelError
    from kernel.contracts.runtime import HostedRuntime

    runtime = app.make("runtime")
    if not isinstance(runtime, HostedRuntime):
        raise KernelError(
            f"the runtime {type(runtime).__module__}.{type(runtime).__qualname__} cannot be hosted by another "
            "server (it has no host/answer/serve_connection); serve the app with `kernel run` instead, or "
            "use a runtime plugin that implements kernel.contracts.runtime.HostedRuntime")
    await _run(app, runtime, runtime.host, stop, None, shutdown_timeout, task_status)


async def _run(app: KernelApp, runtime: Runtime, serve: Callable[..., Any], stop: trio.Event,
               on_ready: Callable[[Runtime], None] | None, shutdown_timeout: float,
               task_status: trio.TaskStatus[Any]) -> None:
    async with trio.open_nursery() as nursery:
        await nursery.start(serve)
        try:
            await _await_all(app.hook.kernel_startup(app=app, runtime=runtime))
            if on_ready is not None:
                on_ready(runtime)
            task_status.started(runtime)
            await stop.wait()
        finally:
            drain = getattr(runtime, "drain", None)
            if stop.is_set() and drain is not None:
                with trio.move_on_after(DRAIN_TIMEOUT) as scope:
                    scope.shield = True
                    await drain()
            with trio.move_on_after(shutdown_timeout) as scope:
                scope.shield = True
                await _await_all(app.hook.kernel_shutdown(app=app, runtime=runtime))
            nursery.cancel_scope.cancel()


async def _main(app: KernelApp, on_ready: Callable[[Runtime], None] | None) -> None:
    stop = trio.Event()
    with trio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
        async with trio.open_nursery() as nursery:

            async def wait_for_signal() -> None:
                async for _ in signals:
                    stop.set()
                    return

            nursery.start_soon(wait_for_signal)
            await serve_app(app, stop, on_ready=on_ready)
            nursery.cancel_scope.cancel()


def run_app(app: KernelApp, *, on_ready: Callable[[Runtime], None] | None = None) -> int:
    """Run ``app`` in trio until Ctrl-C or SIGTERM; return the exit code (0)."""
    trio.run(_main, app, on_ready)
    return 0
