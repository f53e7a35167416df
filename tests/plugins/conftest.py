"""Fixture: run a script headlessly (no network) and collect what the browser would get."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kernel._app import AppOptions, build_app
from kernel_plugins.app_session import HeadlessSession

MakeHeadless = Callable[..., HeadlessSession]


@pytest.fixture
def headless(tmp_path: Path) -> Iterator[MakeHeadless]:
    """``headless(source, script_args=(), **config)`` -> a :class:`HeadlessSession` on that script."""
    sessions: list[HeadlessSession] = []

    def make(source: str, *, script_args: tuple[str, ...] = (), name: str = "app.py",
             **config: str) -> HeadlessSession:
        script = tmp_path / name
        script.write_text(source)
        app = build_app(AppOptions(script_path=script, script_args=script_args, config_options=dict(config),
                                   cwd=tmp_path, home=tmp_path, environ={}))
        session = HeadlessSession(app)
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.close()
