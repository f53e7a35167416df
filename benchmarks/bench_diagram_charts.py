"""Benchmark: st.graphviz_chart, st.mermaid_chart and st.echarts_chart in Chromium against a served app.

Run from the repository root (needs /usr/bin/chromium):

    python benchmarks/bench_diagram_charts.py            # 5 page loads per chart
    python benchmarks/bench_diagram_charts.py --loads 2  # quicker

For each chart it serves an app showing one such chart and prints, over fresh browser
contexts (an empty cache: the library is fetched and compiled each time):

* the bytes of the library's response as sent (gzip when the browser asks for it) and as
  stored, and
* the time from opening the page to the chart drawn (``data-drawn="true"``), median and max,
  and the same with the library in the browser's cache (a second load in the same context),
* for Graphviz, the time to lay out a 300-node graph in the page once the library is loaded.
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
APPS = {
    "graphviz_chart": ("viz-global.js",
                       "from kernel import st\nst.graphviz_chart('digraph { a -> b -> c; a -> c }')\n"),
    "mermaid_chart": ("mermaid.min.js",
                      "from kernel import st\nst.mermaid_chart('graph LR\\n  A[Start] --> B{Ok?}\\n  B --> C[End]')\n"),
    "echarts_chart": ("echarts.min.js",
                      "from kernel import st\nst.echarts_chart({'xAxis': {'type': 'category', 'data': ['a', 'b', 'c']},"
                      " 'yAxis': {}, 'series': [{'type': 'bar', 'data': [3, 1, 2]}]})\n"),
}
BIG_DOT = "digraph { " + " ".join(f"n{i} -> n{(i * 7 + 3) % 300};" for i in range(300)) + " }"


def _drawn_ms(page: Any, url: str, kind: str) -> float:
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(f".k-kind-{kind}[data-drawn='true']", timeout=120_000)
    return (time.perf_counter() - t0) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=5, help="fresh page loads per chart")
    args = parser.parse_args()

    from liveloop_browser import ServedApp
    from playwright.sync_api import sync_playwright

    from kernel_plugins.elements_charts._vendor_diagrams import FILES, VENDOR_PREFIX

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        for kind, (bundle, source) in APPS.items():
            script = Path(tmp) / f"{kind}.py"
            script.write_text(source)
            app = ServedApp(script, {"server.port": "0", "server.file_watcher_type": "none"})
            try:
                cold: list[float] = []
                warm: list[float] = []
                sent = 0
                for _ in range(args.loads):
                    context = browser.new_context()
                    page = context.new_page()
                    sizes: list[int] = []

                    def on_response(response: Any, sizes: list[int] = sizes, bundle: str = bundle) -> None:
                        if response.url.endswith(bundle):
                            sizes.append(int(response.headers.get("content-length", "0")))

                    page.on("response", on_response)
                    cold.append(_drawn_ms(page, app.url, kind))
                    sent = max(sizes or [0])
                    warm.append(_drawn_ms(page, app.url, kind))
                    if kind == "graphviz_chart" and len(cold) == 1:
                        layout = page.evaluate(
                            "async (dot) => { const viz = await window.Viz.instance(); const t0 = performance.now();"
                            " viz.renderSVGElement(dot); return performance.now() - t0; }", BIG_DOT)
                        print(f"graphviz_chart: a 300-node, 300-edge graph laid out in the page in {layout:.0f} ms")
                    context.close()
                stored = FILES[VENDOR_PREFIX + bundle].stat().st_size
                print(f"{kind}: {bundle} {stored / 1e6:.2f} MB stored, {sent / 1e6:.2f} MB sent; "
                      f"drawn {statistics.median(cold):.0f} ms median (max {max(cold):.0f}) on a fresh load, "
                      f"{statistics.median(warm):.0f} ms with the library cached; {args.loads} loads")
            finally:
                app.stop()
        browser.close()


if __name__ == "__main__":
    main()
