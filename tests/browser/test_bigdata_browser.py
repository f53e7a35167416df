"""Big data in Chromium (issue 23): a 1M x 8 grid fits its column, one format per column, live
checkboxes in the editor; a 1M x 3 line chart drawn from data fetched over HTTP; bar chart domains."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.frames import record_frame_sizes
from tests.browser.liveloop_browser import ServedApp, open_app

pytestmark = pytest.mark.browser

Serve = Callable[..., ServedApp]


RUN_MS = 90_000
"""How long the script run that makes a million-row frame may take on a loaded 2-core machine (the first
one imports numpy and pandas too). Waited for on its own, before the page's drawing is, so that a slow
run and a slow drawing each get their own deadline."""


def finished_run(page: Any, runs: int) -> None:
    """Wait until the page has seen the end of its ``runs``-th script run."""
    expect(page.locator("body")).to_have_attribute("data-runs", str(runs), timeout=RUN_MS)


def test_a_million_by_eight_frame_fits_its_column_and_formats_by_column(serve: Serve, page: Any) -> None:
    app = serve("""
import datetime as dt
import numpy as np
import pandas as pd
from kernel import st
rng = np.random.default_rng(1)
n = 1_000_000
st.dataframe(pd.DataFrame(rng.normal(size=(n, 8)), columns=[f"col{i}" for i in range(8)]))
st.dataframe(pd.DataFrame({
    "when": pd.to_datetime(["2020-01-01 00:00:00", "2020-01-01 00:01:00", "2020-01-02 13:30:05"]),
    "day": [dt.date(2020, 1, 1), dt.date(2020, 1, 2), dt.date(2020, 1, 3)],
    "price": [1.5, 2.25, 3.0],
}))
edited = st.data_editor(pd.DataFrame({"name": ["a", "b"], "done": [False, True]}), key="ed")
st.text(repr(edited["done"].tolist()))
""")
    sizes = record_frame_sizes(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    open_app(page, app)
    big, small, editor = (page.locator(".k-grid").nth(i) for i in range(3))
    finished_run(page, 1)
    expect(big.locator(".k-grid-footer")).to_contain_text("1,000,000 rows × 8 columns", timeout=60_000)
    page.wait_for_function("() => !!document.querySelector('.k-grid').dataset.widths")
    fit = big.evaluate("""g => {
        const s = g.querySelector('.k-grid-scroll');
        const cells = [...g.querySelectorAll('.k-grid-head .k-grid-hcell')];
        return {column: g.clientWidth, scroll: s.scrollWidth, client: s.clientWidth, n: cells.length,
                right: Math.max(...cells.map(c => c.getBoundingClientRect().right)),
                edge: g.getBoundingClientRect().right};
    }""")
    assert 600 < fit["column"] < 760, fit  # the centred layout's column
    assert fit["n"] == 8, fit
    assert fit["scroll"] <= fit["client"], f"the 8 columns need sideways scrolling: {fit}"
    assert fit["right"] <= fit["edge"], fit
    # one format per column: every datetime with its time, every float with the column's decimals
    when = small.locator('.k-grid-window .k-grid-row .k-grid-cell:nth-child(1)')
    expect(when).to_have_text(["2020-01-01 00:00:00", "2020-01-01 00:01:00", "2020-01-02 13:30:05"])
    expect(small.locator('.k-grid-window .k-grid-row .k-grid-cell:nth-child(2)')).to_have_text(
        ["2020-01-01", "2020-01-02", "2020-01-03"])
    expect(small.locator('.k-grid-window .k-grid-row .k-grid-cell:nth-child(3)')).to_have_text(["1.50", "2.25", "3.00"])
    # an editable boolean column shows enabled checkboxes that toggle
    boxes = editor.locator('.k-grid-window input[type="checkbox"]')
    expect(boxes).to_have_count(2)
    expect(boxes.nth(0)).to_be_enabled()
    # ... and look it: not the greyed native disabled box, a pointer and the accent colour
    expect(boxes.nth(0)).to_have_css("cursor", "pointer")
    expect(boxes.nth(0)).not_to_have_css("accent-color", "auto")
    boxes.nth(0).click()
    finished_run(page, 2)  # the click's rerun makes the million-row frame again
    expect(page.locator(".k-kind-text")).to_have_text("[True, True]")
    limit = app.runtime.app.config["server"].max_message_size_bytes
    assert sizes and max(sizes) < limit


def test_a_million_point_three_series_line_chart_draws_reduced_and_zooms_to_real_points(serve: Serve,
                                                                                          page: Any) -> None:
    app = serve("""
