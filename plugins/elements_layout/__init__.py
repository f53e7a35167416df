"""Core plugin ``elements_layout``: columns, containers, expanders, tabs, popovers, the
sidebar, ``st.empty`` and ``st.set_page_config``.

Registered by its entry point through the same public hooks an element plugin of a third
party uses (``docs/plugins.md``, "Writing an element plugin"); its containers write into
the blocks of whichever delta generator is in use, and a tracked container (expander,
tabs, popover with ``on_change``) registers its open state through
``kernel.elements.register_widget``. Start-up imports only this module and the catalog.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kernel import Command, hookimpl
from kernel_plugins.elements_layout import _catalog

if TYPE_CHECKING:
    from kernel import KernelApp
    from kernel.testing.nodes import TestNodeType


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return _catalog.commands()


@hookimpl
def kernel_register_test_nodes(app: KernelApp) -> Sequence[TestNodeType]:
    from kernel_plugins.elements_layout.apptest_nodes import NODE_TYPES

    return NODE_TYPES
