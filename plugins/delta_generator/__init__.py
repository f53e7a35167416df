"""Core plugin ``delta_generator``: the element tree cursor and the core elements."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from kernel import CliCommand, Command, hookimpl
from kernel.app import KernelApp
from kernel.contracts import AppSession
from plugins.delta_generator import _text
from plugins.delta_generator._dg import DeltaGenerator

__all__ = ["DeltaGenerator"]

DEMO = Path(__file__).parent / "demo" / "hello.py"


@hookimpl(trylast=True)
def kernel_make_delta_generator(app: KernelApp, session: AppSession, root: str) -> DeltaGenerator:
    return DeltaGenerator(app, session, root)


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return [Command("text", _text.text), Command("title", _text.title)]


def _hello(args: argparse.Namespace, app: KernelApp) -> int:
    from kernel.cli import run_script

    return run_script(app, DEMO)


@hookimpl
def kernel_register_cli_commands(app: KernelApp) -> Sequence[CliCommand]:
    return [CliCommand("hello", "serve a bundled demo app", _hello)]
