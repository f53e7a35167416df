"""Core plugin ``delta_generator``: the element cursor and container dispatch, the widget engine, layout, inputs."""

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

__all__ = ["DeltaGenerator", "DuplicateWidgetID"]

# The element machinery loads with the first session, not with the server: start-up
# imports only this module and the catalog of command names.

DEMO = Path(__file__).parent / "demo" / "hello.py"


def __getattr__(name: str) -> Any:
    if name == "DeltaGenerator":
        from plugins.delta_generator._dg import DeltaGenerator

        return DeltaGenerator
    if name == "DuplicateWidgetID":
        from plugins.delta_generator._widgets import DuplicateWidgetID

        return DuplicateWidgetID
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@hookimpl(trylast=True)
def kernel_make_delta_generator(app: KernelApp, session: AppSession, root: str,
                                path: tuple[int, ...]) -> DeltaGenerator:
    from plugins.delta_generator._dg import DeltaGenerator

    return DeltaGenerator(app, session, root, tuple(path))


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return _catalog.commands()


@hookimpl
def kernel_script_run_started(session: AppSession, run_id: int) -> None:
    """Give this run its trigger, then call callbacks of widgets the client changed."""
    from plugins.delta_generator._widgets import run_callbacks

    session.state.widgets.begin_run()
    session.state.unlock_widget_keys()
    run_callbacks(session)


@hookimpl
def kernel_script_run_finished(session: AppSession, run_id: int, outcome: str) -> None:
    """Unlock widget keys; reset a submitted ``clear_on_submit`` form; after a complete
    run, forget widgets that run did not show."""
    from kernel.contracts.fragments import FRAGMENTS_RERUN
    from plugins.delta_generator._widgets import FORMS, RUN_WIDGETS, clear_submitted_form, forget_widgets
    from plugins.delta_generator.elements import form

    session.state.unlock_widget_keys()
    ctx = get_run_context()
    if ctx is not None and ctx.session is session:
        cleared = clear_submitted_form(session, ctx.stash.get(FORMS, {}))
        if cleared:
            form.show_cleared(ctx, cleared)
        if outcome == "ok":
            ran = ctx.stash.get(FRAGMENTS_RERUN)
            shown: dict[str, str] = ctx.stash.get(RUN_WIDGETS) or {}
            forget_widgets(session, shown, ran)


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
