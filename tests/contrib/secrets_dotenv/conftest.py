"""Fixtures for the dotenv secret source tests."""

from __future__ import annotations

import functools
from collections.abc import Callable

import pytest

from kernel._app import KernelApp
from tests.contrib.conftest import MakePluginApp


@pytest.fixture
def make_app(make_plugin_app: MakePluginApp) -> Callable[..., KernelApp]:
    """An app on the fake folders with ``kernel_contrib.secrets_dotenv`` loaded."""
    return functools.partial(make_plugin_app, "kernel_contrib.secrets_dotenv")
