"""Core plugin ``elements_text``: text, Markdown, headings, code, JSON, badges, HTML, LaTeX, st.write, st.help.

Registered by its entry point through the same public hooks an element plugin of a third
party uses (``docs/plugins.md``, "Writing an element plugin"). Start-up imports only this
module and the catalog of command names; the element modules load on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kernel import Command, hookimpl
from kernel_plugins.elements_text import _catalog

if TYPE_CHECKING:
    from kernel import KernelApp
    from kernel.testing.nodes import TestNodeType


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return _catalog.commands()


@hookimpl
def kernel_register_test_nodes(app: KernelApp) -> Sequence[TestNodeType]:
    from kernel_plugins.elements_text.apptest_nodes import NODE_TYPES

    return NODE_TYPES
