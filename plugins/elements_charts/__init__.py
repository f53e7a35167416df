"""Core plugin ``elements_charts``: the simple charts, Vega-Lite/Altair, Plotly, Matplotlib and maps.

Registered by its entry point through the same public hooks an element plugin of a third
party uses (``docs/plugins.md``, "Writing an element plugin"); chart selections are
widgets registered with ``kernel.elements.register_widget``. It serves the charting
libraries' browser bundles under ``/_kernel/vendor/``. Start-up imports only this module
and the catalog of command names; the element modules load on first use.
"""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from typing import TYPE_CHECKING

from kernel import Command, HttpRoute, hookimpl
from kernel_plugins.elements_charts import _catalog

if TYPE_CHECKING:
    from kernel import HttpRequest, HttpResponse, KernelApp
    from kernel.testing.nodes import TestNodeType

VENDOR_PREFIX = "/_kernel/vendor/"
"""Where the Vega-Embed and Plotly bundles are served (``_vendor.py``)."""


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return _catalog.commands()


@hookimpl
def kernel_register_test_nodes(app: KernelApp) -> Sequence[TestNodeType]:
    from kernel_plugins.elements_charts.apptest_nodes import NODE_TYPES

    return NODE_TYPES


@hookimpl
def kernel_register_http_routes(app: KernelApp) -> Sequence[HttpRoute]:
    def vendor(request: HttpRequest) -> HttpResponse | None | Awaitable[HttpResponse]:
        from kernel_plugins.elements_charts._vendor import serve_vendor  # on the first request, not at start-up

        return serve_vendor(request)

    return [HttpRoute(VENDOR_PREFIX, vendor)]
