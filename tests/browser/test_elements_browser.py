"""Elements I in Chromium: text extras, data (a 1-million-row frame scrolled to its end), charts, media."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.liveloop_browser import ServedApp, open_app

pytestmark = pytest.mark.browser

Serve = Callable[..., ServedApp]


def test_text_group_renders(serve: Serve, page: Any) -> None:
    app = serve(r"""
from kernel import st
st.badge("Shipped", icon="🚀", color="green")
st.html('<p class="hello" onclick="window.bad = 1">Hello <em>html</em></p><script>window.bad = 2</script>')
st.latex(r"\frac{a}{b} = \sqrt{c}")
st.json({"outer": {"inner": [1, 2, 3]}}, expanded=1)
with st.echo():
    st.text("echoed")
st.help(len)
st.write_stream(["streamed ", "text"])
st.metric("Speed", 42, -3, border=True, chart_data=[1, 3, 2])
""")
    open_app(page, app)
    expect(page.locator(".k-badge")).to_have_text("🚀Shipped")
    expect(page.locator(".k-badge")).to_have_attribute("data-color", "green")
    expect(page.locator(".k-kind-html p.hello")).to_have_text("Hello html")
    assert page.evaluate("window.bad") is None
    expect(page.locator(".k-kind-latex math mfrac")).to_have_count(1)
    outer = page.locator(".k-json details").first
    expect(outer).to_have_attribute("open", "")
    inner = page.locator(".k-json details details").first
    assert inner.get_attribute("open") is None, "expanded=1 opens the first level only"
    inner.locator("summary").first.click()
    expect(inner).to_have_attribute("open", "")
    expect(page.locator(".k-kind-code").first).to_contain_text('st.text("echoed")')
    expect(page.locator(".k-help-name")).to_have_text("len")
    expect(page.locator(".k-kind-markdown").last).to_have_text("streamed text")
    expect(page.locator(".k-metric-value")).to_have_text("42")
    expect(page.locator(".k-metric-delta")).to_have_attribute("data-color", "red")
    expect(page.locator(".k-metric-chart polyline")).to_have_count(1)


def test_a_million_row_dataframe_scrolls_to_its_last_row(serve: Serve, page: Any) -> None:
    app = serve("""
import numpy as np
import pandas as pd
from kernel import st
n = 1_000_000
df = pd.DataFrame({f"c{i}": np.arange(n) * (i + 1) for i in range(10)})
st.dataframe(df, height=400)
st.table({"x": [1, 2], "y": ["a", "b"]})
st.table(pd.DataFrame({"z": [-1]}).style.map(lambda v: "color: rgb(255, 0, 0)"))
""")
    open_app(page, app)
    grid = page.locator(".k-grid")
    expect(grid.locator(".k-grid-footer")).to_contain_text("1,000,000 rows")
    expect(grid.locator(".k-grid-window .k-grid-row").first).to_contain_text("0")
    viewport = grid.locator(".k-grid-viewport")
    viewport.evaluate("v => { v.scrollTop = v.scrollHeight; }")
    last = grid.locator('.k-grid-row[data-pos="999999"]')
    expect(last).to_be_visible()
    expect(last.locator(".k-grid-cell").first).to_have_text("999999")
    expect(last.locator(".k-grid-cell").last).to_have_text("9999990")
    # sorting by a column asks the server for the sorted page
    grid.locator('.k-grid-hcell[data-col="0"]').click()
    grid.locator('.k-grid-hcell[data-col="0"]').click()
    viewport.evaluate("v => { v.scrollTop = 0; }")
    expect(grid.locator('.k-grid-row[data-pos="0"] .k-grid-cell').first).to_have_text("999999")
    table = page.locator(".k-table").first
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.locator("thead th")).to_have_text(["x", "y"])
    styled = page.locator(".k-table").nth(1).locator("td").first
    expect(styled).to_have_text("-1")
    expect(styled).to_have_css("color", "rgb(255, 0, 0)")


def test_charts_render_and_are_interactive(serve: Serve, page: Any) -> None:
    app = serve("""