import numpy as np
import pandas as pd
from kernel import st
rng = np.random.default_rng(2)
n = 1_000_000
st.line_chart(pd.DataFrame(rng.normal(size=(n, 3)).cumsum(axis=0), columns=["a", "b", "c"]))
st.bar_chart(pd.DataFrame({"v": np.arange(1000) % 7}))
""")
    sizes = record_frame_sizes(page)
    page.set_default_timeout(60_000)  # the first Vega bundle is made on demand
    open_app(page, app)
    line, bars = page.locator(".k-kind-vega_lite").nth(0), page.locator(".k-kind-vega_lite").nth(1)
    finished_run(page, 1)
    expect(line).to_have_attribute("data-drawn", "true", timeout=60_000)
    expect(bars).to_have_attribute("data-drawn", "true", timeout=60_000)
    note = line.locator(".k-chart-note")
    expect(note).to_have_attribute("data-reduced", "true")
    expect(note).to_contain_text("of 3,000,000 points")
    shown = int(note.get_attribute("data-points") or 0)
    assert 0 < shown < 3 * 4 * 1000, shown
    # every point drawn (what a tooltip shows) is a real point of the data, at its own index
    import numpy as np

    real = np.random.default_rng(2).normal(size=(1_000_000, 3)).cumsum(axis=0)
    drawn = line.evaluate("el => el.kernelView.data('kernel_data').map(d => [d.index, d.series, d.value])")
    assert len(drawn) == shown
    column = {"a": 0, "b": 1, "c": 2}
    assert all(real[int(i), column[s]] == v for i, s, v in drawn), "a drawn point is not in the data"
    assert {s for _, s, _ in drawn} == set(column)
    # the x axis spans the index exactly, and the chart is as wide as the page's other elements
    assert line.evaluate("el => el.kernelView.scale('x').domain()") == [0, 999_999]
    widths = line.evaluate("el => [el.getBoundingClientRect().width, "
                           "el.querySelector('.vega-embed').getBoundingClientRect().width]")
    assert widths[1] >= widths[0] - 1, widths
    # the mouse wheel zooms in, and the page asks for the points of the new range
    box = line.locator(".vega-embed").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -600)
    page.wait_for_function("() => !!document.querySelector('.k-kind-vega_lite').dataset.range")
    low, high = (float(v) for v in (line.get_attribute("data-range") or "").split(","))
    assert 0 < low < high < 999_999
    # zoomed to 1,000 x values (the zoom parameter's scale signal, which the wheel sets), the chart
    # shows every real point of that range
    line.evaluate("el => el.kernelView.signal('kernel_zoom_index', [500000, 501000]).runAsync().then(() => null)")
    page.wait_for_function("() => document.querySelector('.k-kind-vega_lite').dataset.range === '500000,501000'")
    expect(note).to_have_attribute("data-reduced", "false")
    values = line.evaluate("el => el.kernelView.data('kernel_data').filter(d => d.series === 'a')"
                           ".map(d => d.index)")
    assert set(range(500_000, 501_001)) <= set(values), (min(values), max(values), len(values))
    # the bar chart's x domain is the index, bar for bar
    assert bars.evaluate("el => el.kernelView.scale('x').domain()") == list(range(1000))
    limit = app.runtime.app.config["server"].max_message_size_bytes
    assert sizes and max(sizes) < 64 * 1024 < limit, max(sizes)
