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


MEDIUM = """
    import numpy as np
    import pandas as pd
    from kernel import st
    n = 3000
    i = np.arange(n)
    frame = pd.DataFrame({
        "when": pd.Timestamp("2020-01-01") + pd.to_timedelta(i, unit="min"),
        "f": i / 4,
        "n": (i * 7) % 3000,
        "city": np.array(["Berlin", "Paris", "Rome"])[i % 3],
        "flag": i % 2 == 1,
    })
    st.dataframe(frame, hide_index=True)
    edited = st.data_editor(frame[["n", "flag"]], key="ed")
    st.button("Again")
    st.text(f"runs {st.session_state.setdefault('runs', 0)} flag2999 {bool(edited['flag'].iloc[2999])}")
    st.session_state.runs += 1
"""


def test_a_medium_frame_fetches_all_its_rows_as_one_arrow_table_and_sorts_and_edits_in_the_page(
        serve: Serve, page: Any) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    fetched: list[tuple[str, str]] = []
    page.on("response", lambda r: fetched.append((r.url, r.headers.get("content-type", "")))
            if "/_kernel/data/" in r.url else None)
    sizes = record_frame_sizes(page)
    open_app(page, serve, MEDIUM)
    grid, editor = page.locator(".k-kind-dataframe .k-grid").nth(0), page.locator(".k-kind-dataframe .k-grid").nth(1)
    expect(grid.locator(".k-grid-footer")).to_contain_text("3,000 rows × 5 columns", timeout=60_000)
    expect(grid).to_have_attribute("data-rows", "all", timeout=30_000)
    expect(editor).to_have_attribute("data-rows", "all", timeout=30_000)
    # one fetch per grid, of the whole table, and nothing else: the WebSocket carried only the first screens
    assert sorted(kind for _, kind in fetched) == ["application/vnd.apache.arrow.stream"] * 2, fetched
    assert all("?" not in url for url, _ in fetched), fetched
    assert sizes and max(sizes) < 32 * 1024, max(sizes)
    grid.locator(".k-grid-viewport").evaluate("v => { v.scrollTop = v.scrollHeight; }")
    expect(_row(grid, 2999)).to_have_text(["2020-01-03 01:59:00", "749.75", "2993", "Rome", ""])
    # sorted in the page (no request): descending by n, whose largest value 2999 is at row 857
    grid.locator(".k-grid-viewport").evaluate("v => { v.scrollTop = 0; }")
    header = grid.locator('.k-grid-hcell[data-col="2"]')
    header.click()
    header.click()
    expect(grid.locator(".k-grid-window .k-grid-row").first).to_have_attribute("data-position", "857")
    assert len(fetched) == 2, fetched
    # the editor's last row came in the table: its checkbox is live
    editor.locator(".k-grid-viewport").evaluate("v => { v.scrollTop = v.scrollHeight; }")
    box = _row(editor, 2999).locator('input[type="checkbox"]')
    expect(box).to_be_checked()
    expect(out(page)).to_have_text("runs 0 flag2999 True")
    box.click()
    expect(out(page)).to_have_text("runs 1 flag2999 False", timeout=30_000)
    expect(page.locator("body")).to_have_attribute("data-running", "false")
    # a rerun with the same frames: the grid is not rebuilt, nothing is fetched again
    page.locator(".k-kind-dataframe").first.evaluate("el => { el.kernelGrid.kept = true; }")
    page.get_by_role("button", name="Again").click()
    expect(out(page)).to_have_text("runs 2 flag2999 False", timeout=30_000)
    expect(page.locator("body")).to_have_attribute("data-running", "false")
    assert page.locator(".k-kind-dataframe").first.evaluate("el => el.kernelGrid.kept === true")
    assert len(fetched) == 2, fetched
    assert errors == []