import pandas as pd
import plotly.graph_objects as go
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from kernel import st
df = pd.DataFrame({"a": [1, 3, 2, 5], "b": [2, 2, 4, 1]})
st.line_chart(df)
st.plotly_chart(go.Figure(go.Bar(x=["x", "y", "z"], y=[3, 1, 2])))
fig, ax = plt.subplots()
ax.plot([1, 2, 3], [2, 1, 3])
st.pyplot(fig)
""")
    open_app(page, app)
    page.set_default_timeout(60_000)  # the first Vega bundle is made on demand
    vega = page.locator(".k-kind-vega_lite")
    expect(vega).to_have_attribute("data-drawn", "true", timeout=60_000)
    expect(vega.locator("svg .mark-line path")).to_have_count(2)
    plotly = page.locator(".k-kind-plotly")
    expect(plotly).to_have_attribute("data-drawn", "true", timeout=60_000)
    bars = plotly.locator(".point path")
    expect(bars).to_have_count(3)
    # interactive: hovering a bar shows Plotly's hover label
    bars.nth(0).hover(force=True)
    expect(plotly.locator(".hovertext")).to_have_count(1)
    # and the Vega chart zooms with the mouse wheel (its x scale domain changes)
    before = vega.locator(".role-axis-label text").first.text_content()
    box = vega.locator("svg").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -600)
    expect(vega.locator(".role-axis-label text").first).not_to_have_text(before)
    svg_img = page.locator(".k-kind-image img")
    expect(svg_img).to_have_attribute("src", re.compile(r"/_kernel/media/.*\.svg$"))
    svg_img.scroll_into_view_if_needed()
    page.wait_for_function("() => { const i = document.querySelector('.k-kind-image img'); "
                           "return i && i.complete && i.naturalWidth > 0; }")


def test_media_render_from_the_media_route(serve: Serve, page: Any, tmp_path: Any) -> None:
    app = serve("""
import io
import wave
import numpy as np
from kernel import st
st.image(np.tile(np.linspace(0, 255, 32, dtype=np.uint8), (16, 1)), caption="gradient", width=64)
st.audio(np.sin(np.linspace(0, 440 * 6.28, 8000)), sample_rate=8000)
st.video(b"not really a video", subtitles="WEBVTT\\n\\n00:00.000 --> 00:01.000\\nhi\\n")
st.pdf(b"%PDF-1.4 not much", height=200)
""")
    open_app(page, app)
    img = page.locator(".k-kind-image img")
    expect(img).to_have_attribute("src", re.compile(r"^/_kernel/media/"))
    page.wait_for_function("() => { const i = document.querySelector('.k-kind-image img'); "
                           "return i && i.complete && i.naturalWidth === 32; }")
    expect(page.locator(".k-kind-image figcaption")).to_have_text("gradient")
    audio = page.locator(".k-kind-audio audio")
    page.wait_for_function("() => { const a = document.querySelector('.k-kind-audio audio'); "
                           "return a && a.readyState >= 1 && Math.abs(a.duration - 1) < 0.01; }")
    assert audio.evaluate("a => a.controls")
    expect(page.locator(".k-kind-video video track")).to_have_attribute("label", "default")
    expect(page.locator(".k-kind-pdf iframe")).to_have_attribute("src", re.compile(r"^/_kernel/media/.*\.pdf$"))


def test_an_invalid_argument_is_shown_in_the_page_naming_the_parameter(serve: Serve, page: Any) -> None:
    open_app(page, serve("from kernel import st\nst.text('before')\nst.metric('x', 1, delta_color='purple')\n"))
    error = page.locator(".k-kind-exception")
    expect(error).to_contain_text("ElementArgumentError")
    expect(error).to_contain_text("st.metric(delta_color='purple'): use one of 'normal', 'inverse', 'off'")
    expect(page.locator(".k-kind-text")).to_have_text("before")


def test_dataframe_row_selection_reports_original_positions(serve: Serve, page: Any) -> None:
    app = serve("""
