"""Fixtures for scale-out tests: two servers ("workers") in one process sharing the in-memory store."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, Protocol

import pytest
import trio

from kernel._app import AppOptions, build_app
from kernel._lifecycle import serve_app
from kernel_plugins.runtime import HttpRuntime

SECRET = "s" * 40


class Workers(Protocol):
    async def __call__(self, source: str, *, worker: str, plugins: tuple[object, ...] = (),
                       **config: str) -> HttpRuntime: ...


@pytest.fixture
def prefix() -> str:
    """A key prefix of this test's own (the in-memory spaces live as long as the process)."""
    return f"test:{secrets.token_hex(6)}"


@pytest.fixture
async def worker(nursery: trio.Nursery, tmp_path: Path, prefix: str) -> AsyncIterator[Workers]:
    """``await worker(source, worker="a", **config)`` serves the script as one worker of the
    app (scale-out on, in-memory store of this test's prefix) until the test ends."""
    stops: list[trio.Event] = []

    async def start(source: str, *, worker: str, plugins: tuple[object, ...] = (), **config: str) -> HttpRuntime:
        script = tmp_path / "app.py"
        script.write_text(source)
        options = {"server.port": "0", "server.file_watcher_type": "none", "scaleout.backend": "memory",
                   "scaleout.secret": SECRET, "scaleout.key_prefix": prefix, "scaleout.worker": worker, **config}
        app = build_app(AppOptions(script_path=script, config_options=options, cwd=tmp_path, home=tmp_path,
                                   environ={}, plugins=[(p, None) for p in plugins]))
        stop = trio.Event()
        stops.append(stop)
        runtime: HttpRuntime = await nursery.start(serve_app, app, stop)
        return runtime

    yield start
    for stop in stops:
        stop.set()


def store_of(runtime: HttpRuntime) -> Any:
    """The worker's session store."""
    return runtime.app.hook.kernel_make_session_store(app=runtime.app)


def records(prefix: str) -> dict[str, Any]:
    """The sessions the in-memory store holds for ``prefix``."""
    from kernel_plugins.scaleout._memory import space

    return dict(space(prefix).sessions)


def recorder() -> tuple[object, list[tuple[str, list[Any]]]]:
    """A plugin that records ``kernel_session_restored`` calls."""
    from kernel import hookimpl

    calls: list[tuple[str, list[Any]]] = []

    class Recorder:
        @hookimpl
        def kernel_session_restored(self, session: Any, dropped_keys: Any) -> None:
            calls.append((session.id, list(dropped_keys)))

    return Recorder(), calls


__all__ = ["SECRET", "Workers", "records", "recorder", "store_of"]
