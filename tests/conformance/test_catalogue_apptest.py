"""An AppTest test for each command of the reference that had none (issue 20, "each has an
AppTest test"): what ``kernel.testing.AppTest`` shows of charts, status, media, embedding,
column types, page config and ``st.typing``. Each test reads the element's node from the tree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kernel.testing import AppTest

ROOT = Path(__file__).resolve().parents[2]


def _run(source: str, **secrets: Any) -> AppTest:
    at = AppTest.from_string(source)
    at.secrets.update(secrets)
    at.run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    return at


def _spec(node: Any) -> dict[str, Any]:
    spec = node.proto["spec"]
    return spec if isinstance(spec, dict) else json.loads(spec)


def test_simple_charts_and_vega_lite_charts() -> None:
    at = _run("""
import pandas as pd
import altair as alt
from kernel import st
df = pd.DataFrame({"x": [1, 2, 3], "y": [4, 1, 3], "lat": [50.0, 51.0, 52.0], "lon": [4.0, 5.0, 6.0]})
st.line_chart(df, x="x", y="y")
st.area_chart(df, x="x", y="y")
st.bar_chart(df, x="x", y="y")
st.scatter_chart(df, x="x", y="y")
st.vega_lite_chart(df, {"mark": "point", "encoding": {"x": {"field": "x"}, "y": {"field": "y"}}})
st.altair_chart(alt.Chart(df).mark_tick().encode(x="x"))
st.map(df, zoom=3)
""")
    charts = at.get("vega_lite")
    assert len(charts) == 7
    marks = [_spec(c).get("mark") for c in charts[:6]]
    assert [m["type"] if isinstance(m, dict) else m for m in marks] == ["line", "area", "bar", "circle", "point",
                                                                        "tick"]
    assert all(c.proto["bundle"].endswith("vega-embed.js") for c in charts)
    line_values = _spec(charts[0])["data"]["values"]
    assert [row["value"] for row in line_values] == [4, 1, 3]
    assert "lat" in json.dumps(_spec(charts[6]))  # the map plots the lat/lon columns


def test_pydeck_and_pyplot_charts() -> None:
    at = _run("""
import pandas as pd
import pydeck as pdk
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from kernel import st
df = pd.DataFrame({"lat": [50.0, 51.0], "lon": [4.0, 5.0]})
st.pydeck_chart(pdk.Deck(layers=[pdk.Layer("ScatterplotLayer", data=df, get_position=["lon", "lat"])]),
                height=300)
fig, ax = plt.subplots()
ax.plot([1, 2, 3])
st.pyplot(fig)
""")
    deck = at.get("deck_gl_json_chart")[0]
    assert _spec(deck)["layers"][0]["@@type"] == "ScatterplotLayer" and deck.proto["height"] == 300
    image = at.image[0]
    assert image.value[0].endswith(".svg")  # Matplotlib's figure, drawn as SVG into the media store


def test_status_elements_badge_celebrations_progress_spinner() -> None:
    at = _run("""
from kernel import st
st.badge("New", icon=":material/star:", color="green")
st.balloons()
st.snow()
st.progress(0.25, text="a quarter")
with st.spinner("Working"):
    st.text("inside the spinner")
with st.chat_message("assistant"):
    st.write("a reply")
""")
    badge = at.get("badge")[0]
    assert (badge.proto["label"], badge.proto["color"]) == ("New", "green")
    assert [n.proto["type"] for n in at.get("balloons") + at.get("snow")] == ["balloons", "snow"]
    assert (at.progress[0].value, at.progress[0].text) == (25, "a quarter")
    assert at.text[0].value == "inside the spinner"  # the spinner went when its block ended
    message = at.chat_message[0]
    assert message.name == "assistant" and message.markdown[0].value == "a reply"


def test_echo_and_write_stream() -> None:
    at = _run("""
from kernel import st
with st.echo():
    total = 1 + 2
st.text(f"total={total}")
def words():
    yield "streamed "
    yield "text"
result = st.write_stream(words())
st.text(repr(result))
""")
    assert at.code[0].value == "total = 1 + 2" and at.code[0].language == "python"
    assert at.markdown[0].value == "streamed text"
    assert [t.value for t in at.text] == ["total=3", "'streamed text'"]


def test_media_video_and_pdf() -> None:
    at = _run("""
from kernel import st
st.video("https://example.com/clip.mp4", start_time=3, loop=True, muted=True)
st.pdf(b"%PDF-1.4 a tiny document", height=400)
""")
    video = at.get("video")[0]
    assert (video.proto["src"], video.proto["start_time"], video.proto["loop"], video.proto["muted"]) == (
        "https://example.com/clip.mp4", 3, True, True)
    pdf = at.get("pdf")[0]
    assert pdf.proto["src"].endswith(".pdf") and pdf.proto["height"] == 400


def test_iframe_and_components_v1_html_and_iframe() -> None:
    at = _run("""
