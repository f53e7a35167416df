"""Core plugin ``delta_generator``: the element tree cursor, widget identity and the core elements."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kernel import CliCommand, Command, ConfigSection, hookimpl
from kernel.app import KernelApp
from kernel.context import get_run_context
from kernel.contracts import AppSession
from kernel.fragments import RUN_SCOPE
from kernel.routes import HttpRoute
from kernel.widgets import widget_states
from plugins.delta_generator._dg import DeltaGenerator
from plugins.delta_generator._widgets import (
    FORMS,
    RUN_WIDGETS,
    DuplicateWidgetID,
    clear_submitted_form,
    forget_widgets,
    run_callbacks,
)
from plugins.delta_generator.elements import (
    buttons,
    chat,
    choices,
    containers,
    dates,
    dialog,
    elements1,
    exception,
    form,
    fragment,
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

if TYPE_CHECKING:
    from kernel.testing.nodes import TestNodeType

__all__ = ["DeltaGenerator", "DuplicateWidgetID"]

DEMO = Path(__file__).parent / "demo" / "hello.py"
_ELEMENT_MODULES = (text, widgets, layout, exception, write, form)
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
    for module in (fragment, dialog):
        for name, target in module.MODULE_COMMANDS.items():
            commands.append(Command(name, target, kind="module", renderer=module.RENDERERS.get(name)))
    commands.extend(elements1.commands())
    return commands


@hookimpl
def kernel_script_run_started(session: AppSession, run_id: int) -> None:
    """Make this a fragment run if fragments asked to rerun; give this run its trigger,
    then call callbacks of widgets the client changed."""
    found = get_run_context()
    ctx = found if found is not None and found.session is session else None

    def container(root: str, path: tuple[int, ...]) -> DeltaGenerator:
        return DeltaGenerator(session.app, session, root, path)

    if ctx is not None:
        fragment.begin_fragment_run(ctx, container)
    widget_states(session).begin_run()
    session.state.unlock_widget_keys()
    run_callbacks(session)
    if ctx is not None:
        fragment.retarget(ctx, container)


@hookimpl
def kernel_script_run_finished(session: AppSession, run_id: int, outcome: str) -> None:
    """Unlock widget keys; reset a submitted ``clear_on_submit`` form; after a complete
    run, forget widgets that run did not show."""
    session.state.unlock_widget_keys()
    ctx = get_run_context()
    partial = False
    if ctx is not None and ctx.session is session:
        partial = bool(ctx.stash.get(RUN_SCOPE))
        cleared = clear_submitted_form(session, ctx.stash.get(FORMS, {}))
        if cleared:
            form.show_cleared(ctx, cleared)
        if outcome == "ok":
            ran = ctx.stash.get(fragment.RAN)
            shown: dict[str, str] = ctx.stash.get(RUN_WIDGETS) or {}
            forget_widgets(session, shown, ran)
        fragment.end_run(ctx, outcome)
    if not partial:  # a fragment run does not reference the media outside the fragment
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
    from plugins.delta_generator._container_nodes import NODE_TYPES as CONTAINER_NODES
    from plugins.delta_generator._test_nodes import NODE_TYPES
    from plugins.delta_generator._test_nodes_display import DISPLAY_NODE_TYPES
    from plugins.delta_generator._test_nodes_inputs import INPUT_NODE_TYPES

    return (*INPUT_NODE_TYPES, *NODE_TYPES, *DISPLAY_NODE_TYPES, *CONTAINER_NODES)


@hookimpl
def kernel_register_config_sections(app: KernelApp) -> Sequence[ConfigSection]:
    return [ConfigSection("uploads", uploads.UploadsConfig)]


@hookimpl
def kernel_register_cli_commands(app: KernelApp) -> Sequence[CliCommand]:
    return [CliCommand("hello", "serve a bundled demo app", _hello)]
