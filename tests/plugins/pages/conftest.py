"""Fixtures: write a multipage app (entry script plus page files) into a temporary folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kernel._app import AppOptions, build_app
from kernel.testing import AppTest
from kernel_plugins.app_session import HeadlessSession

WriteApp = Callable[..., Path]
MakeHeadless = Callable[..., HeadlessSession]


@pytest.fixture
def write_app(tmp_path: Path) -> WriteApp:
    """``write_app(entry_source, {relative path: source})`` -> the entry script's path."""

    def write(entry: str, files: dict[str, str] | None = None) -> Path:
        for name, source in (files or {}).items():
            target = tmp_path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(source)
        script = tmp_path / "app.py"
        script.write_text(entry)
        return script

    return write


@pytest.fixture
def app_test(write_app: WriteApp) -> Callable[..., AppTest]:
    """``app_test(entry_source, files)`` -> an AppTest of that app (not yet run)."""

    def make(entry: str, files: dict[str, str] | None = None) -> AppTest:
        return AppTest.from_file(write_app(entry, files), default_timeout=10)

    return make


@pytest.fixture
def headless(write_app: WriteApp) -> Iterator[MakeHeadless]:
    """``headless(entry_source, files)`` -> a :class:`HeadlessSession` (messages as the browser gets them)."""
    sessions: list[HeadlessSession] = []

    def make(entry: str, files: dict[str, str] | None = None) -> HeadlessSession:
        script = write_app(entry, files)
        app = build_app(AppOptions(script_path=script, cwd=script.parent, home=script.parent, environ={}))
        session = HeadlessSession(app)
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.close()
