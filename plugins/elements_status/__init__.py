"""Core plugin ``elements_status``: alerts, progress, spinner, status, toast, balloons, snow and exceptions.

Registered by its entry point through the same public hooks an element plugin of a third
party uses (``docs/plugins.md``, "Writing an element plugin"). Its ``exception`` command
is also how a run shows an uncaught exception (``kernel.runs``). Start-up imports only
this module and the catalog of command names; the element modules load on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from kernel import Command, ConfigSection, hookimpl
from kernel_plugins.elements_status import _catalog

if TYPE_CHECKING:
    from kernel import KernelApp
    from kernel.testing.nodes import TestNodeType


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return _catalog.commands()


@attrs.define
class ClientConfig:
    """The ``[client]`` config section: what the page shows of an exception."""

    show_full_traceback: bool = False
    """Show every frame of a traceback, the kernel's and its plugins' included (and those
    before the script's first frame). Off: only the app's own frames (its script, its
    modules, the libraries it calls), as Streamlit shows them."""


@hookimpl
def kernel_register_config_sections(app: KernelApp) -> Sequence[ConfigSection]:
    return [ConfigSection("client", ClientConfig)]


@hookimpl
def kernel_register_test_nodes(app: KernelApp) -> Sequence[TestNodeType]:
    from kernel_plugins.elements_status.apptest_nodes import NODE_TYPES

    return NODE_TYPES
