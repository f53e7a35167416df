"""Large datasets of st.vega_lite_chart and st.altair_chart reach the chart over the data side channel
(issue 23), in Chromium: the charts draw every row, no WebSocket frame carries the data, and an
unchanged rerun does not draw them again."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.elements2_browser import out
from tests.browser.frames import record_frame_sizes
from tests.browser.liveloop_browser import ServedApp

pytestmark = pytest.mark.browser

Serve = Callable[..., ServedApp]


def open_app(page: Any, serve: Serve, source: str) -> ServedApp:
    """Serve ``source`` (dedented) and open it; its first run (numpy, pandas, Altair or Plotly imported
    on a busy machine) may take a while."""
    app = serve(textwrap.dedent(source))
    page.goto(app.url)
    expect(page.locator("#k-conn-state")).to_have_attribute("data-state", "connected", timeout=60_000)
    expect(page.locator("body")).to_have_attribute("data-running", "false", timeout=90_000)
    return app

APP = """
    import altair as alt
    import numpy as np
    import pandas as pd
    from kernel import st
    n = 30_000
    rng = np.random.default_rng(5)
    frame = pd.DataFrame({"x": np.arange(n), "y": rng.normal(size=n).cumsum(),
                          "kind": np.where(np.arange(n) % 2, "odd", "even")})
    st.vega_lite_chart(frame, {"mark": "line", "encoding": {
        "x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"},
        "color": {"field": "kind", "type": "nominal"}}})
    st.altair_chart(alt.Chart(frame.head(12_000)).mark_point().encode(x="x", y="y"))
    st.button("Again")
    st.text(f"runs {st.session_state.setdefault('runs', 0)}")
    st.session_state.runs += 1
