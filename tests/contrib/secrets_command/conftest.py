"""Fixtures for the command secret source tests."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from kernel.app import AppOptions, KernelApp, build_app


@pytest.fixture(autouse=True)
def restore_environ() -> Iterator[None]:
    """Secrets export root keys to os.environ; put it back after each test."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The app's working directory; its home folder is a sibling, both empty."""
    (tmp_path / "home").mkdir()
    (tmp_path / "project").mkdir()
    return tmp_path / "project"


@pytest.fixture
def make_app(project: Path) -> Callable[..., KernelApp]:
    """An app on the fake folders with ``contrib.secrets_command`` loaded."""

    def make(*, environ: Mapping[str, str] | None = None, config: Mapping[str, str] | None = None) -> KernelApp:
        return build_app(
            AppOptions(
                cwd=project,
                home=project.parent / "home",
                environ={} if environ is None else environ,
                config_options=dict(config or {}),
                plugin_args=("contrib.secrets_command",),
            )
        )

    return make


FAKE_VAULT = Path(__file__).with_name("fake_vault.py")


@pytest.fixture
def vault_argv() -> Callable[..., list[str]]:
    """``vault_argv("json", ...)``: the argv that runs the fake vault helper script in that mode."""

    def argv(*args: str) -> list[str]:
        return [sys.executable, str(FAKE_VAULT), *args]

    return argv