from kernel import st
import streamlit.components.v1 as components
st.iframe("https://example.com/page", height=200)
st.iframe("<p>raw html</p>")
components.html("<b>bold</b>", height=80, scrolling=True)
components.iframe("https://example.com/other", height=120)
""")
    frames = at.get("iframe")
    assert [(f.proto.get("src"), f.proto.get("srcdoc")) for f in frames] == [
        ("https://example.com/page", None), (None, "<p>raw html</p>"), (None, "<b>bold</b>"),
        ("https://example.com/other", None)]
    assert [f.proto["height"] for f in frames] == [200, "content", 80, 120]
    assert frames[2].proto["scrolling"] is True


def test_declare_component_from_a_path() -> None:
    example = ROOT / "examples" / "components"
    at = AppTest.from_string(f"""
import sys
sys.path.insert(0, {str(example)!r})
from kernel import st
from kernel_counter import counter
value = counter("Count", step=2, key="c")
st.text(f"value={{value}}")
""")
    at.run(timeout=120)
    assert not at.exception, [e.value for e in at.exception]
    node = at.get("component")[0]
    assert node.proto["name"].endswith("counter") and node.proto["args"]["step"] == 2
    assert at.text[0].value == "value=0"


def test_set_page_config_runs_and_refuses_a_bad_layout() -> None:
    at = _run("""
from kernel import st
st.set_page_config(page_title="Catalogue", layout="wide")
st.set_page_config(page_icon=":material/star:")
st.text("configured")
""")
    assert at.text[0].value == "configured"
    bad = AppTest.from_string("from kernel import st\nst.set_page_config(layout='huge')\n").run(timeout=60)
    assert "st.set_page_config(layout='huge')" in bad.exception[0].value


COLUMN_TYPES = {
    "Column": ("column", "st.column_config.Column('Plain', width='small')"),
    "TextColumn": ("text", "st.column_config.TextColumn(max_chars=5)"),
    "NumberColumn": ("number", "st.column_config.NumberColumn(format='%d')"),
    "CheckboxColumn": ("checkbox", "st.column_config.CheckboxColumn()"),
    "SelectboxColumn": ("selectbox", "st.column_config.SelectboxColumn(options=['a', 'b'])"),
    "MultiselectColumn": ("multiselect", "st.column_config.MultiselectColumn(options=['a', 'b'])"),
    "DatetimeColumn": ("datetime", "st.column_config.DatetimeColumn(format='YYYY')"),
    "DateColumn": ("date", "st.column_config.DateColumn()"),
    "TimeColumn": ("time", "st.column_config.TimeColumn()"),
    "ListColumn": ("list", "st.column_config.ListColumn()"),
    "LinkColumn": ("link", "st.column_config.LinkColumn(display_text='open')"),
    "ImageColumn": ("image", "st.column_config.ImageColumn()"),
    "AudioColumn": ("audio", "st.column_config.AudioColumn()"),
    "VideoColumn": ("video", "st.column_config.VideoColumn()"),
    "JsonColumn": ("json", "st.column_config.JsonColumn()"),
    "MarkdownColumn": ("markdown", "st.column_config.MarkdownColumn()"),
    "LineChartColumn": ("line_chart", "st.column_config.LineChartColumn(y_min=0)"),
    "BarChartColumn": ("bar_chart", "st.column_config.BarChartColumn(y_max=9)"),
    "AreaChartColumn": ("area_chart", "st.column_config.AreaChartColumn()"),
    "ProgressColumn": ("progress", "st.column_config.ProgressColumn(max_value=10)"),
    "ButtonColumn": ("button", "st.column_config.ButtonColumn(key='press')"),
}


@pytest.mark.parametrize("factory", list(COLUMN_TYPES))
def test_each_column_type_reaches_the_grid(factory: str) -> None:
    kind, call = COLUMN_TYPES[factory]
    at = _run(f"""
import pandas as pd
from kernel import st
df = pd.DataFrame({{"cell": ["x", "y"], "other": [1, 2]}})
st.dataframe(df, column_config={{"cell": {call}}})
""")
    grid = at.dataframe[0]
    columns = {c["name"]: c for c in grid.proto["columns"]}
    assert columns["cell"]["config"]["type"] == kind
    assert "config" not in columns["other"]
    assert list(grid.value["cell"]) == ["x", "y"]  # the data is the data, whatever the column shows


def test_st_typing_names_the_values_widgets_return() -> None:
    at = _run("""
from kernel import st
def show(upload: st.typing.UploadedFile | None, state: st.typing.DataframeState) -> None:
    st.text(f"{upload} {sorted(state['selection'])}")
state = st.dataframe({"a": [1]}, on_select="rerun", key="grid")
show(st.file_uploader("File"), state)
st.text(", ".join(sorted(n for n in dir(st.typing) if not n.startswith("_"))))
""")
    assert at.text[0].value == "None ['cells', 'columns', 'rows']"
    for name in ("UploadedFile", "ChatInputValue", "DataEditorState", "DataframeState", "VegaLiteState",
                 "PlotlyState", "PydeckState", "EChartsState", "ButtonColumnClickState"):
        assert name in at.text[1].value