from kernel import st
small = st.dataframe({"n": [10, 20, 30]}, key="small", on_select="rerun")
big = st.dataframe({"v": list(range(5000))}, key="big", on_select="rerun", selection_mode="single-row", lazy=True)
st.text(f"small={small.selection.rows} big={big.selection.rows}")
""")
    open_app(page, app)
    output = page.locator(".k-kind-text")
    expect(output).to_have_text("small=[] big=[]")
    small, big = page.locator(".k-grid").nth(0), page.locator(".k-grid").nth(1)
    small.locator('.k-grid-row[data-pos="2"] input[type="checkbox"]').check()
    expect(output).to_have_text("small=[2] big=[]")
    small.locator('.k-grid-row[data-pos="0"] input[type="checkbox"]').check()
    expect(output).to_have_text("small=[2, 0] big=[]")
    # sort the paged frame descending on the server, then pick its first row: position 4999 of the data
    header = big.locator('.k-grid-hcell[data-col="0"]')
    header.click()
    header.click()
    first = page.locator(".k-grid").nth(1).locator('.k-grid-row[data-pos="0"]')
    expect(first).to_have_attribute("data-position", "4999")
    first.locator('input[type="checkbox"]').check()
    expect(output).to_have_text("small=[2, 0] big=[4999]")
    # the rerun kept the grid sorted
    expect(page.locator(".k-grid").nth(1).locator('.k-grid-hcell[data-col="0"]')).to_have_attribute("data-sort",
                                                                                                   "desc")


def test_chart_selections_come_back_to_the_script(serve: Serve, page: Any) -> None:
    app = serve("""
import plotly.graph_objects as go
from kernel import st
spec = {
    "data": {"values": [{"k": "a", "v": 3}, {"k": "b", "v": 5}, {"k": "c", "v": 2}]},
    "mark": {"type": "bar"},
    "params": [{"name": "pick", "select": {"type": "point", "fields": ["k"]}}],
    "encoding": {"x": {"field": "k", "type": "nominal"}, "y": {"field": "v", "type": "quantitative"}},
}
chosen = st.vega_lite_chart(spec, on_select="rerun", key="bars")
clicked = st.plotly_chart(go.Figure(go.Bar(x=["x", "y", "z"], y=[3, 1, 2])), on_select="rerun", key="plot")
st.text(f"vega={chosen.selection.pick.get('k')} plotly={clicked.selection.point_indices}")
""")
    open_app(page, app)
    page.set_default_timeout(60_000)
    output = page.locator(".k-kind-text")
    expect(output).to_have_text("vega=None plotly=[]")
    vega = page.locator(".k-kind-vega_lite")
    expect(vega).to_have_attribute("data-drawn", "true", timeout=60_000)
    vega.locator("svg .mark-rect path").nth(1).click()
    expect(output).to_have_text("vega=['b'] plotly=[]")
    plotly = page.locator(".k-kind-plotly")
    expect(plotly).to_have_attribute("data-drawn", "true", timeout=60_000)
    plotly.locator(".point path").nth(2).click(force=True)
    expect(output).to_have_text("vega=['b'] plotly=[2]")


def test_data_editor_edits_add_and_delete_rows(serve: Serve, page: Any) -> None:
    app = serve("""
import pandas as pd
from kernel import st
frame = pd.DataFrame({"name": ["a", "b"], "n": [1, 2]})
edited = st.data_editor(frame, num_rows="dynamic", key="ed")
st.text(repr(edited.to_dict(orient="list")))
""")
    open_app(page, app)
    output = page.locator(".k-kind-text")
    expect(output).to_have_text("{'name': ['a', 'b'], 'n': [1, 2]}")
    grid = page.locator(".k-grid")
    cell = grid.locator('.k-grid-row[data-pos="1"] .k-grid-cell.k-editable').nth(1)
    cell.dblclick()
    field = grid.locator(".k-grid-input")
    field.fill("20")
    field.press("Enter")
    expect(output).to_have_text("{'name': ['a', 'b'], 'n': [1, 20]}")
    expect(grid.locator(".k-edited")).to_have_count(1)
    grid.locator(".k-grid-add").click()
    expect(grid.locator('.k-grid-row[data-pos="2"]')).to_be_visible()
    grid.locator('.k-grid-row[data-pos="2"] .k-grid-cell.k-editable').first.dblclick()
    grid.locator(".k-grid-input").fill("c")
    grid.locator(".k-grid-input").press("Enter")
    expect(output).to_have_text("{'name': ['a', 'b', 'c'], 'n': [1.0, 20.0, nan]}")
    grid.locator('.k-grid-row[data-pos="0"] .k-grid-delete').click()
    expect(output).to_have_text("{'name': ['b', 'c'], 'n': [20.0, nan]}")
    expect(grid.locator('.k-grid-row[data-pos="0"]')).to_have_class(re.compile("k-deleted"))


def test_data_editor_choice_columns_edit_with_a_dropdown_of_their_options(serve: Serve, page: Any) -> None:
    app = serve("""
