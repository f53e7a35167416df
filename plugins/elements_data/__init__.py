"""Core plugin ``elements_data``: st.dataframe, st.data_editor, st.table, st.metric and st.column_config.

Registered by its entry point through the same public hooks an element plugin of a third
party uses (``docs/plugins.md``, "Writing an element plugin"). A large frame stays on the
server while a page shows it, and the browser reads it page by page as Arrow IPC from the
data side channel (``kernel.elements.add_data``; the ``data_channel`` plugin serves it and
lets go of it). Start-up imports only this module and the catalog of command names; the
element modules load on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kernel import Command, hookimpl
from kernel_plugins.elements_data import _catalog

if TYPE_CHECKING:
    from kernel import KernelApp
    from kernel.testing.nodes import TestNodeType


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return _catalog.commands()


@hookimpl
def kernel_register_test_nodes(app: KernelApp) -> Sequence[TestNodeType]:
    from kernel_plugins.elements_data.apptest_nodes import NODE_TYPES

    return NODE_TYPES
