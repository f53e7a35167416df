"""Fixtures shared by the tests of optional plugins."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from kernel._app import AppOptions, KernelApp, build_app

MakePluginApp = Callable[..., KernelApp]


@pytest.fixture
def make_plugin_app(project: Path, home: Path) -> MakePluginApp:
    """``make_plugin_app(plugin, environ=..., config=...)``: an app on the fake project and
    home folders with the optional ``plugin`` loaded (``-p plugin``)."""

    def make(plugin: str, *, environ: Mapping[str, str] | None = None,
             config: Mapping[str, str] | None = None) -> KernelApp:
        return build_app(
            AppOptions(
                cwd=project,
                home=home,
                environ={} if environ is None else environ,
                config_options=dict(config or {}),
                plugin_args=(plugin,),
            )
        )

    return make
