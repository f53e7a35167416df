"""Chromium tests for the reference's visual commands that had none (issue 20): the column types
of ``st.column_config`` not drawn elsewhere, ``st.iframe`` and ``st.components.v1.iframe``, and
``st.exception``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.liveloop_browser import ServedApp

pytestmark = pytest.mark.browser

Serve = Callable[..., ServedApp]


def test_column_types_draw_their_cells(serve: Serve, page: Any) -> None:
    from tests.browser.elements2_browser import open_app

    open_app(page, serve, """
        import datetime as dt
        import pandas as pd
        from kernel import st
        df = pd.DataFrame({
            "plain": ["p"], "text": ["hello"], "pick": ["a"],
            "when": [pd.Timestamp("2024-05-06 07:08:09")], "day": [dt.date(2024, 5, 6)], "clock": [dt.time(7, 8, 9)],
            "pic": ["/_kernel/no-such-image.png"], "js": [{"k": 1}], "items": [["x", "y"]],
            "line": [[1, 3, 2]], "bar": [[1, 3, 2]], "area": [[1, 3, 2]],
        })
        cc = {
            "plain": st.column_config.Column("Plain label"),
            "text": st.column_config.TextColumn("Text label"),
            "pick": st.column_config.SelectboxColumn(options=["a", "b"], format_func=str.upper),
            "when": st.column_config.DatetimeColumn(),
            "day": st.column_config.DateColumn(),
            "clock": st.column_config.TimeColumn(),
            "pic": st.column_config.ImageColumn(),
            "js": st.column_config.JsonColumn(),
            "items": st.column_config.ListColumn(),
            "line": st.column_config.LineChartColumn(),
            "bar": st.column_config.BarChartColumn(),
            "area": st.column_config.AreaChartColumn(),
        }
        st.dataframe(df, hide_index=True, column_config=cc)
    """)
    grid = page.locator(".k-kind-dataframe")
    heads = grid.locator(".k-grid-head .k-grid-hcell")
    expect(heads.nth(0)).to_have_text("Plain label")
    expect(heads.nth(1)).to_have_text("Text label")
    cells = grid.locator(".k-grid-row:not(.k-grid-head)").first.locator(".k-grid-cell")
    expect(cells.nth(0)).to_have_text("p")
    expect(cells.nth(1)).to_have_text("hello")
    expect(cells.nth(2)).to_have_text("A")  # format_func labels the option
    expect(cells.nth(3)).to_have_text("2024-05-06 07:08:09")
    expect(cells.nth(4)).to_have_text("2024-05-06")
    expect(cells.nth(5)).to_have_text("07:08:09")
    expect(cells.nth(6).locator("img.k-cell-img")).to_have_attribute("src", "/_kernel/no-such-image.png")
    expect(cells.nth(7)).to_have_text('{"k":1}')
    expect(cells.nth(8).locator(".k-chip")).to_have_text(["x", "y"])
    expect(cells.nth(9).locator("svg.k-cell-spark polyline")).to_have_count(1)
    expect(cells.nth(10).locator("svg.k-cell-spark rect")).to_have_count(3)
    expect(cells.nth(11).locator("svg.k-cell-spark polygon")).to_have_count(1)


def test_iframes_show_their_html_and_url(serve: Serve, page: Any) -> None:
    from tests.browser.elements2_browser import open_app

    open_app(page, serve, """
        from kernel import st
        import streamlit.components.v1 as components
        st.iframe("<p id='inside'>raw html in a frame</p>", height=120)
        components.iframe("/_kernel/health", height=90, scrolling=True)
    """)
    frames = page.locator("iframe.k-iframe")
    expect(frames).to_have_count(2)
    expect(page.frame_locator("iframe.k-iframe").nth(0).locator("#inside")).to_have_text("raw html in a frame")
    expect(page.frame_locator("iframe.k-iframe").nth(1).locator("body")).not_to_be_empty()
    assert frames.nth(1).get_attribute("src") == "/_kernel/health"
    assert frames.nth(1).get_attribute("scrolling") == "auto"
    assert frames.nth(0).evaluate("f => f.getBoundingClientRect().height") == 120
    assert frames.nth(1).evaluate("f => f.getBoundingClientRect().height") == 90


def test_st_exception_shows_the_error_and_its_traceback(serve: Serve, page: Any) -> None:
    from tests.browser.elements2_browser import open_app

    open_app(page, serve, """
        from kernel import st
        def fail():
            raise ValueError("bad <b>value</b>")
        try:
            fail()
        except ValueError as exc:
            st.exception(exc)
        st.text("the script goes on")
    """)
    error = page.locator(".k-kind-exception")
    expect(error.locator(".k-exc-title")).to_have_text("ValueError: bad <b>value</b>")  # shown as text
    expect(error.locator(".k-exc-traceback")).to_contain_text("in fail")
    expect(error.locator("b")).to_have_count(0)
    expect(page.locator(".k-kind-text")).to_have_text("the script goes on")
