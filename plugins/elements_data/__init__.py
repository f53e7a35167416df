"""Core plugin ``elements_data``: st.dataframe, st.data_editor, st.table, st.metric and st.column_config.

Registered by its entry point through the same public hooks an element plugin of a third
party uses (``docs/plugins.md``, "Writing an element plugin"). A large frame stays on the
server while a page shows it (a :class:`kernel.elements.SessionResources`), and the
browser reads it page by page from ``/_kernel/frames/<id>``. Start-up imports only this
module and the catalog of command names; the element modules load on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kernel import Command, hookimpl
from kernel_plugins.elements_data import _catalog

if TYPE_CHECKING:
    from kernel import HttpRoute, KernelApp
    from kernel.contracts import AppSession
    from kernel.testing.nodes import TestNodeType


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return _catalog.commands()


@hookimpl
def kernel_register_test_nodes(app: KernelApp) -> Sequence[TestNodeType]:
    from kernel_plugins.elements_data.apptest_nodes import NODE_TYPES

    return NODE_TYPES


@hookimpl
def kernel_register_http_routes(app: KernelApp) -> Sequence[HttpRoute]:
    from kernel_plugins.elements_data._frame_store import http_routes

    return http_routes(app)


@hookimpl
def kernel_script_run_finished(session: AppSession, run_id: int, outcome: str) -> None:
    """Let go of the large frames the page no longer shows."""
    from kernel_plugins.elements_data._frame_store import frame_store

    frame_store(session.app).run_finished(session.id, outcome)


@hookimpl
def kernel_session_closed(session: AppSession, reason: str) -> None:
    """Let go of every large frame the session's page showed."""
    from kernel_plugins.elements_data._frame_store import frame_store

    frame_store(session.app).session_closed(session.id)
