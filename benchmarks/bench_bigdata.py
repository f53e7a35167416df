"""Benchmark: big data pages in Chromium, on kernel, an older kernel and Streamlit, interleaved in one run.

Run from the repository root (needs the ``elements`` extra, pyarrow and /usr/bin/chromium):

    python benchmarks/bench_bigdata.py                 # 3 fresh page loads per page and server
    python benchmarks/bench_bigdata.py --loads 1       # quicker
    python benchmarks/bench_bigdata.py --before /path/to/old-venv/bin/python   # a "before" column

Pages: a 1M x 8 ``st.dataframe``; a 20k x 5 ``st.dataframe`` of dates, ints, floats, city names and
booleans (a medium frame: its rows past the first screen come as one Arrow table);
``st.line_chart`` of 100k x 3 and 1M x 3 points; an
``st.vega_lite_chart`` of a 200k-row frame (its own spec); and a rerun of the 1M x 8
dataframe page that leaves the frame unchanged (a button click).

Each page's app is written once per framework (``from kernel import st`` or ``import
streamlit as st``) and served by its own server process on a free port with default
settings: this tree's kernel (``kernel``), another kernel (``--before PYTHON``: the Python
of a virtual environment where an older kernel is installed, e.g. main before a change) and
Streamlit when it is installed (the ``bench-streamlit`` extra pins it; ``--no-streamlit``
leaves it out). The data is built by each server on its first (warm-up) load, before any
timing; then the loads alternate between the servers (kernel, before, Streamlit, kernel,
...), each in a fresh page of one headless Chromium, so a busy moment of the machine costs
all of them alike. For each page and server it prints (median over the loads):

* time from opening the page to the grid's first rows shown, or to the chart drawn.
  kernel: the grid's first row is filled, or the chart's ``data-drawn`` is ``true``
  (Vega-Embed finished). Streamlit (which draws grids and charts on canvases): its
  ``stDataFrame``/``stVegaLiteChart`` canvas has dark pixels (text, lines), polled every 100 ms;
  for the rerun page, the click to the run's new text shown;
* bytes received over the WebSocket (all frames of the load) and the largest frame;
* bytes of element data fetched over HTTP beside the WebSocket (kernel's data route);
* the renderer's JavaScript heap once the page is drawn (Chromium's ``JSHeapUsedSize``).

A page that does not finish within ``--timeout`` seconds is reported as such.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
HEALTH = {"kernel": "/_kernel/health", "streamlit": "/_stcore/health"}

FRAME_1M = ("import numpy as np\nimport pandas as pd\n"
            "DATA = pd.DataFrame(np.random.default_rng(1).normal(size=(1_000_000, 8)), "
            "columns=[f'c{i}' for i in range(8)])\n")
PAGES: dict[str, tuple[str, str, str]] = {
    # name: (data module, app body after `import ... as st`, what "done" is)
    "dataframe 1M x 8": (FRAME_1M, "from bench_big_data import DATA\nst.dataframe(DATA)\n", "grid"),
    "dataframe 1M x 8, unchanged rerun": (
        FRAME_1M,
        "from bench_big_data import DATA\nst.dataframe(DATA)\nst.button('Again')\n"
        "st.session_state['runs'] = st.session_state.get('runs', 0) + 1\n"
        "st.text(f\"runs {st.session_state['runs']}\")\n",
        "rerun",
    ),
    "dataframe 20k x 5 mixed": (
        "import numpy as np\nimport pandas as pd\n"
        "rng = np.random.default_rng(5)\n"
        "DATA = pd.DataFrame({'when': pd.date_range('2020-01-01', periods=20_000, freq='min'),"
        " 'n': rng.integers(0, 1000, 20_000), 'x': rng.normal(size=20_000).round(2),"
        " 'city': rng.choice(['Berlin', 'Paris', 'Rome', 'Oslo'], 20_000), 'ok': rng.random(20_000) > 0.5})\n",
        "from bench_big_data import DATA\nst.dataframe(DATA)\n",
        "grid",
    ),
    "line_chart 100k x 3 (300k points)": (
        "import numpy as np\nimport pandas as pd\n"
        "DATA = pd.DataFrame(np.random.default_rng(2).normal(size=(100_000, 3)).cumsum(axis=0), columns=list('abc'))\n",
        "from bench_big_data import DATA\nst.line_chart(DATA)\n",
        "chart",
    ),
    "line_chart 1M x 3 (3M points)": (
        "import numpy as np\nimport pandas as pd\n"
        "DATA = pd.DataFrame(np.random.default_rng(3).normal(size=(1_000_000, 3)).cumsum(axis=0), "
        "columns=list('abc'))\n",
        "from bench_big_data import DATA\nst.line_chart(DATA)\n",
        "chart",
    ),
    "vega_lite_chart 200k rows": (
        "import numpy as np\nimport pandas as pd\n"
        "rng = np.random.default_rng(4)\n"
        "DATA = pd.DataFrame({'x': rng.normal(size=200_000), 'y': rng.normal(size=200_000),"
        " 'kind': rng.choice(['a', 'b', 'c'], 200_000)})\n"
        "SPEC = {'mark': {'type': 'point', 'filled': True, 'size': 4, 'opacity': 0.3}, 'encoding': {"
        "'x': {'field': 'x', 'type': 'quantitative'}, 'y': {'field': 'y', 'type': 'quantitative'},"
        " 'color': {'field': 'kind', 'type': 'nominal'}}}\n",
        "from bench_big_data import DATA, SPEC\nst.vega_lite_chart(DATA, SPEC)\n",
        "chart",
    ),
}

# JavaScript predicates of "done", per framework and kind.
_CANVAS_INKED = """(selector) => {
  const root = document.querySelector(selector);
  const canvas = root && root.querySelector('canvas');
  if (!canvas || !canvas.width || !canvas.height) return false;
  let data;
  try { data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data; }
  catch { return false; }
  for (let i = 0; i < data.length; i += 12) {
    if (data[i + 3] > 128 && (data[i] < 150 || data[i + 1] < 150 || data[i + 2] < 150)) return true;
  }
  return false;
}"""
DONE = {
    ("kernel", "grid"): "() => { const r = document.querySelector('.k-grid-row[data-pos=\"0\"]');"
                        " return !!r && !r.classList.contains('k-loading'); }",
    ("kernel", "chart"): "() => { const c = document.querySelector('.k-kind-vega_lite');"
                         " return !!c && (c.dataset.drawn === 'true' || c.dataset.drawn === 'error'); }",
    ("streamlit", "grid"): f"() => ({_CANVAS_INKED})('[data-testid=\"stDataFrame\"]')",
    ("streamlit", "chart"): f"() => ({_CANVAS_INKED})('[data-testid=\"stVegaLiteChart\"]')",
}
TEXT = {"kernel": ".k-kind-text", "streamlit": '[data-testid="stText"]'}


def _mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB" if n >= 1e5 else f"{n / 1e3:.1f} KB"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(framework: str, port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
            conn.sendall(f"GET {HEALTH[framework]} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n".encode())
            return conn.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


class Server:
    """``kernel run`` (with a given Python) or ``streamlit run`` of a script in a subprocess, once healthy."""

    def __init__(self, label: str, framework: str, python: str, script: Path) -> None:
        self.label, self.framework = label, framework
        port = _free_port()
        if framework == "kernel":
            command = [python, "-m", "kernel", "run", str(script), f"--server.port={port}",
                       "--server.file_watcher_type=none"]
        else:
            command = [python, "-m", "streamlit", "run", str(script), "--server.port", str(port),
                       "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType",
                       "none", "--browser.gatherUsageStats", "false", "--global.developmentMode", "false"]
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                                     cwd=script.parent)
        self.url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 120
        while not _healthy(framework, port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{label} did not start on port {port}")
            time.sleep(0.05)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _loaded(page: Any, framework: str, kind: str, timeout: float) -> None:
    done = DONE[(framework, "grid" if kind == "rerun" else kind)]
    page.wait_for_function(done, timeout=timeout * 1000, polling=20 if framework == "kernel" else 100)


def measure(browser: Any, server: Server, kind: str, timeout: float) -> dict[str, Any]:
    """One fresh page load (and for ``rerun``, one rerun after it): time, bytes and heap."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    frames: list[int] = []
    fetched: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: frames.append(len(p))))
    page.on("response", lambda r: fetched.append(int(r.headers.get("content-length", "0")))
            if "/_kernel/data/" in r.url else None)
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    try:
        start = time.perf_counter()
        page.goto(server.url)
        _loaded(page, server.framework, kind, timeout)
        if kind == "rerun":
            text = page.locator(TEXT[server.framework]).last
            text.wait_for(timeout=timeout * 1000)
            page.wait_for_timeout(500)  # the end of the first run
            frames.clear()
            fetched.clear()
            start = time.perf_counter()
            page.get_by_role("button", name="Again").click()
            page.wait_for_function("(sel) => [...document.querySelectorAll(sel)].some(e => e.textContent"
                                   ".includes('runs 2'))", arg=TEXT[server.framework], timeout=timeout * 1000,
                                   polling=20)
        ms = (time.perf_counter() - start) * 1000
    except Exception:  # noqa: BLE001 - a page that never finishes is a result, not a crash
        context.close()
        return {"ms": None}
    page.wait_for_timeout(300)  # late frames of the run (its end) and the last fetches
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    note = page.evaluate("() => { const n = document.querySelector('.k-chart-note'); return n ? n.textContent : ''; }")
    context.close()
    return {"ms": ms, "ws": sum(frames), "largest": max(frames, default=0), "http": sum(fetched),
            "heap": metrics.get("JSHeapUsedSize", 0.0), "note": note}


