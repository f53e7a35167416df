"""Fixtures for the command secret source tests."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kernel._app import KernelApp
from tests.contrib.conftest import MakePluginApp


@pytest.fixture
def make_app(make_plugin_app: MakePluginApp) -> Callable[..., KernelApp]:
    """An app on the fake folders with ``kernel_contrib.secrets_command`` loaded."""
    return functools.partial(make_plugin_app, "kernel_contrib.secrets_command")


FAKE_VAULT = Path(__file__).with_name("fake_vault.py")


@pytest.fixture
def vault_argv() -> Callable[..., list[str]]:
    """``vault_argv("json", ...)``: the argv that runs the fake vault helper script in that mode."""

    def argv(*args: str) -> list[str]:
        return [sys.executable, str(FAKE_VAULT), *args]

    return argv