"""


def test_large_spec_datasets_come_beside_the_stream_and_draw_every_row(serve: Serve, page: Any) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sizes = record_frame_sizes(page)
    fetched: list[str] = []
    page.on("response", lambda r: fetched.append(r.headers.get("content-type", ""))
            if "/_kernel/data/" in r.url else None)
    page.set_default_timeout(60_000)  # the first Vega bundle is made on demand
    open_app(page, serve, APP)
    spec_chart, altair_chart = page.locator(".k-kind-vega_lite").nth(0), page.locator(".k-kind-vega_lite").nth(1)
    expect(spec_chart).to_have_attribute("data-drawn", "true", timeout=60_000)
    expect(altair_chart).to_have_attribute("data-drawn", "true", timeout=60_000)
    # every row reached Vega, with its fields as they were (numbers stay numbers, labels text)
    rows = spec_chart.evaluate("el => { const d = el.kernelView.data('kernel_data_0');"
                               " return [d.length, d[1].x, typeof d[1].y, d[1].kind]; }")
    assert rows == [30_000, 1, "number", "odd"]
    assert spec_chart.evaluate("el => el.kernelView.data('kernel_data_0').at(-1).x") == 29_999
    name = altair_chart.evaluate("el => Object.keys(el.kernelView.getState({data: () => true}).data || {})"
                                 ".find((k) => k.startsWith('data-'))")
    assert name and altair_chart.evaluate(f"el => el.kernelView.data('{name}').length") == 12_000
    assert len(fetched) == 2 and all(kind == "application/vnd.apache.arrow.stream" for kind in fetched), fetched
    assert sizes and max(sizes) < 64 * 1024, max(sizes)
    # an unchanged rerun sends neither chart again: the views drawn first stay, nothing is fetched
    page.locator(".k-kind-vega_lite").first.evaluate("el => { el.kernelView.kept = true; }")
    page.get_by_role("button", name="Again").click()
    expect(out(page)).to_have_text("runs 1", timeout=30_000)
    expect(page.locator("body")).to_have_attribute("data-running", "false")
    assert spec_chart.evaluate("el => el.kernelView.kept === true")
    assert len(fetched) == 2
    assert errors == []


def test_large_plotly_arrays_come_beside_the_stream_and_plotly_draws_them(serve: Serve, page: Any) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sizes = record_frame_sizes(page)
    page.set_default_timeout(60_000)
    open_app(page, serve, """
        import numpy as np
        import plotly.graph_objects as go
        from kernel import st
        n = 100_000
        st.plotly_chart(go.Figure(go.Scattergl(x=np.arange(n), y=np.sin(np.arange(n) / 10), mode="markers")))
    """)
    chart = page.locator(".k-kind-plotly")
    expect(chart).to_have_attribute("data-drawn", "true", timeout=60_000)
    drawn = chart.evaluate("el => { const d = el.querySelector('.k-plotly').data[0];"
                           " return [d.x.length, d.y.length, d.x[99999], Math.round(d.y[10] * 1e6)]; }")
    assert drawn == [100_000, 100_000, 99_999, 841_471]
    assert sizes and max(sizes) < 64 * 1024, max(sizes)
    assert errors == []


def test_a_plotly_figure_large_beyond_its_typed_arrays_comes_whole_beside_the_stream(serve: Serve,
                                                                                      page: Any) -> None:
    sizes = record_frame_sizes(page)
    page.set_default_timeout(60_000)
    open_app(page, serve, """
        import numpy as np
        import plotly.graph_objects as go
        from kernel import st
        n = 30_000
        st.plotly_chart(go.Figure(go.Scattergl(x=np.arange(n), y=np.arange(n) % 97, mode="markers",
                                               text=[f"point {i}" for i in range(n)],
                                               marker={"color": [["red", "blue"][i % 2] for i in range(n)]})))
    """)
    chart = page.locator(".k-kind-plotly")
    expect(chart).to_have_attribute("data-drawn", "true", timeout=60_000)
    drawn = chart.evaluate("el => { const d = el.querySelector('.k-plotly').data[0];"
                           " return [d.x.length, d.x[29999], d.text[29999], d.marker.color[3]]; }")
    assert drawn == [30_000, 29_999, "point 29999", "blue"]
    assert sizes and max(sizes) < 64 * 1024, max(sizes)


def test_a_large_pydeck_layer_comes_beside_the_stream_and_deck_gl_draws_every_point(serve: Serve,
                                                                                    page: Any) -> None:
    pytest.importorskip("pydeck")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sizes = record_frame_sizes(page)
    fetched: list[str] = []
    page.on("response", lambda r: fetched.append(r.url) if "/_kernel/data/" in r.url else None)
    open_app(page, serve, """
        import numpy as np
        import pandas as pd
        import pydeck as pdk
        from kernel import st
        n = 200_000
        rng = np.random.default_rng(6)
        df = pd.DataFrame({"lat": 37.77 + rng.normal(size=n) / 50, "lon": -122.41 + rng.normal(size=n) / 50,
                           "kind": np.array(["a", "b", "c"])[np.arange(n) % 3]})
        df.loc[n - 1, ["lat", "lon"]] = [37.5, -122.0]
        st.pydeck_chart(pdk.Deck(initial_view_state=pdk.ViewState(latitude=37.77, longitude=-122.41, zoom=10),
                                 layers=[pdk.Layer("ScatterplotLayer", data=df, get_position="[lon, lat]",
                                                   get_radius=30, get_fill_color=[255, 0, 0], id="pts")]))
        st.button("Again")
        st.text(f"runs {st.session_state.setdefault('runs', 0)}")
        st.session_state.runs += 1
    """)
    chart = page.locator(".k-kind-deck_gl_json_chart")
    expect(chart).to_have_attribute("data-drawn", "true", timeout=60_000)
    expect(chart.locator(".k-deck")).to_have_attribute("data-layers", "1")
    drawn = chart.evaluate("el => { const d = el.querySelector('.k-deck').kernelLayers[0].props.data;"
                           " return [d.length, d[d.length - 1].lat, d[d.length - 1].lon, d[4].kind]; }")
    assert drawn == [200_000, 37.5, -122.0, "b"]
    assert len(fetched) == 1 and sizes and max(sizes) < 64 * 1024, (fetched, max(sizes, default=0))
    # an unchanged rerun: the deck is not sent again, nothing is fetched again
    page.get_by_role("button", name="Again").click()
    expect(out(page)).to_have_text("runs 1", timeout=30_000)
    expect(page.locator("body")).to_have_attribute("data-running", "false")
    assert len(fetched) == 1, fetched
    assert errors == []
