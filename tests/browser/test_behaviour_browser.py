"""Streamlit behaviours in Chromium (#18): keyboard-driven slider, chat input placement,
image updates without a blank frame, sidebar collapse control."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.elements2_browser import Serve, open_app, out

pytestmark = pytest.mark.browser

SLIDER = """
import time
from kernel import st
v = st.slider("Level", 0, 100, 31)
time.sleep(0.07)
st.text(f"value={v}")
"""


def test_fast_arrow_presses_on_a_slider_lose_no_change(serve: Serve, page: Any) -> None:
    open_app(page, serve, SLIDER)
    expect(out(page)).to_have_text("value=31")
    page.get_by_label("Level").focus()
    for _ in range(20):
        page.keyboard.press("ArrowLeft")
        page.wait_for_timeout(50)
    expect(out(page)).to_have_text("value=11")
    expect(page.locator("body")).to_have_attribute("data-running", "false")
    expect(page.get_by_label("Level")).to_have_value("11")
    for _ in range(20):
        page.keyboard.press("ArrowLeft")
        page.wait_for_timeout(50)
    # Bounded by min.
    expect(out(page)).to_have_text("value=0")
    expect(page.get_by_label("Level")).to_have_value("0")


STORE_CHECK = """async () => {
  const { WidgetStore } = await import("/_kernel/static/client/widgets.js");
  const store = new WidgetStore(() => {});
  const seen = [];
  store.set("s", 30); store.sent();
  store.set("s", 29); store.sent();
  store.set("s", 28); store.sent();
  seen.push(store.shown("s", 30));   // a run that predates 29 and 28: the page keeps 28
  seen.push(store.shown("s", 29));   // still older than 28
  seen.push(store.shown("s", 28));   // the latest change, shown: nothing in flight
  seen.push(store.shown("s", 29));   // now a value the server set (session state)
  store.set("t", "hello"); store.sent();
  seen.push(store.shown("t", ""));   // a value never sent (a form cleared on submit) wins
  store.set("u", [1, 2]); store.sent();
  store.set("u", [1, 3]); store.sent();
  seen.push(store.shown("u", [1, 2]));
  return seen;
}"""


def test_a_delta_of_an_older_run_does_not_undo_the_latest_change(serve: Serve, page: Any) -> None:
    open_app(page, serve, SLIDER)
    assert page.evaluate(STORE_CHECK) == [28, 28, 28, 29, "", [1, 3]]
