"""Column types of issue 20 in Chromium: MarkdownColumn cells drawn from the server's rendered HTML,
ButtonColumn clicks read back in the script."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.liveloop_browser import ServedApp

pytestmark = pytest.mark.browser

Serve = Callable[..., ServedApp]


def test_markdown_column_renders_markdown_and_shows_html_as_text(serve: Serve, page: Any) -> None:
    from tests.browser.elements2_browser import open_app as open_source

    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: errors.append(f"dialog {dialog.message}"))
    open_source(page, serve, """
        import pandas as pd
        from kernel import st
        df = pd.DataFrame({"md": ["**bold** and *it*", "<script>alert(1)</script><img src=x onerror=alert(2)>"]})
        st.dataframe(df, hide_index=True, column_config={"md": st.column_config.MarkdownColumn("Notes")})
        st.dataframe({"md": [f"row **{i}**" for i in range(3000)]}, lazy=True, hide_index=True,
                     column_config={"md": st.column_config.MarkdownColumn()})
    """)
    whole, paged = page.locator(".k-kind-dataframe").all()
    cells = whole.locator(".k-cell-markdown")
    expect(cells.first.locator("strong")).to_have_text("bold")
    expect(cells.first.locator("em")).to_have_text("it")
    expect(cells.nth(1)).to_contain_text("<script>alert(1)</script>")  # shown as text
    expect(whole.locator(".k-cell-markdown script, .k-cell-markdown img")).to_have_count(0)
    expect(paged.locator(".k-cell-markdown strong").first).to_have_text("0")
    # Sorting a paged frame descending fetches a page from the server: its cells come rendered too.
    header = paged.locator(".k-grid-hcell", has_text="md")
    header.click()
    header.click()
    expect(paged.locator(".k-cell-markdown strong").first).to_have_text("999")
    assert errors == []


def test_button_column_click_reaches_the_script(serve: Serve, page: Any) -> None:
    from tests.browser.elements2_browser import open_app as open_source
    from tests.browser.elements2_browser import out

    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    open_source(page, serve, """
        import pandas as pd
        from kernel import st
        if "calls" not in st.session_state:
            st.session_state.calls = []
        df = pd.DataFrame({"name": ["a", "b", "c"], "act": ["Open", "Delete", ["Edit", "Copy"]]})
        st.dataframe(df, hide_index=True, column_config={"act": st.column_config.ButtonColumn(
            "Action", key="act", on_click=lambda: st.session_state.calls.append(st.session_state.act.row))})
        st.button("Again")
        st.text(f"{st.session_state.act} {st.session_state.calls}")
    """)
    expect(out(page)).to_have_text("None []")
    page.get_by_role("button", name="Delete").click()
    expect(out(page)).to_have_text("{'row': 1, 'label': 'Delete'} [1]")
    page.get_by_role("button", name="Open").click()
    expect(out(page)).to_have_text("{'row': 0, 'label': 'Open'} [1, 0]")
    page.get_by_role("button", name="Copy").click()  # a list cell: one button per item
    expect(out(page)).to_have_text("{'row': 2, 'label': 'Copy'} [1, 0, 2]")
    page.get_by_role("button", name="Again").click()  # a trigger: the next run has no click
    expect(out(page)).to_have_text("None [1, 0, 2]")
    assert errors == []
