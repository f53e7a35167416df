"""The vendored libraries of the diagram and ECharts charts, served under ``/_kernel/vendor/``.

``scripts/vendor_diagrams.sh`` puts each npm package's browser bundle and licence into
``vendor/<name>/``: ``@viz-js/viz`` (Graphviz compiled to WebAssembly), ``mermaid`` and
``echarts``. A renderer loads its bundle only when a page shows such a chart.
"""

from __future__ import annotations

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


def serve_diagram_vendor(request: HttpRequest) -> HttpResponse | None:
    """The vendored bundle the path names (read once, then kept in memory), or ``None``."""
    from kernel_plugins.elements_charts._vendor import _script

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
    return _script(body)
