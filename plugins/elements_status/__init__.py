"""Core plugin ``elements_status``: alerts, progress, spinner, status, toast, balloons, snow and exceptions.

Registered by its entry point through the same public hooks an element plugin of a third
party uses (``docs/plugins.md``, "Writing an element plugin"). Its ``exception`` command
is also how a run shows an uncaught exception (``kernel.runs``). Start-up imports only
this module and the catalog of command names; the element modules load on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kernel import Command, hookimpl
from kernel_plugins.elements_status import _catalog

if TYPE_CHECKING:
    from kernel import KernelApp
    from kernel.testing.nodes import TestNodeType


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return _catalog.commands()


@hookimpl
def kernel_register_test_nodes(app: KernelApp) -> Sequence[TestNodeType]:
    from kernel_plugins.elements_status.apptest_nodes import NODE_TYPES

    return NODE_TYPES
