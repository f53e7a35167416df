"""st.graphviz_chart, st.mermaid_chart and st.echarts_chart in Chromium: each draws (SVG or canvas, with its
labels), hostile DOT shows no script or link to one, an ECharts selection is read back in the script, and a
page without such a chart never loads their libraries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.frames import record_frame_sizes
from tests.browser.liveloop_browser import ServedApp

pytestmark = pytest.mark.browser

Serve = Callable[..., ServedApp]
DRAWN = 60_000
"""Milliseconds a chart may take to draw the first time (the library loads and, for Graphviz, compiles)."""


def _vendor_requests(page: Any) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url) if "/_kernel/vendor/" in request.url else None)
    return seen


def test_graphviz_chart_lays_out_dot_in_the_browser_and_st_write_routes_a_graph(serve: Serve, page: Any) -> None:
    pytest.importorskip("graphviz")
    app = serve(
        "import graphviz\n"
        "from kernel import st\n"
        "g = graphviz.Digraph()\n"
        "g.edge('start', 'middle')\n"
        "g.edge('middle', 'finish')\n"
        "st.graphviz_chart(g, use_container_width=True)\n"
        "st.write(graphviz.Graph(body=['x -- y']))\n"
    )
    requests = _vendor_requests(page)
    page.goto(app.url)
    charts = page.locator(".k-kind-graphviz_chart")
    expect(charts).to_have_count(2)
    for i in range(2):
        expect(charts.nth(i)).to_have_attribute("data-drawn", "true", timeout=DRAWN)
    first = charts.nth(0).locator(".k-graphviz")
    expect(first).to_have_attribute("data-nodes", "3")
    expect(first).to_have_attribute("data-edges", "2")
    assert first.locator("svg g.node text").all_text_contents() == ["start", "middle", "finish"]
    expect(charts.nth(1).locator("svg g.node text")).to_have_text(["x", "y"])
    assert "digraph" not in page.locator("#kernel-main").inner_text(), "no DOT shown as text"
    column = page.locator("#kernel-main .k-kind-graphviz_chart").nth(0).bounding_box()
    svg = first.locator("svg").bounding_box()
    assert column is not None and svg is not None and abs(svg["width"] - column["width"]) < 2, (svg, column)
    assert [u for u in requests if "viz-global.js" in u], requests
    assert not [u for u in requests if "mermaid" in u or "echarts" in u], "only the library the page uses loads"


def test_graphviz_svg_from_hostile_dot_has_no_script_handler_or_external_reference(serve: Serve, page: Any) -> None:
    app = serve(
        "from kernel import st\n"
        "st.graphviz_chart('''digraph {\n"
        "  a [label=\"<b>not bold</b>\", URL=\"javascript:window.pwned=1\"];\n"
        "  b [URL=\"https://example.com/ok\", target=\"_top\"];\n"
        "  c [href=\"data:text/html,<script>window.pwned=2</script>\"];\n"
        "  d [image=\"http://127.0.0.1:9/x.png\"];\n"
        "  a -> b -> c -> d\n"
        "}''')\n"
        "st.graphviz_chart('digraph { a -> }')\n"
    )
    page.goto(app.url)
    charts = page.locator(".k-kind-graphviz_chart")
    expect(charts.nth(0)).to_have_attribute("data-drawn", "true", timeout=DRAWN)
    svg = charts.nth(0).locator("svg")
    expect(svg.locator("g.node")).to_have_count(4)
    expect(svg.locator("g.node").nth(0).locator("text")).to_have_text("<b>not bold</b>")
    hrefs = svg.evaluate("""s => [...s.querySelectorAll('*')].flatMap(e => [...e.attributes]
        .filter(a => /href|src/i.test(a.name) || a.name.startsWith('on')).map(a => a.name + '=' + a.value))""")
    assert hrefs == ["xlink:href=https://example.com/ok"] or hrefs == ["href=https://example.com/ok"], hrefs
    rels = svg.evaluate("s => [...s.querySelectorAll('a')].map(a => [a.getAttribute('rel'), a.getAttribute('target')])")
    assert rels == [["noopener noreferrer", None], ["noopener noreferrer", "_blank"], ["noopener noreferrer", None]]
    assert svg.locator("image, script, foreignObject").count() == 0
    page.wait_for_timeout(200)
    assert page.evaluate("window.pwned === undefined")
    expect(charts.nth(1)).to_have_attribute("data-drawn", "error", timeout=DRAWN)
    expect(charts.nth(1).locator(".k-chart-error")).to_contain_text("Graphviz could not read the DOT source")


def test_mermaid_chart_draws_its_diagram_and_shows_a_syntax_error(serve: Serve, page: Any) -> None:
    app = serve(
        "from kernel import st\n"
        "st.mermaid_chart('''\n"
        "    graph LR\n"
        "      Alpha[Alpha node] --> Beta((Beta))\n"
        "      Beta --> Gamma{Gamma}\n"
        "''', alt='three steps')\n"
        "st.mermaid_chart('graph LR\\n  A -->')\n"
    )
    requests = _vendor_requests(page)
    page.goto(app.url)
    charts = page.locator(".k-kind-mermaid_chart")
    expect(charts.nth(0)).to_have_attribute("data-drawn", "true", timeout=DRAWN)
    box = charts.nth(0).locator(".k-mermaid")
    expect(box).to_have_attribute("aria-label", "three steps")
    expect(box).to_have_attribute("data-diagram", "flowchart-v2")
    expect(box.locator("svg")).to_have_count(1)
    text = box.locator("svg").text_content() or ""
    for label in ("Alpha node", "Beta", "Gamma"):
        assert label in text, text
    expect(charts.nth(1)).to_have_attribute("data-drawn", "error", timeout=DRAWN)
    expect(charts.nth(1).locator(".k-chart-error")).to_contain_text("Mermaid could not read the diagram")
    assert [u for u in requests if "mermaid.min.js" in u] and not [u for u in requests if "viz-global" in u]


def test_mermaid_label_with_an_event_handler_never_runs_it(serve: Serve, browser: Any) -> None:
    """Mermaid (strict) cleans labels, but while it measures them it briefly puts the raw label in the page;
    the Content-Security-Policy blocks the handler then (reported on the console), and none is left after."""
    app = serve(
        "from kernel import st\n"
        "st.mermaid_chart('graph LR\\n  A --> B[\"<img src=x onerror=window.pwned=1>B\"]')\n"
    )
    context = browser.new_context()
    try:
        page = context.new_page()
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        page.goto(app.url)
        chart = page.locator(".k-kind-mermaid_chart")
        expect(chart).to_have_attribute("data-drawn", "true", timeout=DRAWN)
        svg = chart.locator("svg")
        assert "B" in (svg.text_content() or "")
        handlers = svg.evaluate("s => [...s.querySelectorAll('*')].flatMap(e => [...e.attributes])"
                                ".filter(a => a.name.startsWith('on') || /^(src|href)$/.test(a.name)).length")
        assert handlers == 0
        page.wait_for_timeout(300)
        assert page.evaluate("window.pwned === undefined")
        assert all("inline event handler" in line for line in console if "Content Security Policy" in line)
    finally:
        context.close()


def test_echarts_chart_draws_on_canvas_and_svg(serve: Serve, page: Any) -> None:
    app = serve(
        "from kernel import st\n"
        "option = {'xAxis': {'type': 'category', 'data': ['Mon', 'Tue', 'Wed']}, 'yAxis': {'type': 'value'},\n"
        "          'series': [{'type': 'bar', 'name': 'visits', 'data': [5, 20, 36]}]}\n"
        "st.echarts_chart(option, height=300)\n"
        "st.echarts_chart(option, renderer='svg', theme=None)\n"
    )
    page.goto(app.url)
    charts = page.locator(".k-kind-echarts_chart")
    for i in range(2):
        expect(charts.nth(i)).to_have_attribute("data-drawn", "true", timeout=DRAWN)
    expect(charts.nth(0).locator("canvas")).to_have_count(1)
    box = charts.nth(0).locator(".k-echarts").bounding_box()
    assert box is not None and round(box["height"]) == 300
    svg = charts.nth(1).locator("svg")
    expect(svg).to_have_count(1)
    labels = svg.locator("text").all_text_contents()
    assert {"Mon", "Tue", "Wed"} <= set(labels), labels
    box = charts.nth(1).locator(".k-echarts").bounding_box()
    assert box is not None and round(box["height"]) == 400


def test_a_large_echarts_option_comes_beside_the_websocket_in_no_frame_over_64_kb(serve: Serve, page: Any) -> None:
    app = serve(
        "from kernel import st\n"
        "points = [[i, (i * 7919) % 1000] for i in range(50_000)]\n"
        "st.echarts_chart({'xAxis': {'type': 'value'}, 'yAxis': {'type': 'value'},\n"
        "                  'series': [{'type': 'scatter', 'symbolSize': 2, 'data': points}]})\n"
    )
    frames = record_frame_sizes(page)
    fetched: list[str] = []
    page.on("response", lambda response: fetched.append(response.url) if "/_kernel/data/" in response.url else None)
    page.goto(app.url)
    chart = page.locator(".k-kind-echarts_chart")
    expect(chart).to_have_attribute("data-drawn", "true", timeout=DRAWN)
    count = page.evaluate("() => document.querySelector('.k-echarts').kernelChart.getOption().series[0].data.length")
    assert count == 50_000
    assert len(fetched) == 1, fetched
    assert frames and max(frames) < 64 * 1024, max(frames)


def test_echarts_click_selection_is_read_back_in_the_script(serve: Serve, page: Any) -> None:
    app = serve(
        "from kernel import st\n"
        "option = {'xAxis': {'type': 'category', 'data': ['a', 'b', 'c']}, 'yAxis': {'type': 'value'},\n"
        "          'series': [{'type': 'bar', 'id': 'main', 'name': 'sales', 'selectedMode': 'single',\n"
        "                      'data': [10, 10, 10]}]}\n"
        "event = st.echarts_chart(option, on_select='rerun', key='bars')\n"
        "picked = event.selection.selected\n"
        "st.text(f'picked {[(s.series_name, s.series_id, s.data_indices) for s in picked]}')\n"
        "st.text(f'state {st.session_state.bars.selection.selected == picked}')\n"
    )
    page.goto(app.url)
    chart = page.locator(".k-kind-echarts_chart")
    expect(chart).to_have_attribute("data-drawn", "true", timeout=DRAWN)
    expect(page.get_by_text("picked []")).to_be_visible()
    # Click the middle bar: the plot area spans the box's width, its three bars centred in thirds.
    canvas = chart.locator(".k-echarts")
    grid = page.evaluate("""() => {
        const c = document.querySelector('.k-echarts').kernelChart;
        const [x, y] = c.convertToPixel({seriesIndex: 0}, ['b', 5]);
        return {x, y};
    }""")
    canvas.click(position={"x": grid["x"], "y": grid["y"]})
    expect(page.get_by_text("picked [('sales', 'main', [1])]")).to_be_visible()
    expect(page.get_by_text("state True")).to_be_visible()
    # The rerun kept the chart (and the highlighted bar); clicking it again clears the selection.
    canvas.click(position={"x": grid["x"], "y": grid["y"]})
    expect(page.get_by_text("picked []")).to_be_visible()


def test_echarts_brush_areas_are_read_back_in_the_script(serve: Serve, page: Any) -> None:
    app = serve(
        "from kernel import st\n"
        "option = {'xAxis': {'type': 'value', 'min': 0, 'max': 10}, 'yAxis': {'type': 'value', 'min': 0, 'max': 10},\n"
        "          'brush': {'toolbox': ['rect', 'clear'], 'xAxisIndex': 0},\n"
        "          'series': [{'type': 'scatter', 'data': [[1, 1], [2, 2], [8, 8]]}]}\n"
        "event = st.echarts_chart(option, on_select='rerun')\n"
        "sel = event.selection\n"
        "st.text(f'brushed {[s.data_indices for s in sel.selected]} {[a.brush_type for a in sel.areas]}')\n"
        "if sel.areas:\n"
        "    st.text(f'from {round(sel.areas[0].coord_range[0])} to {round(sel.areas[0].coord_range[1])}')\n"
    )
    page.goto(app.url)
    chart = page.locator(".k-kind-echarts_chart")
    expect(chart).to_have_attribute("data-drawn", "true", timeout=DRAWN)
    expect(page.get_by_text("brushed [] []")).to_be_visible()
    page.evaluate("""() => document.querySelector('.k-echarts').kernelChart.dispatchAction(
        {type: 'takeGlobalCursor', key: 'brush', brushOption: {brushType: 'lineX', brushMode: 'single'}})""")
    box = chart.locator(".k-echarts").bounding_box()
    assert box is not None
    start = page.evaluate("() => document.querySelector('.k-echarts').kernelChart.convertToPixel({xAxisIndex: 0}, 0.5)")
    end = page.evaluate("() => document.querySelector('.k-echarts').kernelChart.convertToPixel({xAxisIndex: 0}, 3)")
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + start, y)
    page.mouse.down()
    page.mouse.move(box["x"] + (start + end) / 2, y, steps=5)
    page.mouse.move(box["x"] + end, y, steps=5)
    page.mouse.up()
    expect(page.get_by_text("brushed [[0, 1]] ['lineX']")).to_be_visible()
    expect(page.get_by_text("from 0 to 3")).to_be_visible()


def test_pydeck_click_selection_is_read_back_in_the_script(serve: Serve, page: Any) -> None:
    pytest.importorskip("pydeck")
    app = serve(
        "import pydeck as pdk\n"
        "from kernel import st\n"
        "data = [{'lon': -122.41, 'lat': 37.77, 'name': 'middle'}, {'lon': -122.30, 'lat': 37.70, 'name': 'edge'}]\n"
        "deck = pdk.Deck(initial_view_state=pdk.ViewState(latitude=37.77, longitude=-122.41, zoom=11),\n"
        "                layers=[pdk.Layer('ScatterplotLayer', data=data, get_position='[lon, lat]', id='places',\n"
        "                                  get_radius=800, get_fill_color=[0, 0, 255], pickable=True)])\n"
        "event = st.pydeck_chart(deck, on_select='rerun', key='deck')\n"
        "sel = event.selection\n"
        "st.text(f\"picked {dict(sel.indices)} {[o['name'] for o in sel.objects.get('places', [])]}\")\n"
    )
    page.goto(app.url)
    chart = page.locator(".k-kind-deck_gl_json_chart")
    expect(chart).to_have_attribute("data-drawn", "true", timeout=DRAWN)
    expect(page.get_by_text("picked {} []")).to_be_visible()
    deck = chart.locator(".k-deck")
    box = deck.bounding_box()
    assert box is not None

    def click(x: float, y: float, over: str) -> None:
        # deck.gl takes a press for a click only when it is released within its tap time (250 ms), and picks
        # what is under the pointer as it is pressed. Hover first and wait until deck.gl has picked there (the
        # page shows what it found): the picking pass is then built and the press's own pick is quick. Then
        # press and release in one action, not two round trips from here.
        page.mouse.move(x, y)
        expect(deck).to_have_attribute("data-hover", over)
        page.mouse.click(x, y)

    click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, "places:0")
    expect(page.get_by_text("picked {'places': [0]} ['middle']")).to_be_visible()
    # A click on no object clears the selection.
    click(box["x"] + 10, box["y"] + 10, "")
    expect(page.get_by_text("picked {} []")).to_be_visible()
