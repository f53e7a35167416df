"""Startup, shutdown and the bounded, graceful stop of ``kernel run``."""

from __future__ import annotations

import threading
from typing import Any

import trio

from kernel import hookimpl
from kernel._lifecycle import serve_app
from tests.conftest import MakeApp


class Recorder:
    def __init__(self) -> None:
        self.events: list[str] = []

    @hookimpl
    def kernel_configured(self, app: Any) -> None:
        self.events.append("configured")

    @hookimpl
    async def kernel_startup(self, runtime: Any) -> None:
        await trio.sleep(0)
        self.events.append(f"startup {runtime.url is not None}")

    @hookimpl
    def kernel_shutdown(self, runtime: Any) -> None:
        self.events.append("shutdown")

    @hookimpl
    def kernel_session_closed(self, session: Any, reason: str) -> None:
        self.events.append(f"closed {session.id} {reason}")


async def test_startup_then_shutdown_hooks_fire_in_order(make_app: MakeApp) -> None:
    recorder = Recorder()
    app = make_app(config_options={"server.port": "0"}, plugins=[(recorder, "recorder")])
    stop = trio.Event()
    ready: list[str] = []
    async with trio.open_nursery() as nursery:
        runtime = await nursery.start(lambda task_status: serve_app(app, stop, on_ready=lambda r: ready.append(r.url),
                                                                    task_status=task_status))
        assert runtime.url == ready[0]
        assert recorder.events == ["configured", "startup True"]
        stop.set()
    assert recorder.events == ["configured", "startup True", "shutdown"]


async def test_shutdown_closes_sessions_and_joins_script_threads(make_app: MakeApp) -> None:
    import trio_websocket

    from kernel.contracts.messages import Rerun, encode_back_frame

    recorder = Recorder()
    opened: list[Any] = []

    class Opened:
        @hookimpl
        def kernel_session_opened(self, session: Any) -> None:
            opened.append(session)

    app = make_app(script="from kernel import st\nwhile True:\n    st.text('busy')\n",
                   config_options={"server.port": "0"}, plugins=[(recorder, "recorder"), (Opened(), "opened")])
    stop = trio.Event()
    async with trio.open_nursery() as nursery:
        runtime = await nursery.start(serve_app, app, stop)
        stream = runtime.url.replace("http://", "ws://") + "_kernel/stream"
        async with trio_websocket.open_websocket_url(stream) as ws:
            await ws.send_message(encode_back_frame([Rerun()]))
            with trio.fail_after(10):
                while not (opened and opened[0].runner.is_running):
                    await ws.get_message()
            stop.set()
    session = opened[0]
    assert not session.runner.is_running
    assert f"closed {session.id} shutdown" in recorder.events
    assert not [t for t in threading.enumerate() if t.name == f"script-{session.id}"]


async def test_shutdown_is_bounded_when_a_hook_hangs(make_app: MakeApp) -> None:
    class Hang:
        @hookimpl
        async def kernel_shutdown(self) -> None:
            await trio.sleep_forever()

    app = make_app(config_options={"server.port": "0"}, plugins=[(Hang(), "hang")])
    stop = trio.Event()
    with trio.fail_after(5):
        async with trio.open_nursery() as nursery:
            await nursery.start(lambda task_status: serve_app(app, stop, shutdown_timeout=0.2,
                                                              task_status=task_status))
            stop.set()


async def test_shutdown_fires_when_startup_fails(make_app: MakeApp) -> None:
    events: list[str] = []

    class Fail:
        @hookimpl
        def kernel_startup(self) -> None:
            raise RuntimeError("startup failed")

        @hookimpl
        def kernel_shutdown(self) -> None:
            events.append("shutdown")

    app = make_app(config_options={"server.port": "0"}, plugins=[(Fail(), "fail")])
    try:
        await serve_app(app, trio.Event())
    except* RuntimeError as group:
        assert "startup failed" in str(group.exceptions[0])
    else:
        raise AssertionError("startup failure must propagate")
    assert events == ["shutdown"]
