"""State in the browser: a callback counter, a form, a fragment, query params, and reconnects."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.liveloop_browser import ServedApp, open_app

pytestmark = pytest.mark.browser

Serve = Callable[..., ServedApp]

# Records every frame the page receives, so a test can tell what the server sent.
RECORD_FRAMES = """
(() => {
  const Native = window.WebSocket;
  window.__frames = [];
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => window.__frames.push(event.data));
    }
  };
})();
"""


def test_counter_with_a_callback_button_survives_a_dropped_connection(serve: Serve, page: Any) -> None:
    app = serve(
        "from kernel import st\n"
        "st.session_state.setdefault('count', 0)\n"
        "def add(n):\n"
        "    st.session_state.count += n\n"
        "st.button('Add', on_click=add, args=(1,))\n"
        "st.text(f\"count {st.session_state.count}\")\n"
    )
    page.add_init_script(RECORD_FRAMES)
    open_app(page, app.url)
    output = page.locator(".k-kind-text")
    expect(output).to_have_text("count 0")
    for n in (1, 2, 3):
        page.get_by_role("button", name="Add").click()
        expect(output).to_have_text(f"count {n}")
    session_id = page.evaluate("document.body.dataset.sessionId")
    app.call(app.runtime.drop_connections)
    resumed = "window.__frames.some((f) => JSON.parse(f).some((m) => m.type === 'NewSession' && m.resumed))"
    page.wait_for_function(resumed)
    expect(page.locator("#k-conn-state")).to_have_attribute("data-state", "connected")
    assert page.evaluate("document.body.dataset.sessionId") == session_id
    expect(output).to_have_text("count 3")
    page.get_by_role("button", name="Add").click()
    expect(output).to_have_text("count 4")


def test_a_form_submits_once_with_all_its_values(serve: Serve, page: Any) -> None:
    app = serve(
        "from kernel import st\n"
        "st.session_state.setdefault('runs', 0)\n"
        "st.session_state.setdefault('submits', 0)\n"
        "st.session_state.runs += 1\n"
        "with st.form('signup'):\n"
        "    name = st.text_input('Name')\n"
        "    agree = st.checkbox('Agree')\n"
        "    if st.form_submit_button('Send'):\n"
        "        st.session_state.submits += 1\n"
        "st.text(f\"runs={st.session_state.runs} submits={st.session_state.submits} name={name} agree={agree}\")\n"
    )
    open_app(page, app.url)
    output = page.locator(".k-kind-text")
    expect(output).to_have_text("runs=1 submits=0 name= agree=False")
    expect(page.locator(".k-form-missing-submit")).to_be_hidden()
    field = page.get_by_label("Name")
    field.fill("Ada")
    field.press("Tab")
    page.get_by_label("Agree").check()
    page.wait_for_timeout(300)
    expect(output).to_have_text("runs=1 submits=0 name= agree=False")  # edits do not rerun
    page.get_by_role("button", name="Send").click()
    expect(output).to_have_text("runs=2 submits=1 name=Ada agree=True")
    page.locator("body").press("r")  # a plain rerun: the submit button is False again
    expect(output).to_have_text("runs=3 submits=1 name=Ada agree=True")


def test_a_form_without_a_submit_button_warns(serve: Serve, page: Any) -> None:
    app = serve("from kernel import st\nwith st.form('f'):\n    st.text_input('t')\n")
    open_app(page, app.url)
    expect(page.locator(".k-form-missing-submit")).to_be_visible()


def test_fragment_widget_changes_leave_the_rest_of_the_page_alone(serve: Serve, page: Any) -> None:
    app = serve(
        "from kernel import st\n"
        "st.session_state.setdefault('full', 0)\n"
        "st.session_state.full += 1\n"
        "st.markdown(f\"full runs {st.session_state.full}\")\n"
        "@st.fragment\n"
        "def panel():\n"
        "    n = st.slider('n', 0, 10, 1)\n"
        "    st.text(f'inside {n}')\n"
        "panel()\n"
        "st.markdown('below')\n"
    )
    page.add_init_script(RECORD_FRAMES)
    open_app(page, app.url)
    expect(page.locator(".k-kind-text")).to_have_text("inside 1")
    outside = page.locator(".k-kind-markdown").first
    expect(outside).to_have_text("full runs 1")
    page.wait_for_timeout(200)
    before = page.evaluate("window.__frames.length")
    page.get_by_label("n").fill("6")
    expect(page.locator(".k-kind-text")).to_have_text("inside 6")
    expect(outside).to_have_text("full runs 1")
    expect(page.locator(".k-kind-markdown").last).to_have_text("below")
    frames = page.evaluate(f"window.__frames.slice({before})")
    msgs = [m for frame in frames for m in json.loads(frame)]
    finished = [m for m in msgs if m["type"] == "ScriptFinished"]
    assert finished and finished[-1]["scope"], msgs
    fragment_path = finished[-1]["scope"][0]["path"]
    deltas = [m for m in msgs if m["type"] == "Delta"]
    assert deltas, msgs
    for delta in deltas:  # nothing outside the fragment was re-sent
        assert delta["path"][: len(fragment_path)] == fragment_path, delta


def test_query_params_round_trip_through_the_url_and_survive_a_reload(serve: Serve, page: Any) -> None:
    app = serve(
        "from kernel import st\n"
        "st.text(f\"name={st.query_params.get('name', '-')} tags={st.query_params.get_all('tag')}\")\n"
        "new = st.text_input('New name')\n"
        "if new:\n"
        "    st.query_params['name'] = new\n"
        "    st.query_params['tag'] = ['a', 'b']\n"
    )
    open_app(page, app.url + "?name=Ada&tag=x")
    output = page.locator(".k-kind-text")
    expect(output).to_have_text("name=Ada tags=['x']")
    field = page.get_by_label("New name")
    field.fill("Bob")
    field.press("Enter")
    expect(page).to_have_url(re.compile(r"\?name=Bob&tag=a&tag=b$"))
    page.reload()
    expect(page.locator("#k-conn-state")).to_have_attribute("data-state", "connected")
    expect(page.locator(".k-kind-text")).to_have_text("name=Bob tags=['a', 'b']")


def test_dialog_opens_reruns_alone_and_closes(serve: Serve, page: Any) -> None:
    app = serve(
        "from kernel import st\n"
        "st.session_state.setdefault('full', 0)\n"
        "st.session_state.full += 1\n"
        "st.markdown(f\"full runs {st.session_state.full} saved {st.session_state.get('saved')}\")\n"
        "@st.dialog('Rename')\n"
        "def rename():\n"
        "    name = st.text_input('New name')\n"
        "    st.text(f'preview {name}')\n"
        "    if st.button('Save'):\n"
        "        st.session_state.saved = name\n"
        "        st.rerun()\n"
        "if st.button('Open'):\n"
        "    rename()\n"
    )
    open_app(page, app.url)
    page.get_by_role("button", name="Open").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".k-dialog-title")).to_have_text("Rename")
    field = dialog.get_by_label("New name")
    field.fill("Zed")
    field.press("Enter")
    expect(dialog.locator(".k-kind-text")).to_have_text("preview Zed")
    outside = page.locator(".k-kind-markdown")
    expect(outside).to_have_text("full runs 2 saved None")  # the dialog reran alone
    dialog.get_by_role("button", name="Save").click()
    expect(outside).to_have_text("full runs 3 saved Zed")
    expect(page.get_by_role("dialog")).to_have_count(0)
    page.get_by_role("button", name="Open").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()


def test_st_context_sees_the_browser_and_the_request(serve: Serve, browser: Any) -> None:
    app = serve(
        "from kernel import st\n"
        "c = st.context\n"
        "agent = c.headers.get('user-agent', '')[:7]\n"
        "st.text(f\"{c.timezone}|{c.locale}|{c.url}|{c.cookies.get('flavour')}|{agent}\")\n"
    )
    context = browser.new_context(timezone_id="Asia/Tokyo", locale="fr-FR")
    try:
        context.add_cookies([{"name": "flavour", "value": "mint", "url": app.url}])
        page = context.new_page()
        open_app(page, app.url)
        base = app.url.split("?")[0]
        expect(page.locator(".k-kind-text")).to_have_text(f"Asia/Tokyo|fr-FR|{base}|mint|Mozilla")
    finally:
        context.close()


def test_fragment_run_every_reruns_it_on_a_timer(serve: Serve, page: Any) -> None:
    app = serve(
        "from kernel import st\n"
        "st.session_state.setdefault('full', 0)\n"
        "st.session_state.full += 1\n"
        "st.markdown(f\"full runs {st.session_state.full}\")\n"
        "@st.fragment(run_every=0.2)\n"
        "def ticker():\n"
        "    st.session_state.ticks = st.session_state.get('ticks', 0) + 1\n"
        "    st.text(f\"ticks {st.session_state.ticks}\")\n"
        "ticker()\n"
    )
    open_app(page, app.url)
    ticks = page.locator(".k-kind-text")
    expect(ticks).to_have_text(re.compile(r"ticks ([3-9]|\d\d+)"), timeout=5000)
    expect(page.locator(".k-kind-markdown")).to_have_text("full runs 1")


def test_state_gallery_in_the_browser(serve: Serve, page: Any) -> None:
    gallery = Path(__file__).parents[2] / "examples" / "state_gallery.py"
    app = serve(gallery.read_text())
    open_app(page, app.url)
    texts = page.locator(".k-kind-text")
    page.get_by_role("button", name="Add ten").click()
    expect(texts.filter(has_text="count:")).to_have_text("count: 10")
    page.get_by_role("button", name="Rename…").click()
    dialog = page.get_by_role("dialog")
    field = dialog.get_by_label("New name")
    field.fill("Bo")
    field.press("Enter")
    dialog.get_by_role("button", name="Save").click()
    expect(texts.filter(has_text="hello")).to_have_text("hello Bo")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_label("Your name")).to_have_value("Bo")
    page.get_by_role("button", name="Order").click()
    expect(texts.filter(has_text="orders:")).to_have_text("orders: 1 x tea")


def test_clear_on_submit_empties_the_form_after_sending(serve: Serve, page: Any) -> None:
    app = serve(
        "from kernel import st\n"
        "with st.form('note', clear_on_submit=True):\n"
        "    text = st.text_input('Note')\n"
        "    urgent = st.checkbox('Urgent')\n"
        "    sent = st.form_submit_button('Send')\n"
        "if sent:\n"
        "    st.session_state.setdefault('notes', []).append(f'{text}{\"!\" if urgent else \"\"}')\n"
        "st.text(' | '.join(st.session_state.get('notes', [])) or 'no notes')\n"
    )
    open_app(page, app.url)
    output = page.locator(".k-kind-text")
    page.get_by_label("Note").fill("milk")
    page.get_by_label("Urgent").check()
    page.get_by_role("button", name="Send").click()
    expect(output).to_have_text("milk!")
    expect(page.get_by_label("Note")).to_have_value("")
    expect(page.get_by_label("Urgent")).not_to_be_checked()
    page.get_by_label("Note").fill("eggs")
    page.get_by_role("button", name="Send").click()
    expect(output).to_have_text("milk! | eggs")
    expect(page.get_by_label("Note")).to_have_value("")


def test_enter_in_a_form_field_submits_the_form(serve: Serve, page: Any) -> None:
    app = serve(
        "from kernel import st\n"
        "with st.form('search'):\n"
        "    q = st.text_input('Query')\n"
        "    go = st.form_submit_button('Search')\n"
        "st.text(f'{q}:{go}')\n"
    )
    open_app(page, app.url)
    field = page.get_by_label("Query")
    field.fill("kernels")
    field.press("Enter")
    expect(page.locator(".k-kind-text")).to_have_text("kernels:True")


def test_a_form_inside_a_fragment_submits_as_a_fragment_run(serve: Serve, page: Any) -> None:
    app = serve(
        "from kernel import st\n"
        "st.session_state.setdefault('full', 0)\n"
        "st.session_state.full += 1\n"
        "st.markdown(f\"full runs {st.session_state.full}\")\n"
        "@st.fragment\n"
        "def box():\n"
        "    with st.form('inner'):\n"
        "        word = st.text_input('Word')\n"
        "        st.form_submit_button('Keep')\n"
        "    st.text(f'kept {word}')\n"
        "box()\n"
    )
    open_app(page, app.url)
    page.get_by_label("Word").fill("blue")
    page.get_by_role("button", name="Keep").click()
    expect(page.locator(".k-kind-text")).to_have_text("kept blue")
    expect(page.locator(".k-kind-markdown")).to_have_text("full runs 1")
