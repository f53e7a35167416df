"""The HTTP route of the media elements still in this plugin: media files (see :mod:`kernel.media_files`)."""

from __future__ import annotations

from kernel.app import KernelApp
from kernel.media_files import MEDIA_PREFIX
from kernel.routes import HttpRequest, HttpResponse, HttpRoute


def http_routes(app: KernelApp) -> list[HttpRoute]:
    """The routes this plugin's elements need, bound to ``app``."""

    def media(request: HttpRequest) -> HttpResponse | None:
        from kernel.media_files import serve_media

        return serve_media(app, request)

    return [HttpRoute(MEDIA_PREFIX, media)]
