"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from kernel._app import AppOptions, KernelApp, build_app

APPTEST_TIMEOUT = 60.0
"""AppTest's run timeout in this suite when a test passes none. AppTest's own default (3 s,
as Streamlit's) is for users' apps; on a loaded 2-core CI machine a run that imports
pandas or talks to a real server takes longer. A deadline, not a timing: a run returns
as soon as it finished. Tests of the timeout itself pass their own."""


@pytest.fixture(autouse=True, scope="session")
def _apptest_timeout_for_a_loaded_machine() -> Iterator[None]:
    """Every AppTest made in the suite without ``default_timeout`` gets :data:`APPTEST_TIMEOUT`."""
    from kernel.testing import AppTest

    makers = [AppTest.__init__, AppTest.from_file.__func__, AppTest.from_string.__func__,  # type: ignore[attr-defined]
              AppTest.from_function.__func__]  # type: ignore[attr-defined]
    saved = [dict(maker.__kwdefaults__ or {}) for maker in makers]
    for maker in makers:
        maker.__kwdefaults__ = {**(maker.__kwdefaults__ or {}), "default_timeout": APPTEST_TIMEOUT}
    yield
    for maker, kwdefaults in zip(makers, saved, strict=True):
        maker.__kwdefaults__ = kwdefaults


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
