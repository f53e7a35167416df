"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from kernel._app import AppOptions, KernelApp, build_app


@pytest.fixture(autouse=True)
def _restore_environ() -> Iterator[None]:
    """Undo what a test's app wrote to os.environ (secrets export root keys there)."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project folder (the app's working directory)."""
    path = tmp_path / "project"
    path.mkdir()
    return path


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty home folder, so the developer's ~/.kernel is never read."""
    path = tmp_path / "home"
    path.mkdir()
    return path


MakeApp = Callable[..., KernelApp]


@pytest.fixture
def make_app(project: Path, home: Path) -> MakeApp:
    """Build an app from the installed plugins, isolated from the real home, cwd and environment."""

    def make(
        *,
        script: str | None = None,
        plugins: Sequence[tuple[object, str | None]] = (),
        plugin_args: Sequence[str] = (),
        config_options: Mapping[str, str] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> KernelApp:
        script_path = None
        if script is not None:
            script_path = project / "app.py"
            script_path.write_text(script)
        return build_app(
            AppOptions(
                script_path=script_path,
                plugins=tuple(plugins),
                plugin_args=tuple(plugin_args),
                config_options=dict(config_options or {}),
                cwd=project,
                home=home,
                environ=dict(environ or {}),
            )
        )

    return make
