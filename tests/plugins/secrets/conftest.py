"""Fixtures for the secrets plugin tests: isolated home/cwd folders and apps built on them."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest

from kernel._app import AppOptions, KernelApp, build_app
from kernel.contracts.messages import ForwardMsg


@attrs.frozen
class Dirs:
    """A fake home folder and working directory, so no real secrets file is ever read."""

    home: Path
    cwd: Path

    def write(self, relative: str, text: str, *, base: str = "cwd") -> Path:
        """Write ``text`` to ``relative`` under ``base`` ("cwd" or "home"), creating folders."""
        path = (self.cwd if base == "cwd" else self.home) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path



@pytest.fixture
def dirs(tmp_path: Path) -> Dirs:
    home, cwd = tmp_path / "home", tmp_path / "project"
    home.mkdir()
    cwd.mkdir()
    return Dirs(home=home, cwd=cwd)


MakeApp = Callable[..., KernelApp]


@pytest.fixture
def make_app(dirs: Dirs) -> MakeApp:
    """Build an app on the fake folders; ``environ`` defaults to an empty mapping."""

    def make(
        *,
        environ: Mapping[str, str] | None = None,
        config: Mapping[str, str] | None = None,
        script: Path | None = None,
        plugin_args: tuple[str, ...] = (),
        plugins: tuple[tuple[object, str | None], ...] = (),
    ) -> KernelApp:
        return build_app(
            AppOptions(
                script_path=script,
                cwd=dirs.cwd,
                home=dirs.home,
                environ={} if environ is None else environ,
                config_options=dict(config or {}),
                plugin_args=plugin_args,
                plugins=plugins,
            )
        )

    return make


def _run_once(session: Any) -> list[ForwardMsg]:
    session.request_rerun()
    deadline = time.monotonic() + 10
    while session.runner.is_running:
        assert time.monotonic() < deadline, "the script run did not finish within 10 s"
        time.sleep(0.005)
    return session.queue.flush()  # type: ignore[no-any-return]


@pytest.fixture
def run_once() -> Callable[[Any], list[ForwardMsg]]:
    """``run_once(session)``: run the session's script once through the real script
    runner, wait until it ends, and return the messages it queued."""
    return _run_once
