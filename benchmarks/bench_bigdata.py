"""Benchmark: big data pages in Chromium -- a 1M x 8 st.dataframe and st.line_chart of 100k x 3 and 1M x 3.

Run from the repository root (needs the ``elements`` extra, pyarrow and /usr/bin/chromium):

    python benchmarks/bench_bigdata.py             # 3 fresh page loads per page
    python benchmarks/bench_bigdata.py --loads 1   # quicker

Each page is served by its own app (in this process, on a free port, default settings) and
opened in fresh pages of a headless Chromium. The data is built once per app, before any
timing. For each page it prints (median over the loads):

* time from opening the page to the grid's first rows shown, or to the chart drawn
  (``data-drawn="true"``: Vega finished drawing);
* bytes received over the WebSocket (all frames of the page load) and the largest frame;
* bytes of element data fetched over HTTP (the data route: pages of paged grids, chart data);
* the renderer's JavaScript heap once the page is drawn (Chromium's ``JSHeapUsedSize``).

A page that does not finish within ``--timeout`` seconds is reported as such. Streamlit is not
driven by this script; the issue's Streamlit figures came from a side-by-side run by hand.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]

PAGES: dict[str, tuple[str, str, str]] = {
    # name: (data module, app, what "done" is)
    "dataframe 1M x 8": (
        "import numpy as np\nimport pandas as pd\n"
        "DATA = pd.DataFrame(np.random.default_rng(1).normal(size=(1_000_000, 8)), "
        "columns=[f'c{i}' for i in range(8)])\n",
        "from bench_big_data import DATA\nfrom kernel import st\nst.dataframe(DATA)\n",
        "grid",
    ),
    "line_chart 100k x 3 (300k points)": (
        "import numpy as np\nimport pandas as pd\n"
        "DATA = pd.DataFrame(np.random.default_rng(2).normal(size=(100_000, 3)).cumsum(axis=0), columns=list('abc'))\n",
        "from bench_big_data import DATA\nfrom kernel import st\nst.line_chart(DATA)\n",
        "chart",
    ),
    "line_chart 1M x 3 (3M points)": (
        "import numpy as np\nimport pandas as pd\n"
        "DATA = pd.DataFrame(np.random.default_rng(3).normal(size=(1_000_000, 3)).cumsum(axis=0), "
        "columns=list('abc'))\n",
        "from bench_big_data import DATA\nfrom kernel import st\nst.line_chart(DATA)\n",
        "chart",
    ),
}
DONE = {
    "grid": "() => { const r = document.querySelector('.k-grid-row[data-pos=\"0\"]');"
            " return !!r && !r.classList.contains('k-loading'); }",
    "chart": "() => { const c = document.querySelector('.k-kind-vega_lite');"
             " return !!c && (c.dataset.drawn === 'true' || c.dataset.drawn === 'error'); }",
}


def _mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB" if n >= 1e5 else f"{n / 1e3:.1f} KB"


def measure(browser: Any, url: str, done: str, timeout: float) -> dict[str, Any]:
    """One fresh page load: times, bytes and heap."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    frames: list[int] = []
    fetched: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: frames.append(len(p))))
    page.on("response", lambda r: fetched.append(int(r.headers.get("content-length", "0")))
            if "/_kernel/data/" in r.url else None)
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    start = time.perf_counter()
    page.goto(url)
    try:
        page.wait_for_function(done, timeout=timeout * 1000, polling=20)
    except Exception:  # noqa: BLE001 - a page that never finishes is a result, not a crash
        context.close()
        return {"ms": None}
    ms = (time.perf_counter() - start) * 1000
    state = page.evaluate("() => { const c = document.querySelector('.k-kind-vega_lite');"
                          " return c ? c.dataset.drawn : 'grid'; }")
    page.wait_for_timeout(300)  # late frames of the run (its end) and the last fetches
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    note = page.evaluate("() => { const n = document.querySelector('.k-chart-note');"
                         " return n ? n.textContent : ''; }")
    context.close()
    return {"ms": ms, "state": state, "ws": sum(frames), "largest": max(frames, default=0), "http": sum(fetched),
            "heap": metrics.get("JSHeapUsedSize", 0.0), "note": note}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=3, help="fresh page loads per page")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds a page may take")
    parser.add_argument("--only", default="", help="run only pages whose name contains this")
    args = parser.parse_args()

    from liveloop_browser import ServedApp
    from playwright.sync_api import sync_playwright

    import kernel

    print(f"kernel {kernel.__version__} from {ROOT}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        for name, (data, source, kind) in PAGES.items():
            if args.only not in name:
                continue
            folder = Path(tempfile.mkdtemp(prefix="bench-bigdata-"))
            (folder / "bench_big_data.py").write_text(data)
            (folder / "app.py").write_text(source)
            sys.path.insert(0, str(folder))
            sys.modules.pop("bench_big_data", None)
            import bench_big_data  # noqa: F401 - builds the data once, before any timing

            app = ServedApp(folder / "app.py", {"server.port": "0", "server.file_watcher_type": "none"})
            try:
                warm = measure(browser, app.url, DONE[kind], args.timeout)  # imports, bundles, first renderers
                runs = [warm] if warm["ms"] is None else [measure(browser, app.url, DONE[kind], args.timeout)
                                                           for _ in range(args.loads)]
            finally:
                app.stop()
                sys.path.remove(str(folder))
            done = [r for r in runs if r["ms"] is not None]
            print(f"\n{name}: {len(done)} of {len(runs)} loads finished within {args.timeout:.0f} s")
            if not done:
                continue
            what = "first rows" if kind == "grid" else f"chart drawn ({done[-1]['state']})"
            print(f"  open -> {what}: median {statistics.median(r['ms'] for r in done):,.0f} ms,"
                  f" max {max(r['ms'] for r in done):,.0f} ms")
            print(f"  WebSocket: {_mb(statistics.median(r['ws'] for r in done))},"
                  f" largest frame {_mb(max(r['largest'] for r in done))}")
            print(f"  element data over HTTP: {_mb(statistics.median(r['http'] for r in done))}")
            print(f"  renderer JS heap: {statistics.median(r['heap'] for r in done) / 1e6:.1f} MB")
            if done[-1]["note"]:
                print(f"  note under the chart: {done[-1]['note']}")
        browser.close()


if __name__ == "__main__":
    main()
