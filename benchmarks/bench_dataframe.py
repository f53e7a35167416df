"""Benchmark: st.dataframe of a 1-million-row, 10-column frame, in Chromium against `kernel run`.

Run from the repository root (needs the ``elements`` extra and /usr/bin/chromium):

    python benchmarks/bench_dataframe.py            # 10 page loads
    python benchmarks/bench_dataframe.py --loads 3  # quicker

It serves an app that shows a 1,000,000 x 10 float frame (built once per process, outside
the timed part) and prints:

* the time the ``st.dataframe`` call takes in the script (median),
* the time from opening the page to the grid showing its first rows (median and max
  over fresh page loads, each a new session),
* the bytes sent over the WebSocket for that page load (all messages of the run) and
  the bytes of the element itself,
* the time and bytes to scroll to the last row (pages read from the data route),
* the time of a server-side sort by a column (first page of the sorted frame),
* for comparison, the size of the whole frame as JSON (what sending it whole would cost).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

ROWS, COLS = 1_000_000, 10
DATA_MODULE = f"""
import numpy as np
import pandas as pd
FRAME = pd.DataFrame(np.random.default_rng(1).normal(size=({ROWS}, {COLS})), columns=[f"c{{i}}" for i in range({COLS})])
"""
APP = """
import time
from bench_frame_data import FRAME
from kernel import st
t0 = time.perf_counter()
st.dataframe(FRAME, height=400)
st.text(f"call_ms={(time.perf_counter() - t0) * 1000:.2f}")
"""
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=10, help="fresh page loads to time")
    args = parser.parse_args()

    from liveloop_browser import ServedApp
    from playwright.sync_api import sync_playwright

    from kernel_plugins.elements_data._frames import rows_json

    folder = Path(tempfile.mkdtemp(prefix="bench-dataframe-"))
    (folder / "bench_frame_data.py").write_text(DATA_MODULE)
    script = folder / "app.py"
    script.write_text(APP)
    sys.path.insert(0, str(folder))
    import bench_frame_data  # builds the frame once, before any timing

    app = ServedApp(script, {"server.port": "0", "server.file_watcher_type": "none"})
    call_ms: list[float] = []
    load_ms: list[float] = []
    ws_bytes: list[int] = []
    element_bytes = 0
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
            # warm-up load (imports, first renderer fetches)
            warm = browser.new_page()
            warm.goto(app.url)
            warm.wait_for_selector('.k-grid-row[data-pos="0"]')
            warm.close()
            for _ in range(args.loads):
                page = browser.new_page()
                frames: list[int] = []
                page.on("websocket", lambda ws, frames=frames: ws.on(
                    "framereceived", lambda payload: frames.append(len(payload))))
                start = time.perf_counter()
                page.goto(app.url)
                page.wait_for_selector('.k-grid-row[data-pos="0"] .k-grid-cell')
                load_ms.append((time.perf_counter() - start) * 1000)
                text = page.locator(".k-kind-text").text_content() or ""
                call_ms.append(float(text.split("=")[1]))
                page.wait_for_function("document.body.dataset.runs === '1'")
                ws_bytes.append(sum(frames))
                element_bytes = page.evaluate(
                    "() => JSON.stringify(document.querySelector('.k-kind-dataframe').kernelGrid.props).length")
                page.close()
            # scroll to the end, counting the bytes of pages read
            page = browser.new_page()
            page.goto(app.url)
            page.wait_for_selector('.k-grid-row[data-pos="0"] .k-grid-cell')
            page_bytes: list[int] = []
            page.on("response", lambda r: page_bytes.append(int(r.headers.get("content-length", "0")))
                    if "/_kernel/data/" in r.url else None)
            start = time.perf_counter()
            page.locator(".k-grid-viewport").evaluate("v => { v.scrollTop = v.scrollHeight; }")
            page.wait_for_selector(f'.k-grid-row[data-pos="{ROWS - 1}"] .k-grid-cell')
            scroll_ms = (time.perf_counter() - start) * 1000
            scroll_bytes, scroll_pages = sum(page_bytes), len(page_bytes)
            start = time.perf_counter()
            page.locator('.k-grid-hcell[data-col="3"]').click()
            page.locator(".k-grid-viewport").evaluate("v => { v.scrollTop = 0; }")
            page.wait_for_function("() => { const r = document.querySelector('.k-grid-row[data-pos=\"0\"]');"
                                   " return r && !r.classList.contains('k-loading'); }")
            sort_ms = (time.perf_counter() - start) * 1000
            browser.close()
    finally:
        app.stop()
    whole = len(rows_json(bench_frame_data.FRAME, 0, ROWS))
    print(f"st.dataframe of a {ROWS:,} x {COLS} frame ({args.loads} fresh page loads)")
    print(f"  st.dataframe call in the script: median {statistics.median(call_ms):.1f} ms")
    print(f"  page open -> first rows shown:   median {statistics.median(load_ms):.0f} ms, "
          f"max {max(load_ms):.0f} ms")
    print(f"  WebSocket bytes for the run:     {statistics.median(ws_bytes):,.0f} B "
          f"(the dataframe element's props: {element_bytes:,} B)")
    print(f"  scroll to the last row:          {scroll_ms:.0f} ms, {scroll_bytes:,} B in {scroll_pages} page(s)")
    print(f"  sort by a column (server side):  {sort_ms:.0f} ms to the first sorted rows")
    print(f"  the whole frame as JSON would be {whole:,} B ({whole / max(statistics.median(ws_bytes), 1):.0f}x more)")


if __name__ == "__main__":
    main()
