"""Layout containers show their children and status elements show their state, in Chromium."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.elements2_browser import Serve, open_app, out

pytestmark = pytest.mark.browser

LAYOUT = """
from kernel import st
with st.container(border=True, height=150):
    st.text("in the box")
with st.expander("Details"):
    st.text("expander body")
one, two = st.tabs(["First", "Second"])
one.text("tab one body")
two.text("tab two body")
with st.popover("Options"):
    flag = st.checkbox("Enable")
with st.chat_message("user"):
    st.text("a user message")
left, right = st.columns(2)
with right:
    inner = st.columns(2)
    inner[1].text("nested column")
st.text(f"flag {flag}")
"""


def test_layout_containers_show_their_children(serve: Serve, page: Any) -> None:
    open_app(page, serve, LAYOUT)
    box = page.locator(".k-container[data-border='true']").first
    expect(box).to_contain_text("in the box")
    body = page.get_by_text("expander body")
    expect(body).to_be_hidden()
    page.get_by_text("Details").click()
    expect(body).to_be_visible()
    expect(page.get_by_text("tab one body")).to_be_visible()
    expect(page.get_by_text("tab two body")).to_be_hidden()
    page.get_by_role("tab", name="Second").click()
    expect(page.get_by_text("tab two body")).to_be_visible()
    expect(page.get_by_text("tab one body")).to_be_hidden()
    enable = page.get_by_label("Enable")
    expect(enable).to_be_hidden()
    page.get_by_role("button", name="Options").click()
    enable.check()
    expect(out(page)).to_have_text("flag True")
    expect(page.get_by_role("tab", name="Second")).to_have_attribute("aria-selected", "true")  # kept on rerun
    message = page.locator(".k-chat-message")
    expect(message).to_contain_text("a user message")
    expect(message.locator(".k-avatar")).to_have_text("🧑")
    expect(page.locator(".k-column .k-column")).to_have_count(2)
    expect(page.locator(".k-column .k-column").nth(1)).to_contain_text("nested column")


STATUS = """
import time
from kernel import st
st.success("All good")
st.info("For your information", icon="ℹ️")
st.warning("Careful now", title="Heads up")
st.error("It broke")
bar = st.progress(0, text="Loading")
bar.progress(60, text="Loading 60%")
go = st.button("Slow job")
if go:
    with st.spinner("Crunching numbers"):
        time.sleep(1.0)
    st.toast("Job finished", icon="🎉")
    st.balloons()
    st.snow()
with st.status("Pipeline", expanded=True):
    st.text("step done")
st.text(f"ran {go}")
"""


def test_status_elements_are_shown(serve: Serve, page: Any) -> None:
    open_app(page, serve, STATUS)
    for kind, text in (("success", "All good"), ("info", "For your information"), ("warning", "Careful now"),
                       ("error", "It broke")):
        expect(page.locator(f".k-kind-alert[data-type='{kind}']")).to_contain_text(text)
    expect(page.locator(".k-kind-alert[data-type='warning'] .k-alert-title")).to_have_text("Heads up")
    expect(page.locator(".k-kind-alert[data-type='info'] .k-alert-icon")).to_have_text("ℹ️")
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "60")
    expect(page.locator(".k-progress-text")).to_have_text("Loading 60%")
    status = page.locator(".k-kind-status")
    expect(status).to_have_attribute("data-state", "complete")
    expect(status).to_contain_text("step done")
    page.get_by_role("button", name="Slow job").click()
    spinner = page.locator(".k-kind-spinner")
    expect(spinner).to_contain_text("Crunching numbers")
    expect(out(page)).to_have_text("ran True")
    expect(spinner).to_have_count(0)
    expect(page.locator("#k-toasts .k-toast")).to_contain_text("Job finished")
    expect(page.locator(".k-celebration.k-balloons")).to_have_count(1)
    expect(page.locator(".k-celebration.k-snow")).to_have_count(1)


TRACKED = """
from kernel import st
ex = st.expander("Report", on_change="rerun")
if ex.open:
    ex.text("report computed")
one, two = st.tabs(["Summary", "Details"], on_change="rerun")
if two.open:
    two.text("details computed")
st.text(f"open: {ex.open} {one.open} {two.open}")
"""


def test_tracked_expander_and_tabs_rerun_with_their_state(serve: Serve, page: Any) -> None:
    open_app(page, serve, TRACKED)
    expect(out(page)).to_have_text("open: False True False")
    page.get_by_text("Report", exact=True).click()
    expect(page.get_by_text("report computed")).to_be_visible()
    expect(out(page)).to_have_text("open: True True False")
    page.get_by_role("tab", name="Details").click()
    expect(page.get_by_text("details computed")).to_be_visible()
    expect(out(page)).to_have_text("open: True False True")
    page.get_by_text("Report", exact=True).click()
    expect(out(page)).to_have_text("open: False False True")
    expect(page.get_by_text("report computed")).to_have_count(0)
