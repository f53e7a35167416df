"""Streamlit behaviours in Chromium (#18): keyboard-driven slider, chat input placement,
image updates without a blank frame, sidebar collapse control."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.elements2_browser import Serve, open_app, out

pytestmark = pytest.mark.browser

# The pause between the slider and the text makes each run outlast a key press, as on a loaded
# machine: a run that started before the latest press still shows the slider's older value when
# its delta arrives (before the fix, 4 runs of 8 ended at 12, as the issue saw, instead of 11).
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


CHAT = """
from kernel import st
if "log" not in st.session_state:
    st.session_state.log = []
for role, text in st.session_state.log:
    with st.chat_message(role):
        st.write(text)
prompt = st.chat_input("Say something")
with st.container():
    st.chat_input("Inline box", key="inline")
if prompt:
    st.session_state.log.append(("user", prompt))
    with st.chat_message("user"):
        st.write(prompt)
    with st.chat_message("assistant"):
        st.write(f"echo {prompt}")
"""


def box(page: Any, selector: str) -> dict[str, float]:
    return page.locator(selector).bounding_box()  # type: ignore[no-any-return]


def test_chat_input_is_pinned_to_the_bottom_and_messages_land_above_it(serve: Serve, page: Any) -> None:
    page.set_viewport_size({"width": 1000, "height": 700})
    open_app(page, serve, CHAT)
    pinned = page.locator(".k-kind-chat_input[data-pinned=true]")
    inline = page.locator(".k-kind-chat_input[data-pinned=false]")
    # Pinned at the bottom of the window even on an empty page; the one in a container is inline.
    assert 700 - 40 <= box(page, ".k-kind-chat_input[data-pinned=true]")["y"] + \
        box(page, ".k-kind-chat_input[data-pinned=true]")["height"] <= 700
    assert inline.bounding_box()["y"] < 200
    for n in range(3):
        area = pinned.get_by_role("textbox")
        area.fill(f"hello {n}")
        area.press("Enter")
        expect(page.locator(".k-kind-chat_message")).to_have_count(n + 2)
        expect(page.locator("body")).to_have_attribute("data-running", "false")
    expect(page.get_by_text("echo hello 2")).to_be_visible()
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    top = pinned.bounding_box()["y"]
    messages = page.locator(".k-kind-chat_message")
    for i in range(messages.count()):
        b = messages.nth(i).bounding_box()
        assert b["y"] + b["height"] <= top + 0.5, (i, b, top)
    assert inline.bounding_box()["y"] + inline.bounding_box()["height"] <= top
    # The box stays in the window however long the conversation grows.
    b = pinned.bounding_box()
    assert b["y"] + b["height"] <= 700 + 0.5


ANIMATION = """
import time
import numpy as np
from kernel import st
placeholder = st.empty()
for i in range(40):
    frame = np.zeros((90, 120, 3), dtype=np.uint8)
    frame[:, : 3 * i] = (200, 40 + 5 * i, 90)
    placeholder.image(frame, caption=f"frame {i}")
    time.sleep(0.04)
st.text("done")
"""

SAMPLER = """
window.imageSamples = { samples: 0, blank: [], sources: new Set() };
const sample = (where) => {
  for (const el of document.querySelectorAll(".k-kind-image")) {
    const img = el.querySelector("img");
    window.imageSamples.samples += 1;
    if (!img || !img.complete || img.naturalWidth === 0) {
      window.imageSamples.blank.push(where + ":" + (img ? img.src.slice(-12) : "no img"));
    } else {
      window.imageSamples.sources.add(img.src);
    }
  }
};
new MutationObserver(() => sample("mutation")).observe(document, { subtree: true, childList: true, attributes: true });
const frame = () => { sample("frame"); requestAnimationFrame(frame); };
requestAnimationFrame(frame);
"""


def test_an_updated_image_replaces_the_old_one_without_a_blank_frame(serve: Serve, page: Any) -> None:
    app = serve(ANIMATION)
    page.add_init_script(SAMPLER)
    # The first frame may take its time; from then on an image is always shown.
    page.goto(app.url)
    expect(page.locator(".k-kind-image img")).to_have_count(1)
    page.wait_for_function("document.querySelector('.k-kind-image img').complete")
    page.evaluate("window.imageSamples.blank = []")
    expect(out(page)).to_have_text("done", timeout=30_000)
    expect(page.locator(".k-kind-image figcaption")).to_have_text("frame 39")
    page.wait_for_function("document.querySelector('.k-kind-image img').complete")
    samples = page.evaluate("({samples: window.imageSamples.samples, blank: window.imageSamples.blank, "
                            "sources: window.imageSamples.sources.size})")
    assert samples["sources"] > 10
    assert samples["blank"] == []


SIDEBAR = """
from kernel import st
STATE
with st.sidebar:
    st.text("in the sidebar")
