"""LinkColumn cells link only to http, https, mailto and relative URLs; others show as text."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.elements2_browser import Serve, open_app

APP = """
from kernel import st
urls = ["https://example.com/a", "javascript:alert(document.domain)", "JaVaScript:alert(1)",
        "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>", "mailto:x@example.com", "/page"]
st.dataframe({"url": urls}, column_config={"url": st.column_config.LinkColumn("Link")})
"""


def test_link_column_cells_with_unsafe_schemes_are_text_not_links(serve: Serve, page: Any) -> None:
    open_app(page, serve, APP)
    frame = page.locator(".k-kind-dataframe")
    expect(frame.get_by_text("https://example.com/a")).to_be_visible()
    hrefs = frame.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == ["https://example.com/a", "mailto:x@example.com", "/page"]
    unsafe = frame.locator(".k-unsafe-link")
    expect(unsafe).to_have_count(4)
    expect(unsafe.first).to_have_text("javascript:alert(document.domain)")
    assert unsafe.evaluate_all("cells => cells.every(c => !c.querySelector('a'))")
