"""Large frames kept on the server while a page shows them, and the route that serves their pages."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from kernel import HttpRequest, HttpResponse, HttpRoute, KernelApp, StashKey
from kernel.contracts.session_resources import SessionResources

FRAMES_PREFIX = "/_kernel/frames/"
"""``/_kernel/frames/<id>?start=&stop=&sort=&desc=``: pages of a stored frame (see :mod:`._frame_pages`)."""

_FRAMES: StashKey[SessionResources[Any]] = StashKey("large frames served in pages")


def frame_store(app: KernelApp) -> SessionResources[Any]:
    """The app's store of frames the browser reads in pages."""
    return app.stash.get_or_create(_FRAMES, lambda: SessionResources("frames"))


def http_routes(app: KernelApp) -> list[HttpRoute]:
    """The route of frame pages, bound to ``app`` (its module is imported on the first request)."""

    def frames(request: HttpRequest) -> HttpResponse | None | Awaitable[HttpResponse]:
        from kernel_plugins.elements_data._frame_pages import serve_page

        return serve_page(app, request)

    return [HttpRoute(FRAMES_PREFIX, frames)]
