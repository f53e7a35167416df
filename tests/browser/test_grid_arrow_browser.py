"""Paged grids read their pages as Arrow IPC from the data side channel (issue 23), in Chromium:
every kind of cell shows as in the rows the element carries, server-side sorting still works, and a
rerun that leaves the frame unchanged neither resends the grid nor fetches its pages again."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.elements2_browser import out
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
    import datetime as dt
    import numpy as np
    import pandas as pd
    from kernel import st
    n = 3000
    i = np.arange(n)
    frame = pd.DataFrame({
        "when": pd.Timestamp("2020-01-01") + pd.to_timedelta(i, unit="min"),
        "day": [dt.date(2020, 1, 1) + dt.timedelta(days=int(k)) for k in i],
        "f": i / 4,
        "n": i,
        "flag": i % 2 == 1,
        "tags": [[int(k), "x"] for k in i],
        "name": [f"r{k}" if k % 3 else None for k in i],
    })
    st.dataframe(frame, lazy=True, hide_index=True)
    st.button("Again")
    st.text(f"runs {st.session_state.setdefault('runs', 0)}")
    st.session_state.runs += 1
"""


def _row(grid: Any, position: int) -> Any:
    return grid.locator(f'.k-grid-window .k-grid-row[data-position="{position}"] .k-grid-cell')


def test_arrow_pages_show_every_kind_of_cell_sort_and_are_not_fetched_again(serve: Serve, page: Any) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    fetched: list[tuple[str, str]] = []
    page.on("response", lambda r: fetched.append((r.url, r.headers.get("content-type", "")))
            if "/_kernel/data/" in r.url else None)
    open_app(page, serve, APP)
    grid = page.locator(".k-kind-dataframe .k-grid")
    expect(grid.locator(".k-grid-footer")).to_contain_text("3,000 rows", timeout=60_000)
    # the first screen travels with the element
    expect(_row(grid, 1)).to_have_text(["2020-01-01 00:01:00", "2020-01-02", "0.25", "1", "", "1x", "r1"])
    # the last rows come from an Arrow page
    grid.locator(".k-grid-viewport").evaluate("v => { v.scrollTop = v.scrollHeight; }")
    last = _row(grid, 2999)
    expect(last).to_have_text(["2020-01-03 01:59:00", "2028-03-18", "749.75", "2999", "", "2999x", "r2999"],
                              timeout=30_000)
    expect(last.nth(4).locator('input[type="checkbox"]')).to_be_checked()
    expect(_row(grid, 2997).nth(6)).to_have_text("None")
    assert fetched and all(kind == "application/vnd.apache.arrow.stream" for _, kind in fetched), fetched
    # sorted on the server, descending by f: row 2999 first
    grid.locator(".k-grid-viewport").evaluate("v => { v.scrollTop = 0; }")
    header = grid.locator('.k-grid-hcell[data-col="2"]')
    header.click()
    header.click()
    expect(grid.locator(".k-grid-window .k-grid-row").first).to_have_attribute("data-position", "2999",
                                                                               timeout=30_000)
    expect(grid.locator(".k-grid-window .k-grid-row").first.locator(".k-grid-cell").nth(2)).to_have_text("749.75")
    assert any("sort=2" in url and "desc=1" in url for url, _ in fetched), fetched
    # a rerun with the same frame: the grid is not sent again (it keeps its sort) and fetches nothing
    asked = len(fetched)
    page.locator(".k-kind-dataframe").evaluate("el => { el.kernelGrid.kept = true; }")
    expect(out(page)).to_have_text("runs 0")
    page.get_by_role("button", name="Again").click()
    expect(out(page)).to_have_text("runs 1", timeout=30_000)
    expect(page.locator("body")).to_have_attribute("data-running", "false")
    assert page.locator(".k-kind-dataframe").evaluate("el => el.kernelGrid.kept === true")
    expect(grid.locator(".k-grid-window .k-grid-row").first).to_have_attribute("data-position", "2999")
    assert len(fetched) == asked, fetched[asked:]
    assert errors == []
