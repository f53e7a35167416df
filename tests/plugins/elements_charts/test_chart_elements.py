"""Chart elements: simple charts, vega_lite_chart, altair_chart, map, plotly_chart, pyplot; vendor bundles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kernel._routes import HttpRequest
from kernel.contracts.media_files import media_store
from kernel_plugins.elements_charts._vendor import PLOTLY_URL, serve_vendor
from tests.plugins.headless_run import RunScript, script_runner


@pytest.fixture
def run(tmp_path: Path) -> Iterator[RunScript]:
    with script_runner(tmp_path) as runner:
        yield runner


def test_line_chart_melts_wide_data_into_series(run: RunScript) -> None:
    props = run("""
        import pandas as pd
        from kernel import st
        st.line_chart(pd.DataFrame({"a": [1, 2], "b": [3, 4]}), x_label="step")
    """).one("vega_lite")
    spec = props["spec"]
    assert spec["mark"] == {"type": "line", "tooltip": True}
    # the x axis spans the data exactly: no zero, no rounding out to a "nice" number
    assert spec["encoding"]["x"] == {"field": "index", "type": "quantitative", "title": "step",
                                     "scale": {"zero": False, "nice": False}}
    assert spec["encoding"]["color"]["field"] == "series"
    assert spec["data"]["values"] == [{"index": 0, "series": "a", "value": 1}, {"index": 1, "series": "a", "value": 2},
                                      {"index": 0, "series": "b", "value": 3}, {"index": 1, "series": "b", "value": 4}]
    assert spec["params"][0]["bind"] == "scales", "charts zoom and pan"
    assert props["width"] == "stretch" and props["height"] == "content" and props["bundle"].endswith("vega-embed.js")


def test_simple_chart_options(run: RunScript) -> None:
    ran = run("""
        from kernel import st
        data = {"x": ["a", "b"], "y": [3, 1], "z": [1, 2], "g": ["p", "q"]}
        st.bar_chart(data, x="x", y="y", horizontal=True, sort="-y", color="#ff0000")
        st.area_chart(data, x="z", y=["y"], stack="normalize")
        st.scatter_chart(data, x="z", y="y", color="g", size="z")
        st.line_chart(data, x="z", y=["y", "z"], color=["red", (0, 0, 255)])
    """)
    bar, area, scatter, line = (p["spec"] for p in ran.props("vega_lite"))
    assert bar["encoding"]["y"]["field"] == "x" and bar["encoding"]["x"]["field"] == "value"
    assert bar["encoding"]["y"]["sort"] == {"field": "value", "order": "descending"}
    assert bar["mark"]["color"] == "#ff0000"
    assert area["encoding"]["y"]["stack"] == "normalize"
    assert scatter["encoding"]["color"]["field"] == "g" and scatter["encoding"]["size"]["field"] == "z"
    assert line["encoding"]["color"]["scale"]["range"] == ["#ff4b4b", "#0000ff"]


@pytest.mark.parametrize(
    "call, fragment",
    [
        ("st.line_chart({'a': [1]}, x='nope')", "st.line_chart(x='nope'): no such column"),
        ("st.line_chart({'a': [1]}, y=['q'])", "st.line_chart(y=['q']): no such column(s): q"),
        ("st.area_chart({'a': [1]}, stack='tall')", "st.area_chart(stack='tall')"),
        ("st.bar_chart({'a': [1]}, sort='zz')", "st.bar_chart(sort='zz')"),
        ("st.scatter_chart({'a': [1], 'b': [2]}, size=True)", "st.scatter_chart(size=True)"),
        ("st.line_chart({'a': [1]}, color='not-a-colour')", "st.line_chart(color='not-a-colour')"),
        ("st.line_chart({'a': [1], 'b': [2]}, color=['red'])", "give one colour per series (2 series)"),
        ("st.line_chart({'a': [1]}, width='wide')", "st.line_chart(width='wide')"),
        ("st.vega_lite_chart({'a': [1]}, 'not json')", "st.vega_lite_chart(spec='not json')"),
        ("st.vega_lite_chart(None)", "st.vega_lite_chart(spec=None)"),
        ("st.vega_lite_chart({'mark': 'bar'}, theme='dark')", "st.vega_lite_chart(theme='dark')"),
        ("st.vega_lite_chart({'mark': 'bar'}, on_select='rerun')", "st.vega_lite_chart(on_select='rerun')"),
        ("st.altair_chart({'mark': 'bar'})", "st.altair_chart(altair_chart={'mark': 'bar'})"),
        ("st.map({'x': [1]})", "st.map(latitude=None): name the latitude column"),
        ("st.map({'lat': [1], 'lon': [2]}, zoom=40)", "st.map(zoom=40)"),
        ("st.plotly_chart(42)", "st.plotly_chart(figure_or_data=42)"),
        ("st.plotly_chart({'data': []}, selection_mode='circle')", "st.plotly_chart(selection_mode='circle')"),
        ("st.plotly_chart({'data': []}, config=3)", "st.plotly_chart(config=3)"),
        ("st.pyplot('figure')", "st.pyplot(fig='figure')"),
    ],
)
def test_chart_errors_name_the_parameter(run: RunScript, call: str, fragment: str) -> None:
    message = run(f"from kernel import st\n{call}\n").error()["message"]
    assert fragment in message, message


def test_vega_lite_chart_with_separate_data_and_altair(run: RunScript) -> None:
    ran = run("""
        import altair as alt
        import pandas as pd
        from kernel import st
        df = pd.DataFrame({"a": [1, 2], "b": [5, 6]})
        st.vega_lite_chart(df, {"mark": "point", "encoding": {"x": {"field": "a"}}}, theme=None, height=200)
        st.altair_chart(alt.Chart(df).mark_bar().encode(x="a", y="b"), use_container_width=False)
    """)
    vl, altair = ran.props("vega_lite")
    assert vl["spec"]["data"] == {"values": [{"a": 1, "b": 5}, {"a": 2, "b": 6}]}
    assert vl["theme"] is None and vl["height"] == 200
    assert altair["spec"]["mark"]["type"] == "bar" and altair["width"] == "content"
    assert altair["theme"] is not None


def test_map_finds_lat_lon_columns(run: RunScript) -> None:
    spec = run("""
        from kernel import st
        st.map({"LAT": [52.5, 48.8], "LONGITUDE": [13.4, 2.3], "n": [1, 2]}, size="n", color="#00ff00")
    """).one("vega_lite")["spec"]
    assert spec["encoding"]["latitude"]["field"] == "LAT" and spec["encoding"]["longitude"]["field"] == "LONGITUDE"
    assert spec["projection"] == {"type": "mercator"} and spec["mark"]["color"] == "#00ff00"


def test_plotly_chart_sends_the_figure_json(run: RunScript) -> None:
    props = run("""
        import plotly.graph_objects as go
        from kernel import st
        st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[4, 1, 2], name="s")), config={"scrollZoom": True})
    """).one("plotly")
    trace = props["figure"]["data"][0]
    assert trace["type"] == "scatter" and trace["y"] == [4, 1, 2]
    assert props["config"] == {"scrollZoom": True} and props["bundle"] == PLOTLY_URL


def test_pyplot_is_an_svg_image(run: RunScript) -> None:
    ran = run("""
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from kernel import st
        fig, ax = plt.subplots()
        ax.plot([1, 2, 3], [3, 1, 2])
        st.pyplot(fig, clear_figure=True)
        st.text(str(len(fig.axes)))
    """)
    src = ran.one("image")["images"][0]["src"]
    assert src.endswith(".svg")
    assert media_store(ran.app).get(src.rsplit("/", 1)[1]).data.lstrip().startswith(b"<?xml")
    assert ran.props("text")[-1]["body"] == "0", "clear_figure cleared it"


def test_plotly_bundle_is_served_from_the_installed_package() -> None:
    response = serve_vendor(HttpRequest("GET", PLOTLY_URL))
    assert response is not None and response.status == 200
    assert response.content_type.startswith("text/javascript") and len(response.body) > 1_000_000
    assert serve_vendor(HttpRequest("GET", "/_kernel/vendor/nothing.js")) is None


def _texts(msgs: list[object]) -> list[str]:
    return [m.element.props["body"] for m in msgs  # type: ignore[attr-defined]
            if getattr(m, "element", None) is not None and m.element.kind == "text"]  # type: ignore[attr-defined]


def test_altair_selection_round_trip(run: RunScript) -> None:
    ran = run("""
        import altair as alt
        import pandas as pd
        from kernel import st
        df = pd.DataFrame({"a": [1, 2, 3], "b": [4, 5, 6]})
        pick = alt.selection_point(name="pick", fields=["a"])
        zoom = alt.selection_interval(name="zoom", bind="scales")
        event = st.altair_chart(alt.Chart(df).mark_point().encode(x="a", y="b").add_params(pick, zoom),
                                on_select="rerun", key="chart")
        st.text(repr(dict(event.selection)))
    """)
    props = ran.one("vega_lite")
    assert props["selection_params"] == ["pick"], "scale-bound zoom parameters are not selections"
    assert _texts(ran.msgs) == ["{'pick': {}}"]
    msgs = ran.session.run({props["id"]: {"selection": {"pick": {"a": [2]}, "other": {"x": 1}}}})
    assert _texts(msgs) == ["{'pick': {'a': [2]}}"]


def test_vega_lite_selection_errors(run: RunScript) -> None:
    message = run("""
        from kernel import st
        spec = {"mark": "point", "params": [{"name": "p", "select": "point"}]}
        st.vega_lite_chart(spec, on_select="rerun", selection_mode="q")
    """).error()["message"]
    assert "st.vega_lite_chart(selection_mode='q'): no selection parameter named 'q'; the chart has 'p'" in message


def test_plotly_selection_round_trip_and_callback(run: RunScript) -> None:
    ran = run("""
        import plotly.graph_objects as go
        from kernel import st
        if "calls" not in st.session_state:
            st.session_state["calls"] = 0
        def chosen():
            st.session_state["calls"] += 1
        event = st.plotly_chart(go.Figure(go.Scatter(x=[1, 2], y=[3, 4])), on_select=chosen,
                                selection_mode=("points", "box"))
        st.text(f"{event.selection.point_indices} {len(event.selection.box)} {st.session_state['calls']}")
    """)
    props = ran.one("plotly")
    assert props["selection_mode"] == ["points", "box"]
    assert _texts(ran.msgs) == ["[] 0 0"]
    msgs = ran.session.run({props["id"]: {"selection": {
        "points": [{"curve_number": 0, "point_index": 1, "x": 2, "y": 4}], "point_indices": [1],
        "box": [{"x": [1, 2], "y": [3, 4]}], "lasso": [{"x": [0]}]}}})
    assert _texts(msgs) == ["[1] 1 1"]


def test_a_list_and_columns_named_like_the_long_forms_own_are_charted(run: RunScript) -> None:
    # st.line_chart([..]) (a list's one column is "value") failed in pandas' melt (issue 18,
    # examples/streamlit_apps/multipage); so did data with a "value" or "series" column.
    ran = run("""
        from kernel import st
        st.line_chart([1, 4, 9])
        st.bar_chart({"value": [1, 2], "series": [3, 4]})
    """)
    assert ran.kinds() == ["vega_lite", "vega_lite"]
    line, bar = (p["spec"] for p in ran.props("vega_lite"))
    assert line["encoding"]["y"]["field"] == "value_" and line["data"]["values"][2]["value_"] == 9
    assert bar["encoding"]["color"]["field"] == "series_" and len(bar["data"]["values"]) == 4
