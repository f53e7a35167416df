"""Core plugin ``delta_generator``: the element cursor (``kernel_make_delta_generator``) that
every element command writes through; commands reach it by container dispatch
(:class:`kernel.contracts.Container`). It also serves ``kernel hello``, a demo app.

The element families are plugins of their own (``elements_*``); the widget engine is the
``widgets`` plugin. Start-up imports only this module.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kernel import CliCommand, KernelApp, hookimpl

if TYPE_CHECKING:
    from kernel.contracts import AppSession
    from kernel_plugins.delta_generator._dg import DeltaGenerator

__all__ = ["DeltaGenerator"]

DEMO = Path(__file__).parent / "demo" / "hello.py"


def __getattr__(name: str) -> Any:
    if name == "DeltaGenerator":
        from kernel_plugins.delta_generator._dg import DeltaGenerator

        return DeltaGenerator
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@hookimpl(trylast=True)
def kernel_make_delta_generator(app: KernelApp, session: AppSession, root: str,
                                path: tuple[int, ...]) -> DeltaGenerator:
    from kernel_plugins.delta_generator._dg import DeltaGenerator

    return DeltaGenerator(app, session, root, tuple(path))


def _hello(args: argparse.Namespace, app: KernelApp) -> int:
    from kernel import run_script

    return run_script(app, DEMO)


@hookimpl
def kernel_register_cli_commands(app: KernelApp) -> Sequence[CliCommand]:
    return [CliCommand("hello", "serve a bundled demo app", _hello)]


@hookimpl
def kernel_warm_up() -> None:
    """The delta generator (loaded with the first run otherwise)."""
    import kernel_plugins.delta_generator._dg  # noqa: F401
