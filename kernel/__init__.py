"""kernel: a data-app framework built as a plugin-oriented microkernel on trio.

Write an app with ``from kernel import st`` and run it with ``kernel run app.py``.
Write a plugin with :data:`hookimpl` and the contracts in :mod:`kernel.contracts`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kernel.cli_registry import CliCommand
from kernel.commands import Command
from kernel.config import ConfigSection
from kernel.errors import (
    CommandClashError,
    CommandLoadError,
    ComponentDisabledError,
    ConfigError,
    ConfigWarning,
    EssentialPluginError,
    KernelError,
    MissingComponentError,
    NoRunContextError,
    PluginLoadError,
    UnknownCommandError,
)
from kernel.hookspecs import hookimpl, hookspec
from kernel.stash import Stash, StashKey
from kernel.static import StaticAsset

if TYPE_CHECKING:
    from types import ModuleType

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
    "KernelError",
    "MissingComponentError",
    "NoRunContextError",
    "PluginLoadError",
    "Stash",
    "StashKey",
    "StaticAsset",
    "UnknownCommandError",
    "__version__",
    "hookimpl",
    "hookspec",
    "st",
]


def __getattr__(name: str) -> Any:
    # ``from kernel import st`` imports the facade on first use only.
    if name == "st":
        import kernel.st as st

        return st
    raise AttributeError(f"module 'kernel' has no attribute {name!r}")
