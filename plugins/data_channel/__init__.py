"""Core plugin ``data_channel``: element data fetched by the page over HTTP as Arrow IPC.

It serves ``/_kernel/data/<id>`` (see :mod:`kernel.contracts.data_channel`: per-session,
unguessable ids, same-origin requests only), the page's reader module and the Apache Arrow
JavaScript reader under ``/_kernel/data-client/`` (vendored from npm by
``scripts/vendor_apache_arrow.sh``), and releases the data a page no longer shows: after each
completed run, and all of a session's when it closes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kernel import HttpRoute, StaticAsset, hookimpl
from kernel.contracts.data_channel import DATA_PREFIX, data_store, serve_data

if TYPE_CHECKING:
    from kernel import HttpRequest, HttpResponse, KernelApp
    from kernel.contracts import AppSession

STATIC_DIR = Path(__file__).parent / "static"
CLIENT_PREFIX = "/_kernel/data-client/"


@hookimpl
def kernel_register_http_routes(app: KernelApp) -> Sequence[HttpRoute]:
    def data(request: HttpRequest) -> HttpResponse | None | Awaitable[HttpResponse]:
        return serve_data(app, request)

    return [HttpRoute(DATA_PREFIX, data, held_by_worker=True)]


@hookimpl
def kernel_register_static_assets(app: KernelApp) -> Sequence[StaticAsset]:
    return [StaticAsset(CLIENT_PREFIX, STATIC_DIR)]


@hookimpl
def kernel_script_run_finished(session: AppSession, run_id: int, outcome: str) -> None:
    """Let go of the data the page no longer shows."""
    data_store(session.app).run_finished(session.id, outcome)


@hookimpl
def kernel_session_closed(session: AppSession, reason: str) -> None:
    """Let go of every piece of data the session's page showed."""
    data_store(session.app).session_closed(session.id)
