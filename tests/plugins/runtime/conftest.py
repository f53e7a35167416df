"""Fixtures for runtime tests: a served app on a free port."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import trio

from kernel._app import AppOptions, build_app
from kernel._lifecycle import serve_app
from kernel_plugins.runtime import HttpRuntime
from tests.plugins.runtime.liveloop_client import Serve


@pytest.fixture
async def serve(nursery: trio.Nursery, tmp_path: Path) -> AsyncIterator[Serve]:
    """``await serve(source, **config)`` serves a script on 127.0.0.1:0 until the test ends."""
    stops: list[trio.Event] = []

    async def start(source: str, *, name: str = "app.py", **config: str) -> HttpRuntime:
        script = tmp_path / name
        script.write_text(source)
        options = {"server.port": "0", "server.file_watcher_type": "none", **config}
        app = build_app(AppOptions(script_path=script, config_options=options, cwd=tmp_path, home=tmp_path,
                                   environ={}))
        stop = trio.Event()
        stops.append(stop)
        runtime: HttpRuntime = await nursery.start(serve_app, app, stop)
        return runtime

    yield start
    for stop in stops:
        stop.set()


