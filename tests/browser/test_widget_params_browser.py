"""Widget parameters in Chromium: on_change="ignore" held by the page, bind="query-params"
both ways, required, validate, live, keyboard shortcuts, filter_mode and select_all."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.liveloop_browser import ServedApp, open_app

pytestmark = pytest.mark.browser

Serve = Callable[..., ServedApp]


def runs(page: Any) -> int:
    return int(page.evaluate("Number(document.body.dataset.runs || 0)"))


def test_ignored_changes_wait_for_the_next_rerun(serve: Serve, page: Any) -> None:
    app = serve(
        "from kernel import st\n"
        "st.session_state.runs = st.session_state.get('runs', 0) + 1\n"
        "held = st.checkbox('Held', on_change='ignore')\n"
        "word = st.text_input('Word', on_change='ignore')\n"
        "choice = st.selectbox('Pick', ['a', 'b', 'c'], on_change='ignore')\n"
        "tags = st.pills('Tags', ['x', 'y'], selection_mode='multi', on_change='ignore')\n"
        "st.button('Go')\n"
        "st.text(f\"run {st.session_state.runs}: {held} {word!r} {choice} {tags}\")\n"
    )
    open_app(page, app.url)
    output = page.locator(".k-kind-text")
    expect(output).to_have_text("run 1: False '' a []")
    before = runs(page)
    page.get_by_label("Held").check()
    field = page.get_by_label("Word")
    field.fill("hello")
    field.press("Enter")
    page.get_by_label("Pick").select_option("c")
    pill = page.get_by_role("button", name="y")
    pill.click()
    expect(pill).to_have_attribute("aria-pressed", "true")  # the page shows the held value
    page.wait_for_timeout(600)
    assert runs(page) == before  # no rerun for ignored changes
    expect(output).to_have_text("run 1: False '' a []")
    page.get_by_role("button", name="Go").click()
    expect(output).to_have_text("run 2: True 'hello' c ['y']")  # the held values came with the button's rerun


def test_bound_widgets_write_the_url_and_are_preset_by_it(serve: Serve, page: Any) -> None:
    app = serve(
        "from kernel import st\n"
        "color = st.selectbox('Color', ['Red', 'Green', 'Blue'], key='color', bind='query-params')\n"
        "dark = st.checkbox('Dark', key='dark', bind='query-params')\n"
        "size = st.slider('Size', 0, 10, 5, key='size', bind='query-params', on_change='ignore')\n"
        "st.text(f'{color} {dark} {size}')\n"
    )
    open_app(page, app.url)
    output = page.locator(".k-kind-text")
    expect(output).to_have_text("Red False 5")
    page.get_by_label("Color").select_option("Blue")
    expect(output).to_have_text("Blue False 5")
    expect(page).to_have_url(re.compile(r"\?color=Blue$"))
    page.get_by_label("Dark").check()
    expect(page).to_have_url(re.compile(r"\?color=Blue&dark=true$"))
    page.get_by_label("Dark").uncheck()
    expect(page).to_have_url(re.compile(r"\?color=Blue$"))  # back at its default: no parameter
    # An ignored change of a bound widget goes into the URL at once, so a reload keeps it.
    slider = page.locator(".k-kind-slider input[type=range]")
    slider.fill("8")
    expect(page).to_have_url(re.compile(r"size=8"))
    expect(output).to_have_text("Blue False 5")
    page.reload()
    expect(page.locator("#k-conn-state")).to_have_attribute("data-state", "connected")
    expect(output).to_have_text("Blue False 8")
    # Opening a URL with parameters presets the widgets.
    open_app(page, app.url + "?color=Green&dark=true")
    expect(output).to_have_text("Green True 5")
    expect(page.get_by_label("Color")).to_have_value("1")
    expect(page.get_by_label("Dark")).to_be_checked()


def test_required_validate_and_live_text_inputs(serve: Serve, page: Any) -> None:
    app = serve(
        "from kernel import st\n"
        "name = st.text_input('Name', 'Ada', required=True)\n"
        "mail = st.text_input('Mail', type='email')\n"
        "live = st.text_input('Live', live='100ms')\n"
        "with st.form('f'):\n"
        "    code = st.text_input('Code', required=True)\n"
        "    sent = st.form_submit_button('Send')\n"
        "st.text(f'{name}|{mail}|{live}|{code}|{sent}')\n"
    )
    open_app(page, app.url)
    output = page.locator(".k-kind-text")
    expect(output).to_have_text("Ada||||False")
    name = page.get_by_label("Name")
    name.fill("")
    name.press("Enter")
    expect(name).to_have_value("Ada")  # clearing a required field is ignored
    mail = page.get_by_label("Mail")
    mail.fill("not-an-address")
    mail.press("Enter")
    expect(page.locator(".k-validate-message:not([hidden])")).to_have_text("Enter a valid email address")
    mail.fill("ada@example.com")
    mail.press("Enter")
    expect(output).to_have_text("Ada|ada@example.com|||False")
    page.get_by_label("Live").press_sequentially("abc")
    expect(output).to_have_text("Ada|ada@example.com|abc||False")  # no Enter needed
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".k-form-required-message")).to_contain_text("Code")
    expect(output).to_have_text("Ada|ada@example.com|abc||False")  # the form did not submit
    page.get_by_label("Code").fill("42")
    page.get_by_role("button", name="Send").click()
    expect(output).to_have_text("Ada|ada@example.com|abc|42|True")


def test_shortcut_filter_mode_and_select_all(serve: Serve, page: Any) -> None:
    app = serve(
        "from kernel import st\n"
        "st.session_state.clicks = st.session_state.get('clicks', 0) + bool(st.button('Save', shortcut='Ctrl+K'))\n"
        "fruit = st.selectbox('Fruit', ['apple', 'banana', 'cherry'], filter_mode='contains')\n"
        "picked = st.multiselect('Many', ['x', 'y', 'z'])\n"
        "st.text(f\"{st.session_state.clicks} {fruit} {picked}\")\n"
    )
    open_app(page, app.url)
    output = page.locator(".k-kind-text")
    expect(output).to_have_text("0 apple []")
    expect(page.locator("kbd.k-shortcut")).to_have_text("Ctrl+K")
    page.locator("body").press("Control+k")
    expect(output).to_have_text("1 apple []")
    page.get_by_label("Fruit").focus()
    page.keyboard.type("err")  # "contains": cherry
    expect(output).to_have_text("1 cherry []")
    page.wait_for_timeout(1100)  # the typed query is over
    # A space that starts no query is the browser's (it opens the drop-down).
    assert page.get_by_label("Fruit").evaluate(
        "s => !s.dispatchEvent(new KeyboardEvent('keydown', {key: ' ', cancelable: true}))") is False
    # A keydown without a key (Chrome's autofill pick) is no shortcut and raises nothing.
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.evaluate("document.body.dispatchEvent(new Event('keydown', {bubbles: true}))")
    page.wait_for_timeout(100)
    assert errors == []
    page.get_by_role("button", name="Select all").click()
    expect(output).to_have_text("1 cherry ['x', 'y', 'z']")


def test_chat_input_records_audio_and_disables_while_running(serve: Serve, browser: Any) -> None:
    from tests.browser.elements2_browser import CAMERA_ARGS, CHROMIUM

    media_browser = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=CAMERA_ARGS)
    try:
        context = media_browser.new_context(permissions=["microphone"])
        page = context.new_page()
        page.set_default_timeout(30_000)
        app = serve(
            "import time\n"
            "from kernel import st\n"
            "v = st.chat_input('Say', accept_audio=True, audio_sample_rate=8000, submit_mode='disable')\n"
            "if v is not None:\n"
            "    clip = v.audio\n"
            "    rate = clip and int.from_bytes(clip.getvalue()[24:28], 'little')\n"
            "    st.text(repr((v.text, clip and clip.type, rate)))\n"
            "    time.sleep(1)\n"
        )
        open_app(page, app.url)
        mic = page.get_by_role("button", name="Record audio")
        mic.click()
        page.get_by_role("button", name="Stop recording").click(delay=600)
        expect(page.locator(".k-chat-files")).to_contain_text("audio")
        box = page.get_by_label("Say")
        box.fill("listen")
        box.press("Enter")
        expect(box).to_be_disabled()  # submit_mode="disable": no new message while the script runs
        expect(page.locator(".k-kind-text")).to_have_text("('listen', 'audio/wav', 8000)")
        expect(box).to_be_enabled()
        context.close()
    finally:
        media_browser.close()


COUNT_RUNNING_LISTENERS = """
window.kernelRunningListeners = 0;
const add = EventTarget.prototype.addEventListener;
const remove = EventTarget.prototype.removeEventListener;
EventTarget.prototype.addEventListener = function (type, fn, options) {
  if (type === "kernel:running" && this === document) window.kernelRunningListeners += 1;
  return add.call(this, type, fn, options);
};
EventTarget.prototype.removeEventListener = function (type, fn, options) {
  if (type === "kernel:running" && this === document) window.kernelRunningListeners -= 1;
  return remove.call(this, type, fn, options);
};
"""


def test_re_rendered_chat_inputs_do_not_pile_up_listeners(serve: Serve, page: Any) -> None:
    """A chat_input whose id changes is drawn again in the same element, run after run."""
    page.add_init_script(COUNT_RUNNING_LISTENERS)
    app = serve(
        "from kernel import st\n"
        "st.session_state.n = st.session_state.get('n', 0) + 1\n"
        "st.button('Again')\n"
        "st.chat_input(f\"Say {st.session_state.n}\", submit_mode='disable')\n"
    )
    open_app(page, app.url)
    for n in range(2, 6):
        page.get_by_role("button", name="Again").click()
        expect(page.get_by_label(f"Say {n}")).to_be_enabled()
    assert page.evaluate("window.kernelRunningListeners") == 1


def test_the_rerun_of_a_bound_widget_change_carries_the_matching_url(serve: Serve, page: Any) -> None:
    """Else a request sent before the server's new URL arrived (a slow network) would carry the
    old URL, which the server takes for a navigation: the widget would jump back."""
    sent: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(str(payload))))
    app = serve(
        "from kernel import st\n"
        "st.text(st.selectbox('Color', ['Red', 'Green', 'Blue'], key='color', bind='query-params'))\n"
    )
    open_app(page, app.url)
    expect(page.locator(".k-kind-text")).to_have_text("Red")
    sent.clear()
    page.get_by_label("Color").select_option("Blue")
    expect(page.locator(".k-kind-text")).to_have_text("Blue")
    reruns = [json.loads(frame) for frame in sent if '"Rerun"' in frame]
    assert [m["query_string"] for batch in reruns for m in batch if m["type"] == "Rerun"] == ["color=Blue"]
