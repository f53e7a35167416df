"""Third-party browser libraries, produced at run time from Python packages (never copied into the repo).

* ``/_kernel/vendor/vega-embed.js``: Vega, Vega-Lite and Vega-Embed bundled by
  ``vl_convert.javascript_bundle()`` (made once, in a background thread, then cached
  in memory and in ``~/.cache/kernel``).
* ``/_kernel/vendor/plotly.min.js``: the copy of plotly.js the ``plotly`` package ships.
* ``/_kernel/vendor/deck.gl.min.js`` and ``deck.gl-json.min.js``: deck.gl's standalone bundle
  and its JSON converter, vendored from their npm packages into ``vendor/deckgl/`` (with
  their licence) by ``scripts/vendor_deckgl.sh``: no Python package ships them.
* Graphviz (``@viz-js/viz``), Mermaid and ECharts bundles: ``_vendor_diagrams.py``.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Awaitable
from pathlib import Path

from kernel import HttpRequest, HttpResponse
from kernel_plugins.elements_charts import VENDOR_PREFIX

VEGA_URL = VENDOR_PREFIX + "vega-embed.js"
PLOTLY_URL = VENDOR_PREFIX + "plotly.min.js"
DECK_URL = VENDOR_PREFIX + "deck.gl.min.js"
DECK_JSON_URL = VENDOR_PREFIX + "deck.gl-json.min.js"
DECK_DIR = Path(__file__).parent / "vendor" / "deckgl"
_DECK_FILES = {DECK_URL: "deck.gl.min.js", DECK_JSON_URL: "deck.gl-json.min.js"}
BUNDLE_WAIT = 60.0
"""Seconds a request for the Vega bundle waits for it to be made (only the first one ever waits)."""

_lock = threading.Lock()
_vega: bytes | None = None
_vega_ready = threading.Event()
_vega_error: str | None = None
_vega_started = False
_plotly: bytes | None = None
_deck: dict[str, bytes] = {}


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kernel"


def _make_vega_bundle() -> None:
    global _vega, _vega_error
    try:
        import vl_convert

        version = getattr(vl_convert, "__version__", "unknown")
        cached = _cache_dir() / f"vega-embed-{version}.js"
        if cached.is_file():
            _vega = cached.read_bytes()
            return
        bundle = vl_convert.javascript_bundle().encode()  # type: ignore[call-arg]
        _vega = bundle
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(bundle)
            tmp.replace(cached)
        except OSError:
            pass
    except Exception as exc:  # reported to the browser as a 503 with the reason
        _vega_error = f"{type(exc).__name__}: {exc}"
    finally:
        _vega_ready.set()


def prepare_vega_bundle() -> None:
    """Start making the Vega bundle in the background (idempotent); called when a chart is first built."""
    global _vega_started
    with _lock:
        if _vega_started:
            return
        _vega_started = True
    threading.Thread(target=_make_vega_bundle, name="kernel-vega-bundle", daemon=True).start()


def _script(body: bytes) -> HttpResponse:
    etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
    return HttpResponse(200, body, "text/javascript; charset=utf-8",
                        (("cache-control", "public, max-age=86400"), ("etag", etag)))


def _vega_response() -> HttpResponse:
    if _vega is None:
        reason = _vega_error or "still being made"
        return HttpResponse(503, f"the Vega bundle is not available ({reason}); "
                            f"pip install vl-convert-python\n".encode(), "text/plain; charset=utf-8")
    return _script(_vega)


def serve_vendor(request: HttpRequest) -> HttpResponse | None | Awaitable[HttpResponse]:
    """The vendor script the path names, or ``None``."""
    global _plotly
    if request.path == VEGA_URL:
        prepare_vega_bundle()
        if _vega_ready.is_set():
            return _vega_response()

        async def when_ready() -> HttpResponse:
            import trio

            # The first bundle takes about a second to make: wait in a worker thread, not on the event loop.
            await trio.to_thread.run_sync(_vega_ready.wait, BUNDLE_WAIT)
            return _vega_response()

        return when_ready()
    if request.path == PLOTLY_URL:
        if _plotly is None:
            try:
                import plotly
            except ImportError:
                return HttpResponse(503, b"plotly is not installed; pip install plotly\n", "text/plain")
            _plotly = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()
        return _script(_plotly)
    name = _DECK_FILES.get(request.path)
    if name is not None:
        body = _deck.get(name)
        if body is None:
            try:
                body = _deck[name] = (DECK_DIR / name).read_bytes()
            except OSError:
                return HttpResponse(503, f"{name} is not vendored; run scripts/vendor_deckgl.sh\n".encode(),
                                    "text/plain")
        return _script(body)
    from kernel_plugins.elements_charts._vendor_diagrams import serve_diagram_vendor

    return serve_diagram_vendor(request)
