"""Benchmark of the Elements II widgets: rerun time and bytes of an app with many of them.

Runs an app with one of each input widget, container and status element, and apps of
many option and number widgets, headlessly (real session, runner and queue; no network),
and prints:

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

from kernel._app import AppOptions, build_app
from kernel.contracts.messages import Delta, encode_forward_frame
from kernel_plugins.app_session import HeadlessSession

EACH = """
import datetime as dt
from kernel import st
st.radio("radio", ["a", "b"])
st.button("button"); st.download_button("download", "x,y"); st.link_button("link", "https://example.com")
st.toggle("toggle"); st.multiselect("multiselect", ["a", "b"]); st.select_slider("select_slider", ["a", "b"])
st.pills("pills", ["a", "b"]); st.segmented_control("segmented", ["a", "b"]); st.feedback()
st.color_picker("color"); st.number_input("number"); st.date_input("date", dt.date(2024, 1, 1))
st.time_input("time", dt.time(8, 0)); st.slider("date slider", dt.date(2024, 1, 1), dt.date(2024, 2, 1))
st.text_area("text"); st.file_uploader("file"); st.camera_input("camera"); st.chat_input()
with st.container(border=True):
    st.text("in a container")
with st.expander("expander"):
    st.text("in an expander")
for tab in st.tabs(["one", "two"]):
    tab.text("in a tab")
with st.popover("popover"):
    st.text("in a popover")
with st.chat_message("user"):
    st.text("a message")
st.success("ok"); st.info("info"); st.warning("warning"); st.error("error"); st.progress(50)
with st.spinner("spinning"):
    pass
with st.status("status"):
    st.text("step")
st.toast("toast")
"""
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
    folder = Path(tempfile.mkdtemp(prefix="bench-inputs-"))
    each = folder / "each.py"
    each.write_text(EACH)
    rows = [("one of each Elements II command", each, "radio", [0, 1])]
    for n in (10, 100):
        script = folder / f"many_{n}.py"
        script.write_text(MANY.format(n=n))
        rows.append((f"{3 * n} option/number widgets", script, "radio", [0, 1, 2]))
    for name, script, kind, values in rows:
        median, p90, first, rerun = measure(script, kind, values, args.runs)
        print(f"{name:<34} {median:>10.2f} {p90:>8.2f} {first:>12} {rerun:>9}")


if __name__ == "__main__":
    main()
