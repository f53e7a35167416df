"""The kernel's trio loop in a thread of its own, and the bridge between it and an ASGI server's loop.

An ASGI server runs its own event loop (asyncio under uvicorn, or trio under hypercorn);
the kernel's runtime lives in trio. :class:`KernelHost` runs the runtime with
:func:`kernel.host_app` in a dedicated thread and crosses between the two loops without
blocking either: each side's loop takes callbacks from other threads (trio's token, asyncio's
``call_soon_threadsafe``), and a task group of the bridge runs the calls in the server's
loop. Every call the bridge makes on one side is awaited on the other, so one connection's
messages keep their order.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from concurrent.futures import Future
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import anyio
import anyio.abc
import trio
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream

from kernel import KernelApp, host_app

if TYPE_CHECKING:
    from kernel.contracts.runtime import HostedRuntime

__all__ = ["KernelHost"]

T = TypeVar("T")

log = logging.getLogger("kernel.asgi")

START_TIMEOUT = 60.0
"""Seconds the kernel's thread gets to start its runtime (plugin start-up hooks included)."""


class KernelHost:
    """Runs one app's runtime in a trio thread for the ASGI server whose loop calls :meth:`start`."""

    def __init__(self, app: KernelApp) -> None:
        self.app = app
        self.runtime: HostedRuntime | None = None
        self._soon: Callable[[Callable[[], object]], object] | None = None
        """Schedules a callback in the server's loop, from any thread."""
        self._tasks: anyio.abc.TaskGroup | None = None
        """Runs the kernel's calls in the server's loop."""
        self._calls: MemoryObjectSendStream[Callable[[], Coroutine[Any, Any, None]]] | None = None
        """The kernel's calls on their way to :meth:`_dispatch` (sent to in the server's loop)."""
        self._token: trio.lowlevel.TrioToken | None = None
        self._nursery: trio.Nursery | None = None
        self._stop: trio.Event | None = None
        self._thread: threading.Thread | None = None
        self._started: Future[None] = Future()
        self._users = 0

    @property
    def running(self) -> bool:
        """Whether the runtime is up and takes requests."""
        return self.runtime is not None and self._tasks is not None

    # -- life -----------------------------------------------------------------------

    @asynccontextmanager
    async def running_for_lifespan(self) -> AsyncIterator[None]:
        """The runtime running for as long as the block; nested users (the app's own lifespan
        and a parent's) share one start, and the last one out stops it."""
        if self._users == 0:
            await self.start()
        self._users += 1
        try:
            yield
        finally:
            self._users -= 1
            if self._users == 0:
                await self.stop()

    async def start(self) -> None:
        """Start the kernel's thread and wait until its runtime takes requests (in the server's loop)."""
        if self._thread is not None:
            raise RuntimeError("this app's kernel is already started; an st.App runs once at a time")
        self._soon = _scheduler()
        self._tasks = anyio.create_task_group()
        await self._tasks.__aenter__()
        self._calls, calls = anyio.create_memory_object_stream[Callable[[], Coroutine[Any, Any, None]]](math.inf)
        self._tasks.start_soon(self._dispatch, calls)
        self._thread = threading.Thread(target=self._run, name="kernel-asgi", daemon=True)
        self._thread.start()
        try:
            with anyio.fail_after(START_TIMEOUT):
                await anyio.to_thread.run_sync(self._started.result)
        except BaseException:
            await self.stop()
            raise

    async def stop(self) -> None:
        """Shut the runtime down (closing every session) and join the kernel's thread."""
        thread, self._thread = self._thread, None
        token, stop = self._token, self._stop
        if token is not None and stop is not None:
            try:
                token.run_sync_soon(stop.set)
            except trio.RunFinishedError:
                pass
        if thread is not None:
            await anyio.to_thread.run_sync(thread.join)
        self.runtime = None
        self._token = self._nursery = self._stop = None
        self._started = Future()
        tasks, self._tasks = self._tasks, None
        calls, self._calls = self._calls, None
        if calls is not None:
            calls.close()
        if tasks is not None:
            tasks.cancel_scope.cancel()
            await tasks.__aexit__(None, None, None)
        self._soon = None

    def _run(self) -> None:
        try:
            trio.run(self._main)
        except BaseException as exc:  # the server's loop hears it through the future
            if not self._started.done():
                self._started.set_exception(exc)
            else:
                log.exception("the kernel's loop ended with an error")

    async def _main(self) -> None:
        self._token = trio.lowlevel.current_trio_token()
        self._stop = trio.Event()
        async with trio.open_nursery() as calls:
            self._nursery = calls  # the calls the server's loop makes (requests, connections)
            async with trio.open_nursery() as nursery:
                self.runtime = await nursery.start(host_app, self.app, self._stop)
                self._started.set_result(None)
            # host_app returned once stopped, having closed every session: what is left
            # of the connections ends now.
            calls.cancel_scope.cancel()

    # -- crossing -------------------------------------------------------------------

    async def _dispatch(self, calls: MemoryObjectReceiveStream[Callable[[], Coroutine[Any, Any, None]]]) -> None:
        """Start each call the kernel's side sends as a task of the server's loop.

        (A callback from another thread runs outside any task, where anyio cannot tell the
        loop: it only hands the call to this task.)
        """
        assert self._tasks is not None
        tasks = self._tasks
        async with calls:
            async for call in calls:
                tasks.start_soon(call)

    async def to_kernel(self, fn: Callable[..., Awaitable[T]], *args: Any) -> T:
        """Await ``fn(*args)`` in the kernel's trio loop, from the server's loop.

        Cancelling the caller cancels the call in trio.
        """
        token, nursery, soon = self._token, self._nursery, self._soon
        if token is None or nursery is None or soon is None:
            raise RuntimeError("the app's kernel is not running")
        done = anyio.Event()
        outcome: dict[str, Any] = {}
        scope = trio.CancelScope()

        async def call() -> None:
            try:
                with scope:
                    outcome["value"] = await fn(*args)
            except trio.Cancelled:
                raise  # the kernel is shutting down; the caller hears it stopped
            except BaseException as exc:  # noqa: BLE001 - handed to the caller as it is
                outcome["error"] = exc
            finally:
                _call_soon(soon, done.set)

        if not _call_soon(token.run_sync_soon, lambda: nursery.start_soon(call)):
            raise RuntimeError("the app's kernel has stopped")
        try:
            await done.wait()
        except BaseException:
            _call_soon(token.run_sync_soon, scope.cancel)
            raise
        if "error" in outcome:
            raise outcome["error"]
        if "value" not in outcome:  # cancelled in trio (the kernel is shutting down)
            raise RuntimeError("the app's kernel stopped while answering")
        value: T = outcome["value"]
        return value

    async def to_server(self, fn: Callable[..., Awaitable[T]], *args: Any) -> T:
        """Await ``fn(*args)`` in the server's loop, from the kernel's trio loop."""
        soon, tasks, token = self._soon, self._tasks, self._token
        if soon is None or tasks is None or token is None:
            raise trio.BrokenResourceError("the ASGI server's loop is gone")
        arrived = trio.Event()
        future: Future[T] = Future()

        async def call() -> None:
            try:
                future.set_result(await fn(*args))
            except BaseException as exc:  # noqa: BLE001 - handed to the kernel's side as it is
                future.set_exception(exc)
                if not isinstance(exc, Exception):
                    raise
            finally:
                _call_soon(token.run_sync_soon, arrived.set)

        calls = self._calls

        def deliver() -> None:  # in the server's loop
            try:
                assert calls is not None
                calls.send_nowait(call)
            except Exception as exc:  # noqa: BLE001 - the bridge is closing: the kernel's side hears it
                future.set_exception(trio.BrokenResourceError(f"the ASGI server's loop is closing: {exc!r}"))
                _call_soon(token.run_sync_soon, arrived.set)

        if not _call_soon(soon, deliver):
            raise trio.BrokenResourceError("the ASGI server's loop is gone")
        await arrived.wait()
        return future.result()


def _scheduler() -> Callable[[Callable[[], object]], object]:
    """The calling loop's thread-safe "call this soon" (asyncio or trio, the ASGI servers' loops)."""
    import sniffio

    library = sniffio.current_async_library()
    if library == "trio":
        return trio.lowlevel.current_trio_token().run_sync_soon
    if library == "asyncio":
        import asyncio

        return asyncio.get_running_loop().call_soon_threadsafe
    raise RuntimeError(f"st.App runs under an ASGI server on asyncio or trio, not {library}")


def _call_soon(soon: Callable[[Callable[[], object]], object], callback: Callable[[], object]) -> bool:
    """``soon(callback)``; ``False`` when that loop has ended."""
    try:
        soon(callback)
    except (trio.RunFinishedError, RuntimeError):  # asyncio: "Event loop is closed"
        return False
    return True
