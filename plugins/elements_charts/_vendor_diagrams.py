"""The vendored libraries of the diagram and ECharts charts, served under ``/_kernel/vendor/``.

``scripts/vendor_diagrams.sh`` puts each npm package's browser bundle and licence into
``vendor/<name>/``: ``@viz-js/viz`` (Graphviz compiled to WebAssembly), ``mermaid`` and
``echarts``. A renderer loads its bundle only when a page shows such a chart. They are
sent gzipped to browsers that accept it (mermaid's 5.5 MB travel as 1.5 MB).
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Awaitable
from pathlib import Path

from kernel import HttpRequest, HttpResponse
from kernel_plugins.elements_charts import VENDOR_PREFIX

VENDOR_DIR = Path(__file__).parent / "vendor"
VIZ_URL = VENDOR_PREFIX + "viz-global.js"
MERMAID_URL = VENDOR_PREFIX + "mermaid.min.js"
ECHARTS_URL = VENDOR_PREFIX + "echarts.min.js"
FILES: dict[str, Path] = {
    VIZ_URL: VENDOR_DIR / "vizjs" / "viz-global.js",
    MERMAID_URL: VENDOR_DIR / "mermaid" / "mermaid.min.js",
    ECHARTS_URL: VENDOR_DIR / "echarts" / "echarts.min.js",
}
"""URL -> the vendored file it serves."""

_bodies: dict[str, bytes] = {}
_gzipped: dict[str, bytes] = {}
CACHE_CONTROL = "public, max-age=86400"


def _response(body: bytes, encoding: str | None) -> HttpResponse:
    etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
    headers = [("cache-control", CACHE_CONTROL), ("etag", etag), ("vary", "accept-encoding")]
    if encoding is not None:
        headers.append(("content-encoding", encoding))
    return HttpResponse(200, body, "text/javascript; charset=utf-8", tuple(headers))


def _accepts_gzip(request: HttpRequest) -> bool:
    """Whether the request's ``Accept-Encoding`` names gzip (without ``q=0``)."""
    for part in (request.header("accept-encoding") or "").lower().split(","):
        name, _, params = part.partition(";")
        if name.strip() != "gzip":
            continue
        quality = params.replace(" ", "")
        if not quality.startswith("q="):
            return True
        try:
            return float(quality[2:]) > 0
        except ValueError:
            return False
    return False


def serve_diagram_vendor(request: HttpRequest) -> HttpResponse | None | Awaitable[HttpResponse]:
    """The vendored bundle the path names, gzipped when the browser accepts it, or ``None``.

    Each file is read once and kept in memory; its gzip form (a quarter of the size) is made
    once, in a worker thread so the event loop never waits for it.
    """
    path = FILES.get(request.path)
    if path is None:
        return None
    body = _bodies.get(request.path)
    if body is None:
        try:
            body = _bodies[request.path] = path.read_bytes()
        except OSError:
            return HttpResponse(503, f"{path.name} is not vendored; run scripts/vendor_diagrams.sh\n".encode(),
                                "text/plain; charset=utf-8")
    if not _accepts_gzip(request):
        return _response(body, None)
    packed = _gzipped.get(request.path)
    if packed is not None:
        return _response(packed, "gzip")
    url, plain = request.path, body

    async def compressed() -> HttpResponse:
        import trio

        data = await trio.to_thread.run_sync(gzip.compress, plain, 6)
        _gzipped[url] = data
        return _response(data, "gzip")

    return compressed()
