"""Benchmark of the Elements II widgets: rerun time and bytes of an app with many of them.

Runs ``examples/gallery_inputs.py`` (every input widget, container and status element)
and a synthetic app of N option widgets headlessly (real session, runner and queue; no
network), and prints:

* the median and p90 time of a rerun triggered by a widget change;
* the size of the first run's frame and of a rerun in which one value changed (the queue
  sends only what the page does not already show).

    python benchmarks/bench_inputs.py [--runs 50]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from kernel.app import AppOptions, build_app
from kernel.messages import Delta, encode_forward_frame
from plugins.app_session import HeadlessSession

ROOT = Path(__file__).resolve().parents[1]
GALLERY = ROOT / "examples" / "gallery_inputs.py"
MANY = """
from kernel import st
for i in range({n}):
    st.radio(f"radio {{i}}", ["a", "b", "c"], key=f"r{{i}}")
    st.multiselect(f"multi {{i}}", ["x", "y", "z"], default=["x"], key=f"m{{i}}")
    st.number_input(f"number {{i}}", 0, 100, 5, key=f"n{{i}}")
st.text(repr(st.session_state.get("r0")))
"""


def session_for(script: Path) -> HeadlessSession:
    app = build_app(AppOptions(script_path=script, cwd=script.parent, home=script.parent, environ={},
                               config_options={"server.file_watcher_type": "none"}))
    return HeadlessSession(app)


def first_widget(msgs: list, kind: str) -> str:
    for m in msgs:
        if isinstance(m, Delta) and m.element.kind == kind and "id" in m.element.props:
            return str(m.element.props["id"])
    raise LookupError(kind)


def measure(script: Path, kind: str, values: list, runs: int) -> tuple[float, float, int, int]:
    h = session_for(script)
    try:
        first = h.run()
        wid = first_widget(first, kind)
        times, sizes = [], []
        for i in range(runs):
            start = time.perf_counter()
            msgs = h.run({wid: values[i % len(values)]})
            times.append(time.perf_counter() - start)
            sizes.append(len(encode_forward_frame(msgs)))
        times.sort()
        return (statistics.median(times) * 1000, times[int(len(times) * 0.9) - 1] * 1000,
                len(encode_forward_frame(first)), int(statistics.median(sizes)))
    finally:
        h.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    print(f"{'app':<34} {'median ms':>10} {'p90 ms':>8} {'first run B':>12} {'rerun B':>9}")
    rows = [("gallery_inputs.py (every command)", GALLERY, "radio", [0, 1])]
    folder = Path(tempfile.mkdtemp(prefix="bench-inputs-"))
    for n in (10, 100):
        script = folder / f"many_{n}.py"
        script.write_text(MANY.format(n=n))
        rows.append((f"{3 * n} option/number widgets", script, "radio", [0, 1, 2]))
    for name, script, kind, values in rows:
        median, p90, first, rerun = measure(script, kind, values, args.runs)
        print(f"{name:<34} {median:>10.2f} {p90:>8.2f} {first:>12} {rerun:>9}")
    print("(the gallery sleeps 0.2 s inside its st.spinner block on every run)")


if __name__ == "__main__":
    main()