def _report(name: str, kind: str, results: dict[str, list[dict[str, Any]]], timeout: float) -> None:
    what = {"grid": "first rows", "chart": "chart drawn", "rerun": "click -> rerun shown"}[kind]
    print(f"\n{name}")
    print(f"| server | open -> {what} (median / max) | WebSocket (largest frame) | data over HTTP | JS heap |")
    print("|---|---:|---:|---:|---:|")
    for label, runs in results.items():
        done = [r for r in runs if r["ms"] is not None]
        if not done:
            print(f"| {label} | none of {len(runs)} within {timeout:.0f} s | | | |")
            continue
        late = f" ({len(runs) - len(done)} of {len(runs)} timed out)" if len(done) < len(runs) else ""
        print(f"| {label} | {statistics.median(r['ms'] for r in done):,.0f} / {max(r['ms'] for r in done):,.0f} ms"
              f"{late} | {_mb(statistics.median(r['ws'] for r in done))} ({_mb(max(r['largest'] for r in done))})"
              f" | {_mb(statistics.median(r['http'] for r in done))}"
              f" | {statistics.median(r['heap'] for r in done) / 1e6:.1f} MB |")
    for label, runs in results.items():
        notes = [r["note"] for r in runs if r.get("note")]
        if notes:
            print(f"  {label}, note under the chart: {notes[-1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=3, help="fresh page loads per page and server")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds a page may take")
    parser.add_argument("--only", default="", help="run only pages whose name contains this")
    parser.add_argument("--before", default="", help="the Python of an environment with an older kernel")
    parser.add_argument("--no-streamlit", action="store_true", help="leave Streamlit out even if installed")
    args = parser.parse_args()

    from importlib.metadata import PackageNotFoundError, version

    from playwright.sync_api import sync_playwright

    servers: list[tuple[str, str, str]] = [("kernel", "kernel", sys.executable)]
    if args.before:
        servers.append(("kernel before", "kernel", args.before))
    try:
        st_version = None if args.no_streamlit else version("streamlit")
    except PackageNotFoundError:
        st_version = None
    if st_version:
        servers.append((f"Streamlit {st_version}", "streamlit", sys.executable))
    print(f"bench_bigdata: {args.loads} loads per page and server, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}; servers: {', '.join(s[0] for s in servers)}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        for name, (data, body, kind) in PAGES.items():
            if args.only not in name:
                continue
            folder = Path(tempfile.mkdtemp(prefix="bench-bigdata-"))
            (folder / "bench_big_data.py").write_text(data)
            (folder / "kernel_app.py").write_text("from kernel import st\n" + body)
            (folder / "streamlit_app.py").write_text("import streamlit as st\n" + body)
            running: list[Server] = []
            results: dict[str, list[dict[str, Any]]] = {}
            try:
                for label, framework, python in servers:
                    running.append(Server(label, framework, python, folder / f"{framework}_app.py"))
                    warm = measure(browser, running[-1], kind, args.timeout)  # builds the data, imports, bundles
                    results[label] = [] if warm["ms"] is not None else [warm]
                for _ in range(args.loads):
                    for server in running:
                        if not results[server.label] or results[server.label][0]["ms"] is not None:
                            results[server.label].append(measure(browser, server, kind, args.timeout))
            finally:
                for server in running:
                    server.stop()
            _report(name, kind, results, args.timeout)
        browser.close()
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
