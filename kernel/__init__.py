"""kernel: a data-app framework built as a plugin-oriented microkernel on trio.

Write an app with ``from kernel import st`` and run it with ``kernel run app.py``.
Write a plugin with :data:`hookimpl` and the contracts in :mod:`kernel.contracts`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kernel._cli_registry import CliCommand
from kernel._commands import Command
from kernel._config import ConfigSection
from kernel._errors import (
    CommandClashError,
    CommandLoadError,
    ComponentDisabledError,
    ConfigError,
    ConfigWarning,
    EssentialPluginError,
    KernelAPIException,
    KernelAPIWarning,
    KernelError,
    MissingComponentError,
    NoRunContextError,
    PluginLoadError,
    UnknownCommandError,
)
from kernel._lazy import lazy_exports
from kernel._routes import HttpRequest, HttpResponse, HttpRoute
from kernel._stash import Stash, StashKey
from kernel._static import StaticAsset
from kernel.contracts.hookspecs import hookimpl, hookspec

if TYPE_CHECKING:
    from types import ModuleType

    from kernel._app import KernelApp, current_app, using_app
    from kernel._cli import run_script

    st: ModuleType

__version__ = "0.1.0"

__all__ = [
    "CliCommand",
    "Command",
    "CommandClashError",
    "CommandLoadError",
    "ComponentDisabledError",
    "ConfigError",
    "ConfigSection",
    "ConfigWarning",
    "EssentialPluginError",
    "HttpRequest",
    "HttpResponse",
    "HttpRoute",
    "KernelAPIException",
    "KernelAPIWarning",
    "KernelApp",
    "KernelError",
    "MissingComponentError",
    "NoRunContextError",
    "PluginLoadError",
    "Stash",
    "StashKey",
    "StaticAsset",
    "UnknownCommandError",
    "__version__",
    "current_app",
    "hookimpl",
    "hookspec",
    "lazy_exports",
    "run_script",
    "st",
    "using_app",
]


_LAZY = {
    "KernelApp": "kernel._app:KernelApp",
    "current_app": "kernel._app:current_app",
    "run_script": "kernel._cli:run_script",
    "using_app": "kernel._app:using_app",
}


def __getattr__(name: str) -> Any:
    # ``from kernel import st`` imports the facade on first use only; so do the app and
    # the CLI, which plugins mostly name in annotations.
    if name == "st":
        import kernel.st as st

        return st
    if name in _LAZY:
        import importlib

        module, _, attr = _LAZY[name].partition(":")
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'kernel' has no attribute {name!r}")