st.button("Rerun me")
st.text("main")
"""


def sidebar_app(state: str | None) -> str:
    config = "" if state is None else f"st.set_page_config(initial_sidebar_state={state!r})"
    return SIDEBAR.replace("STATE", config)


def test_the_sidebar_collapses_and_expands_and_a_rerun_keeps_the_users_choice(serve: Serve, page: Any) -> None:
    page.set_viewport_size({"width": 1200, "height": 700})
    open_app(page, serve, sidebar_app(None))
    sidebar = page.locator("#kernel-sidebar")
    expect(sidebar).to_be_visible()
    expect(page.get_by_role("button", name="Expand sidebar")).to_be_hidden()
    page.get_by_role("button", name="Collapse sidebar").click()
    expect(sidebar).to_be_hidden()
    # The main area takes the room the sidebar left.
    assert page.locator("#kernel-main").bounding_box()["x"] < 300
    page.get_by_role("button", name="Rerun me").click()
    expect(page.locator("body")).to_have_attribute("data-runs", "2")
    expect(page.locator("body")).to_have_attribute("data-running", "false")
    expect(sidebar).to_be_hidden()
    page.get_by_role("button", name="Expand sidebar").click()
    expect(sidebar).to_be_visible()
    expect(sidebar.get_by_text("in the sidebar")).to_be_visible()
    expect(page.get_by_role("button", name="Expand sidebar")).to_be_hidden()


@pytest.mark.parametrize("state, width, shown", [
    ("collapsed", 1200, False), ("expanded", 600, True), ("auto", 1200, True), ("auto", 600, False),
    (None, 600, False),
])
def test_initial_sidebar_state_is_respected(serve: Serve, page: Any, state: str | None, width: int,
                                            shown: bool) -> None:
    page.set_viewport_size({"width": width, "height": 700})
    open_app(page, serve, sidebar_app(state))
    sidebar = page.locator("#kernel-sidebar")
    expand = page.get_by_role("button", name="Expand sidebar")
    if shown:
        expect(sidebar).to_be_visible()
        expect(expand).to_be_hidden()
        return
    expect(sidebar).to_be_hidden()
    expect(expand).to_be_visible()
    expand.click()
    expect(sidebar).to_be_visible()
    # A rerun that asks for the same initial state leaves the user's choice alone.
    page.get_by_role("button", name="Rerun me").click()
    expect(page.locator("body")).to_have_attribute("data-runs", "2")
    expect(page.locator("body")).to_have_attribute("data-running", "false")
    expect(sidebar).to_be_visible()


def test_a_locked_sidebar_has_no_collapse_control_and_a_width_in_pixels_is_applied(serve: Serve,
                                                                                   page: Any) -> None:
    page.set_viewport_size({"width": 600, "height": 700})  # "auto" would collapse it here
    open_app(page, serve, sidebar_app("locked"))
    sidebar = page.locator("#kernel-sidebar")
    expect(sidebar).to_be_visible()
    expect(page.get_by_role("button", name="Collapse sidebar")).to_have_count(0)
    expect(page.get_by_role("button", name="Expand sidebar")).to_have_count(0)

    page.set_viewport_size({"width": 1200, "height": 700})
    open_app(page, serve, sidebar_app(420))
    sidebar = page.locator("#kernel-sidebar")
    expect(sidebar).to_be_visible()
    assert round(sidebar.bounding_box()["width"]) == 420
    expect(page.get_by_role("button", name="Collapse sidebar")).to_be_visible()
