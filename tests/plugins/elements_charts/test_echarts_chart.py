"""st.echarts_chart: the option as plain JSON (dict, JSON string, pyecharts), what cannot be drawn refused with
a reason, and selections returned to the script as widget state."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kernel.testing import AppTest
from kernel_plugins.elements_charts._vendor_diagrams import ECHARTS_URL
from tests.plugins.headless_run import RunScript, script_runner

BAR = "{'xAxis': {'type': 'category', 'data': ['a', 'b']}, 'yAxis': {}, 'series': [{'type': 'bar', 'data': [1, 2]}]}"


@pytest.fixture
def run(tmp_path: Path) -> Iterator[RunScript]:
    with script_runner(tmp_path) as runner:
        yield runner


def _texts(msgs: list[Any]) -> list[str]:
    return [m.element.props["body"] for m in msgs
            if getattr(m, "element", None) is not None and m.element.kind == "text"]


def test_a_dict_option_is_sent_as_json_with_the_defaults() -> None:
    at = AppTest.from_string(f"from kernel import st\nst.echarts_chart({BAR})\n").run()
    assert not at.exception
    (chart,) = at.get("echarts_chart")
    assert chart.props["option"]["series"] == [{"type": "bar", "data": [1, 2]}]
    assert (chart.props["theme"], chart.props["renderer"], chart.props["width"], chart.props["height"]) == (
        "streamlit", "canvas", "stretch", "content")
    assert chart.props["bundle"] == ECHARTS_URL and "id" not in chart.props


def test_json_strings_numpy_values_nan_and_a_dataframe_in_the_dataset(run: RunScript) -> None:
    ran = run("""
        import numpy as np
        import pandas as pd
        from kernel import st
        st.echarts_chart('{"series": [{"type": "line", "data": [1, 2, 3]}]}', renderer="svg", theme=None)
        frame = pd.DataFrame({"day": ["Mon", "Tue"], "visits": [np.int64(3), np.nan]})
        st.echarts_chart({"dataset": {"source": frame}, "xAxis": {"type": "category"}, "yAxis": {},
                          "series": [{"type": "bar", "data": np.array([1.5, np.inf])}]}, height=300, width=500)
    """)
    text, framed = ran.props("echarts_chart")
    assert text["option"] == {"series": [{"type": "line", "data": [1, 2, 3]}]}
    assert (text["renderer"], text["theme"]) == ("svg", None)
    assert framed["option"]["dataset"]["source"] == [["day", "visits"], ["Mon", 3.0], ["Tue", None]]
    assert framed["option"]["series"][0]["data"] == [1.5, None], "NaN and infinities are missing values"
    assert (framed["height"], framed["width"]) == (300, 500)


def test_a_pyecharts_chart_gives_its_options() -> None:
    pytest.importorskip("pyecharts")
    at = AppTest.from_string(
        "from pyecharts.charts import Bar\n"
        "from kernel import st\n"
        "st.echarts_chart(Bar().add_xaxis(['x', 'y']).add_yaxis('sales', [5, 7]))\n"
    ).run()
    assert not at.exception
    option = at.get("echarts_chart")[0].props["option"]
    assert option["series"][0]["type"] == "bar" and option["series"][0]["name"] == "sales"
    assert option["xAxis"][0]["data"] == ["x", "y"]


@pytest.mark.parametrize("call, fragment", [
    ("st.echarts_chart([1, 2])", "st.echarts_chart(spec=[1, 2]): give an ECharts option as a dict, a JSON string"),
    ("st.echarts_chart('{\"series\": ')", "the string is not valid JSON (Expecting value"),
    ("st.echarts_chart('[1]')", "the option must be a JSON object"),
    ("st.echarts_chart({'series': [{'type': 'custom', 'renderItem': 'x'}]})",
     "series 0 is a 'custom' series, which draws with a JavaScript renderItem callback"),
    ("st.echarts_chart({'series': {'type': 'map', 'map': 'world'}})", "series 0 is drawn on a map"),
    ("st.echarts_chart({'geo': {'map': 'china'}, 'series': []})", "the option has a 'geo' component: geo/map charts"),
    ("st.echarts_chart({'series': [{'type': 'line'}, {'type': 'scatter3D'}]})",
     "series 1 ('scatter3D') needs the ECharts-GL extension"),
    ("st.echarts_chart({'grid3D': {}})", "the option has a 'grid3D' component: ECharts-GL charts"),
    ("st.echarts_chart({'tooltip': {'formatter': print}})", "print"),
    ("st.echarts_chart({}, theme='dark')", "st.echarts_chart(theme='dark'): use one of 'streamlit', None"),
    ("st.echarts_chart({}, renderer='webgl')", "st.echarts_chart(renderer='webgl'): use one of 'canvas', 'svg'"),
    ("st.echarts_chart({}, height='auto')", "st.echarts_chart(height='auto'): use 'content', 'stretch'"),
    ("st.echarts_chart({}, on_select='yes')", "st.echarts_chart(on_select='yes'): use 'ignore', 'rerun' or a callable"),
    (f"st.echarts_chart({BAR}, on_select='rerun')",
     "st.echarts_chart(on_select='rerun'): the chart lets nothing be selected; give a series \"selectedMode\""),
])
def test_errors_name_the_parameter_and_say_what_to_do(run: RunScript, call: str, fragment: str) -> None:
    ran = run("from kernel import st\n" + call + "\n")
    assert fragment in ran.error()["message"]


def test_pyecharts_js_code_is_refused_not_shown_as_text() -> None:
    pytest.importorskip("pyecharts")
    at = AppTest.from_string(
        "from pyecharts import options as opts\n"
        "from pyecharts.charts import Bar\n"
        "from pyecharts.commons.utils import JsCode\n"
        "from kernel import st\n"
        "bar = Bar().add_xaxis(['x']).add_yaxis('s', [1])\n"
        "bar.set_global_opts(tooltip_opts=opts.TooltipOpts(formatter=JsCode('function (p) { return p.name; }')))\n"
        "st.echarts_chart(bar)\n"
    ).run()
    assert "contains JavaScript code (pyecharts JsCode), which kernel never runs" in at.exception[0].message
    assert not at.get("echarts_chart")


def test_click_and_brush_selections_round_trip_with_a_callback(run: RunScript) -> None:
    ran = run("""
        from kernel import st
        st.session_state.setdefault("calls", 0)
        def chosen():
            st.session_state["calls"] += 1
        option = {"brush": {}, "series": [{"type": "scatter", "id": "pts", "name": "points", "selectedMode": "multiple",
                                           "data": [[1, 1], [2, 2]]}]}
        event = st.echarts_chart(option, on_select=chosen, key="sc")
        sel = event.selection
        st.text(f"{[(s.series_index, s.series_id, s.series_name, s.data_indices) for s in sel.selected]} "
                f"{[(a.brush_type, a.coord_range) for a in sel.areas]} {st.session_state['calls']}")
        st.text(f"{st.session_state.sc == event}")
    """)
    props = ran.one("echarts_chart")
    assert props["id"].endswith("-sc")
    assert _texts(ran.msgs) == ["[] [] 0", "True"]
    reported = {"selection": {
        "selected": [{"series_index": 0, "series_id": "pts", "series_name": "points", "data_type": None,
                      "data_indices": [1, 0]}],
        "areas": [{"brush_index": 0, "brush_type": "rect", "coord_range": [[0, 3], [0, 3]], "extra": "dropped"}]}}
    msgs = ran.session.run({props["id"]: reported})
    assert _texts(msgs) == ["[(0, 'pts', 'points', [1, 0])] [('rect', [[0, 3], [0, 3]])] 1"], "the 'True' is unchanged"


@pytest.mark.parametrize("bad", [
    "nonsense",
    {"selection": {"selected": [{"series_index": 0, "data_indices": ["1"]}]}},
    {"selection": {"selected": [{"series_index": "0", "data_indices": [1]}]}},
    {"selection": {"selected": {}, "areas": []}},
])
def test_a_malformed_selection_from_the_page_keeps_the_empty_state(run: RunScript, bad: Any) -> None:
    ran = run("""
        from kernel import st
        st.session_state["runs"] = st.session_state.get("runs", 0) + 1
        event = st.echarts_chart({"series": [{"type": "pie", "selectedMode": "single", "data": [1, 2]}]},
                                 on_select="rerun")
        st.text(f"{event!r} run {st.session_state.runs}")
    """)
    empty = "{'selection': {'selected': [], 'areas': []}}"
    assert _texts(ran.msgs) == [empty + " run 1"]
    msgs = ran.session.run({ran.one("echarts_chart")["id"]: bad})
    assert _texts(msgs) == [empty + " run 2"], "bad input never crashes the run"


def test_apptest_selects_in_an_echarts_chart() -> None:
    at = AppTest.from_string(
        "from kernel import st\n"
        "option = {'brush': {}, 'series': [{'type': 'bar', 'id': 'b', 'name': 'sales', 'selectedMode': 'single',\n"
        "                                    'data': [3, 4]}]}\n"
        "event = st.echarts_chart(option, on_select='rerun', key='chart')\n"
        "st.write(event.selection.selected[0].series_name if event.selection.selected else 'nothing')\n"
        "st.write(len(event.selection.areas))\n"
        "st.echarts_chart({'series': []})\n"
    ).run()
    assert [m.value for m in at.markdown] == ["nothing", "`0`"]
    chart, plain = at.echarts_chart
    assert chart.option["series"][0]["name"] == "sales" and chart.key == "chart"
    chart.select([{"series_index": 0, "data_indices": [1]}], [{"brush_type": "rect", "coord_range": [[0, 1], [0, 5]]}])
    at.run()
    assert not at.exception
    assert [m.value for m in at.markdown] == ["sales", "`1`"]
    state = at.session_state["chart"].selection
    assert state.selected[0].series_id == "b" and state.selected[0].data_indices == [1]
    assert state.areas[0].brush_index == 0 and state.areas[0].coord_range == [[0, 1], [0, 5]]
    from kernel.testing import AppTestError

    with pytest.raises(AppTestError, match="reports no selections; call it with on_select='rerun'"):
        plain.select([{"series_index": 0, "data_indices": [0]}])


def test_a_large_option_goes_by_the_data_side_channel_and_reads_back_whole() -> None:
    at = AppTest.from_string(
        "from kernel import st\n"
        "points = [[i, (i * 7919) % 1000] for i in range(20_000)]\n"
        "st.echarts_chart({'xAxis': {}, 'yAxis': {}, 'series': [{'type': 'scatter', 'data': points}]})\n"
        "st.echarts_chart({'xAxis': {}, 'yAxis': {}, 'series': [{'type': 'scatter', 'data': points[:10]}]})\n"
    ).run()
    big, small = at.echarts_chart
    assert big.props.get("option") is None and str(big.props["option_url"]).startswith("/_kernel/data/")
    assert len(json.dumps(big.props)) < 1024
    assert big.option["series"][0]["data"] == [[i, (i * 7919) % 1000] for i in range(20_000)]
    assert "option_url" not in small.props and len(small.option["series"][0]["data"]) == 10
    url = big.props["option_url"]
    at.run()
    assert at.echarts_chart[0].props["option_url"] == url, "an unchanged option keeps its URL (no refetch)"
