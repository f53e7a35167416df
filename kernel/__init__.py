"""kernel: a data-app framework built as a plugin-oriented microkernel on trio.

Write an app with ``from kernel import st`` and run it with ``kernel run app.py``.
Write a plugin with :data:`hookimpl` and the contracts in :mod:`kernel.contracts`.
"""

from __future__ import annotations

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

# Not ``typing.TYPE_CHECKING``: importing typing alone costs a few ms of every start, and
# mypy treats any constant of this name the same way.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import ModuleType
    from typing import Any

    from kernel._app import AppOptions, KernelApp, build_app, current_app, using_app
    from kernel._cli import run_script
    from kernel._cli_registry import CliCommand
    from kernel._commands import Command
    from kernel._config import ConfigSection
    from kernel._lazy import lazy_exports
    from kernel._lifecycle import host_app
    from kernel._routes import HttpRequest, HttpResponse, HttpRoute
    from kernel._stand_in import import_with_stand_in
    from kernel._stash import Stash, StashKey
    from kernel._static import StaticAsset
    from kernel.contracts.hookspecs import hookimpl, hookspec

    st: ModuleType

__version__ = "0.1.0"

__all__ = [
    "AppOptions",
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
    "build_app",
    "current_app",
    "hookimpl",
    "hookspec",
    "host_app",
    "import_with_stand_in",
    "lazy_exports",
    "run_script",
    "st",
    "using_app",
]


_LAZY = {
    "AppOptions": "kernel._app",
    "CliCommand": "kernel._cli_registry",
    "Command": "kernel._commands",
    "ConfigSection": "kernel._config",
    "HttpRequest": "kernel._routes",
    "HttpResponse": "kernel._routes",
    "HttpRoute": "kernel._routes",
    "KernelApp": "kernel._app",
    "Stash": "kernel._stash",
    "StashKey": "kernel._stash",
    "StaticAsset": "kernel._static",
    "build_app": "kernel._app",
    "current_app": "kernel._app",
    "hookimpl": "kernel.contracts.hookspecs",
    "hookspec": "kernel.contracts.hookspecs",
    "host_app": "kernel._lifecycle",
    "import_with_stand_in": "kernel._stand_in",
    "lazy_exports": "kernel._lazy",
    "run_script": "kernel._cli",
    "using_app": "kernel._app",
}
"""Where each name that needs attrs, pluggy or the app lives: ``from kernel import st`` in a
fresh interpreter imports none of them (the script run by ``kernel run`` finds them loaded)."""


def __getattr__(name: str) -> Any:
    if name == "st":
        import kernel.st as st

        return st
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kernel' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
