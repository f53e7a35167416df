"""Fixtures for the caching plugin's tests: apps with a private cache folder, and script runs."""

from __future__ import annotations

import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kernel._app import AppOptions, KernelApp, activate, build_app
from kernel.contracts.messages import Delta, ForwardMsg, ScriptFinished


def cache_app(tmp_path: Path, script: str | None = None, plugins: tuple[object, ...] = (), **config: str) -> KernelApp:
    """An app whose home, cwd and disk cache live under ``tmp_path``; ``config`` sets ``[cache]`` options."""
    script_path = None
    if script is not None:
        script_path = tmp_path / "app.py"
        script_path.write_text(textwrap.dedent(script))
    options = {"cache.disk_folder": str(tmp_path / "cache"), **{f"cache.{k}": v for k, v in config.items()}}
    return build_app(
        AppOptions(
            script_path=script_path, cwd=tmp_path, home=tmp_path, environ={}, config_options=options,
            plugins=[(p, type(p).__name__) for p in plugins],
        )
    )  # fmt: skip


def run_session(app: KernelApp, session: Any, timeout: float = 60.0, *, whole: bool = False) -> list[ForwardMsg]:
    """Run the session's script once, wait for it to end, and return what it sent.

    Each run is shown to a fresh page (the queue forgets what it sent before), so the
    messages list every element the run produced, replayed ones included. With
    ``whole``, nothing is taken from the queue before the runner is idle: deltas for one
    path then compose as they do for a page that reads the run's output at once
    (otherwise what is taken while the run goes on depends on the machine's speed).
    """
    session.queue.reset_shown()
    session.request_rerun()
    deadline = time.monotonic() + timeout
    while whole and session.runner.is_running:
        assert time.monotonic() < deadline, "the script did not finish in time"
        time.sleep(0.005)
    out: list[ForwardMsg] = []
    while True:
        out.extend(session.queue.flush())
        if any(isinstance(m, ScriptFinished) and m.status != "rerun" for m in out):
            return out
        assert time.monotonic() < deadline, "the script did not finish in time"
        time.sleep(0.005)


def elements(msgs: list[ForwardMsg]) -> list[tuple[tuple[int, ...], str, dict[str, Any]]]:
    """``(path, kind, props)`` of every delta, in order."""
    return [(m.path, m.element.kind, m.element.props) for m in msgs if isinstance(m, Delta)]


@pytest.fixture
def app(tmp_path: Path) -> Iterator[KernelApp]:
    """An activated app (used by cached functions called outside a script run)."""
    app = cache_app(tmp_path)
    activate(app)
    yield app
    activate(None)


@pytest.fixture
def script_app(tmp_path: Path) -> Iterator[Callable[..., KernelApp]]:
    """``script_app(source, **cache_config)``: an app that runs ``source``; sessions closed afterwards."""
    sessions: list[Any] = []

    def make(source: str, plugins: tuple[object, ...] = (), **config: str) -> KernelApp:
        app = cache_app(tmp_path, source, plugins, **config)
        original = app.make

        def tracking_make(component: str, **kwargs: Any) -> Any:
            made = original(component, **kwargs)
            if component == "app_session":
                sessions.append(made)
            return made

        app.make = tracking_make  # type: ignore[method-assign]
        return app

    yield make
    for session in sessions:
        session.close("test over")
