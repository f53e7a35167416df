"""Rerun.changed in the browser: picking again the value picked last, after the script set another."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.liveloop_browser import ServedApp

pytestmark = pytest.mark.browser

Serve = Callable[..., ServedApp]

# Records every Rerun the page sends, so a test can tell what it declared as changed.
RECORD_RERUNS = """
(() => {
  const Native = window.WebSocket;
  window.__reruns = [];
  window.__resumed = false;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (JSON.parse(event.data).some((m) => m.type === "NewSession" && m.resumed)) window.__resumed = true;
      });
    }
    send(data) {
      for (const m of JSON.parse(data)) if (m.type === "Rerun") window.__reruns.push(m);
      super.send(data);
    }
  };
})();
"""


def test_picking_again_the_value_picked_last_after_the_script_set_the_widget(serve: Serve, page: Any) -> None:
    app = serve(
        "from kernel import st\n"
        "st.session_state.setdefault('picks', 0)\n"
        "def note():\n"
        "    st.session_state.picks += 1\n"
        "if st.button('Back to A'):\n"
        "    st.session_state.choice = 'A'\n"
        "st.button('Nothing')\n"
        "value = st.selectbox('Choice', ['A', 'B', 'C'], key='choice', on_change=note)\n"
        "st.text(f'script sees {value}, picks {st.session_state.picks}')\n"
    )
    page.add_init_script(RECORD_RERUNS)
    page.goto(app.url)
    expect(page.locator("#k-conn-state")).to_have_attribute("data-state", "connected")
    output = page.locator(".k-kind-text")
    select = page.get_by_label("Choice")
    expect(output).to_have_text("script sees A, picks 0")
    select.select_option("B")
    expect(output).to_have_text("script sees B, picks 1")
    page.get_by_role("button", name="Back to A").click()
    expect(output).to_have_text("script sees A, picks 1")
    expect(select).to_have_value("0")
    select.select_option("B")
    expect(output).to_have_text("script sees B, picks 2")
    expect(select).to_have_value("1")
    # Another rerun (its request echoes B, not as a change) keeps B and fires nothing.
    page.get_by_role("button", name="Nothing").click()
    expect(page.locator("body")).to_have_attribute("data-runs", "5")
    expect(output).to_have_text("script sees B, picks 2")
    expect(select).to_have_value("1")
    w = page.locator(".k-kind-selectbox").get_attribute("data-widget-id") or ""
    declared = page.evaluate("window.__reruns.map((m) => m.changed)")
    assert declared == [[], [w], [], [w], []]
    # A reconnection to the same session declares nothing: the page keeps showing B.
    app.call(app.runtime.drop_connections)
    page.wait_for_function("window.__resumed")
    expect(page.locator("#k-conn-state")).to_have_attribute("data-state", "connected")
    page.wait_for_function("window.__reruns.length === 6")
    assert page.evaluate("window.__reruns[5].changed") == []
    expect(output).to_have_text("script sees B, picks 2")
    expect(select).to_have_value("1")
