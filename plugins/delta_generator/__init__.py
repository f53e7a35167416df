"""Core plugin ``delta_generator``: the element tree cursor, widget identity and the core elements."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from kernel import CliCommand, Command, ConfigSection, hookimpl
from kernel.app import KernelApp
from kernel.context import get_run_context
from kernel.contracts import AppSession
from kernel.routes import HttpRoute
from kernel.testing.nodes import TestNodeType
from kernel.widgets import widget_states
from plugins.delta_generator._dg import DeltaGenerator
from plugins.delta_generator._widgets import RUN_WIDGETS, DuplicateWidgetID, forget_widgets, run_callbacks
from plugins.delta_generator.elements import (
    buttons,
    chat,
    choices,
    containers,
    dates,
    elements1,
    exception,
    layout,
    numbers,
    page_config,
    status,
    text,
    text_area,
    uploads,
    widgets,
    write,
)

__all__ = ["DeltaGenerator", "DuplicateWidgetID"]

DEMO = Path(__file__).parent / "demo" / "hello.py"
_ELEMENT_MODULES = (text, widgets, layout, exception, write)
_INPUT_MODULES = (buttons, choices, numbers, dates, text_area, uploads, chat, containers, status)
"""Elements II: the other input widgets, layout containers and status elements."""


@hookimpl(trylast=True)
def kernel_make_delta_generator(app: KernelApp, session: AppSession, root: str) -> DeltaGenerator:
    return DeltaGenerator(app, session, root)


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    commands = []
    for module in (*_ELEMENT_MODULES, *_INPUT_MODULES):
        for name, target in module.COMMANDS.items():
            commands.append(Command(name, target, renderer=getattr(module, "RENDERERS", {}).get(name)))
    commands.append(Command("sidebar", layout.sidebar, kind="dynamic"))
    commands.append(Command("set_page_config", page_config.set_page_config, kind="module"))
    commands.extend(elements1.commands())
    return commands


@hookimpl
def kernel_script_run_started(session: AppSession, run_id: int) -> None:
    """Give this run its trigger, then call callbacks of widgets the client changed."""
    widget_states(session).begin_run()
    run_callbacks(session)


@hookimpl
def kernel_script_run_finished(session: AppSession, run_id: int, outcome: str) -> None:
    """After a complete run, forget widgets that run did not show."""
    ctx = get_run_context()
    if outcome == "ok" and ctx is not None and ctx.session is session:
        forget_widgets(session, ctx.stash.get(RUN_WIDGETS, {}))
    elements1.run_finished(session, outcome)


@hookimpl
def kernel_session_closed(session: AppSession, reason: str) -> None:
    """Release the media and frames the session's page showed."""
    elements1.session_closed(session)


@hookimpl
def kernel_register_http_routes(app: KernelApp) -> Sequence[HttpRoute]:
    return elements1.http_routes(app)


def _hello(args: argparse.Namespace, app: KernelApp) -> int:
    from kernel.cli import run_script

    return run_script(app, DEMO)


@hookimpl
def kernel_register_test_nodes(app: KernelApp) -> Sequence[TestNodeType]:
    from plugins.delta_generator._test_nodes import NODE_TYPES
    from plugins.delta_generator._test_nodes_inputs import INPUT_NODE_TYPES

    return (*INPUT_NODE_TYPES, *NODE_TYPES)


@hookimpl
def kernel_register_config_sections(app: KernelApp) -> Sequence[ConfigSection]:
    return [ConfigSection("uploads", uploads.UploadsConfig)]


@hookimpl
def kernel_register_cli_commands(app: KernelApp) -> Sequence[CliCommand]:
    return [CliCommand("hello", "serve a bundled demo app", _hello)]
