"""The HTTP routes of the media and chart elements: media files and the Vega-Embed bundle."""

from __future__ import annotations

from collections.abc import Awaitable

from kernel.app import KernelApp
from kernel.routes import HttpRequest, HttpResponse, HttpRoute

MEDIA_PREFIX = "/_kernel/media/"
VENDOR_PREFIX = "/_kernel/vendor/"


def http_routes(app: KernelApp) -> list[HttpRoute]:
    """The routes this plugin's elements need, bound to ``app``."""

    # Each handler imports its module on the first request, not at start-up.
    def media(request: HttpRequest) -> HttpResponse | None:
        from plugins.delta_generator.elements._media import serve_media

        return serve_media(app, request)

    def vendor(request: HttpRequest) -> HttpResponse | None | Awaitable[HttpResponse]:
        from plugins.delta_generator.elements._vendor import serve_vendor

        return serve_vendor(request)

    return [HttpRoute(MEDIA_PREFIX, media), HttpRoute(VENDOR_PREFIX, vendor)]