import pandas as pd
from kernel import st
frame = pd.DataFrame({"size": ["S", "M"], "tags": [["a"], ["b"]]})
edited = st.data_editor(frame, key="ed", column_config={
    "size": st.column_config.SelectboxColumn(options=["S", "M", "L"], format_func=lambda o: "size " + o),
    "tags": st.column_config.MultiselectColumn(options=["a", "b", "c"]),
})
st.text(repr(edited.to_dict(orient="list")))
""")
    open_app(page, app)
    output = page.locator(".k-kind-text")
    expect(output).to_have_text("{'size': ['S', 'M'], 'tags': [['a'], ['b']]}")
    grid = page.locator(".k-grid")
    grid.locator('.k-grid-row[data-pos="0"] .k-grid-cell.k-editable').nth(0).dblclick()
    choice = grid.locator("select.k-grid-choice")
    # the column's options by their labels, and an empty choice (the column is not required)
    expect(choice.locator("option")).to_have_text(["", "size S", "size M", "size L"])
    choice.select_option(label="size L")
    expect(output).to_have_text("{'size': ['L', 'M'], 'tags': [['a'], ['b']]}")
    expect(grid.locator('.k-grid-row[data-pos="0"] .k-grid-cell').nth(0)).to_have_text("size L")
    grid.locator('.k-grid-row[data-pos="1"] .k-grid-cell.k-editable').nth(1).dblclick()
    choice = grid.locator("select.k-grid-choice[multiple]")
    expect(choice.locator("option:checked")).to_have_text(["b"])
    choice.select_option(label=["a", "c"])
    choice.press("Enter")
    expect(output).to_have_text("{'size': ['L', 'M'], 'tags': [['a'], ['a', 'c']]}")
    expect(grid.locator('.k-grid-row[data-pos="1"] .k-grid-cell').nth(1).locator(".k-chip")).to_have_text(["a", "c"])


def test_wide_layout_with_a_sidebar_never_scrolls_sideways(serve: Serve, page: Any) -> None:
    """The main area shrinks next to the sidebar (a flex item with min-width 0), charts
    refit when it does (the sidebar appears after the first render), and a date range in
    a narrow column wraps instead of overflowing."""
    app = serve(r"""
import datetime as dt
import pandas as pd
from kernel import st
st.set_page_config(layout="wide")
st.sidebar.radio("Theme", ["Light", "Dark"])
st.line_chart(pd.DataFrame({"a": range(30), "b": range(30, 0, -1)}))
st.code("x = " + "1 + " * 200 + "1")
left, mid, right = st.columns(3)
right.date_input("Range", (dt.date(2024, 6, 1), dt.date(2024, 6, 9)))
""")
    page.set_viewport_size({"width": 1000, "height": 800})
    open_app(page, app)
    vega = page.locator(".k-kind-vega_lite")
    expect(vega).to_have_attribute("data-drawn", "true", timeout=60_000)
    expect(page.locator("#kernel-sidebar")).to_be_visible()
    page.wait_for_function("document.documentElement.scrollWidth <= document.documentElement.clientWidth",
                           timeout=10_000)
    main_right = page.evaluate("document.getElementById('kernel-main').getBoundingClientRect().right")
    chart_right = page.evaluate("document.querySelector('.k-kind-vega_lite svg').getBoundingClientRect().right")
    assert chart_right <= main_right + 1
