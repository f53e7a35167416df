"""Core plugin ``components``: ``st.iframe``, ``st.components.v1`` (``html``, ``iframe``,
``declare_component``) and ``st.components.v2.component``: embedding HTML and other pages,
and custom components (docs/components.md).

Start-up imports only this module; the commands load on first use. The route
``/_kernel/components/`` serves declared components' files (``_files``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kernel import Command, KernelApp, hookimpl

if TYPE_CHECKING:
    from collections.abc import Awaitable

    from kernel import HttpRequest, HttpResponse, HttpRoute
    from kernel.testing.nodes import TestNodeType

HERE = Path(__file__).parent
RENDERER = HERE / "iframe.js"


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return [
        Command("iframe", "kernel_plugins.components._iframe:iframe", renderer=RENDERER),
        Command("components", "kernel_plugins.components._namespace:components", kind="module",
                renderer=HERE / "component.js"),
    ]


@hookimpl
def kernel_register_http_routes(app: KernelApp) -> Sequence[HttpRoute]:
    from kernel import HttpRoute

    # The file server (and the registry it reads) loads on the first request to the route,
    # not at start-up.
    def serve(request: HttpRequest) -> HttpResponse | Awaitable[HttpResponse | None] | None:
        from kernel_plugins.components._files import serve_component_file

        return serve_component_file(request)

    # A worker that never ran the script that declares a component does not know it: held by worker.
    return [HttpRoute("/_kernel/components/", serve, held_by_worker=True)]


@hookimpl
def kernel_register_test_nodes(app: KernelApp) -> Sequence[TestNodeType]:
    from kernel_plugins.components.apptest_nodes import NODE_TYPES

    return NODE_TYPES
