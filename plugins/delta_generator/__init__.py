"""Core plugin ``delta_generator``: the element cursor and container dispatch, layout, inputs."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kernel import CliCommand, Command, ConfigSection, hookimpl
from kernel.app import KernelApp
from kernel.context import get_run_context
from plugins.delta_generator import _catalog

if TYPE_CHECKING:
    from kernel.contracts import AppSession
    from kernel.testing.nodes import TestNodeType
    from plugins.delta_generator._dg import DeltaGenerator

__all__ = ["DeltaGenerator"]

# The element machinery loads with the first session, not with the server: start-up
# imports only this module and the catalog of command names.

DEMO = Path(__file__).parent / "demo" / "hello.py"


def __getattr__(name: str) -> Any:
    if name == "DeltaGenerator":
        from plugins.delta_generator._dg import DeltaGenerator

        return DeltaGenerator
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@hookimpl(trylast=True)
def kernel_make_delta_generator(app: KernelApp, session: AppSession, root: str,
                                path: tuple[int, ...]) -> DeltaGenerator:
    from plugins.delta_generator._dg import DeltaGenerator

    return DeltaGenerator(app, session, root, tuple(path))


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return _catalog.commands()


@hookimpl(trylast=True)
def kernel_script_run_finished(session: AppSession, run_id: int, outcome: str) -> None:
    """Show again, at their defaults, the widgets of a ``clear_on_submit`` form whose
    submit the widget engine reset at this run's end (after it: ``trylast``)."""
    from kernel.contracts.widgets import FORM_CLEARED

    ctx = get_run_context()
    if ctx is None or ctx.session is not session or not ctx.stash.get(FORM_CLEARED):
        return
    from plugins.delta_generator.elements import form

    form.show_cleared(ctx, ctx.stash[FORM_CLEARED])


def _hello(args: argparse.Namespace, app: KernelApp) -> int:
    from kernel.cli import run_script

    return run_script(app, DEMO)


@hookimpl
def kernel_register_test_nodes(app: KernelApp) -> Sequence[TestNodeType]:
    from plugins.delta_generator.apptest_nodes import NODE_TYPES

    return NODE_TYPES


@hookimpl
def kernel_register_config_sections(app: KernelApp) -> Sequence[ConfigSection]:
    from plugins.delta_generator.elements._uploads_config import UploadsConfig

    return [ConfigSection("uploads", UploadsConfig)]


@hookimpl
def kernel_register_cli_commands(app: KernelApp) -> Sequence[CliCommand]:
    return [CliCommand("hello", "serve a bundled demo app", _hello)]
