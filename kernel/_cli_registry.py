"""Subcommands of the ``kernel`` CLI, as plugins contribute them."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from kernel._app import KernelApp

__all__ = ["CliCommand"]

Handler = Callable[[argparse.Namespace, "KernelApp"], "int | None"]


@attrs.frozen
class CliCommand:
    """One ``kernel`` subcommand, possibly with subcommands of its own.

    ``add_arguments(parser)`` declares its options; ``handler(args, app)`` runs it and
    returns an exit code (``None`` means 0). A command with ``subcommands`` and no
    handler prints its help when called alone.
    """

    name: str
    help: str
    handler: Handler | None = None
    add_arguments: Callable[[argparse.ArgumentParser], None] | None = None
    subcommands: tuple[CliCommand, ...] = ()
    plugin: str = ""
