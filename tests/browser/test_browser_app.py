"""End-to-end: a served app driven in Debian's Chromium."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.liveloop_browser import ServedApp, open_app

pytestmark = pytest.mark.browser

Serve = Callable[..., ServedApp]

WIDGETS_APP = """
from kernel import st
st.title("Widgets")
n = st.slider("How many", 1, 10, 2)
name = st.text_input("Name", "nobody")
st.text(f"{name} x {n}")
"""


def test_sees_the_apps_text(serve: Serve, page: Any) -> None:
    app = serve("from kernel import st\nst.title('Hello page')\nst.text('plain text here')\n"
                "st.markdown('**bold** <script>alert(1)</script>')\n")
    open_app(page, app)
    expect(page.locator("h1")).to_have_text("Hello page")
    expect(page.locator(".k-kind-text")).to_have_text("plain text here")
    expect(page.locator(".k-kind-markdown strong")).to_have_text("bold")
    expect(page.locator(".k-kind-markdown")).to_contain_text("<script>alert(1)</script>")
    expect(page.locator("#k-running")).to_be_hidden()


def test_slider_and_text_input_update_the_dependent_output(serve: Serve, page: Any) -> None:
    open_app(page, serve(WIDGETS_APP))
    output = page.locator(".k-kind-text")
    expect(output).to_have_text("nobody x 2")
    page.get_by_label("How many").fill("7")
    expect(output).to_have_text("nobody x 7")
    field = page.get_by_label("Name")
    field.fill("Ada")
    field.press("Enter")
    expect(output).to_have_text("Ada x 7")
    expect(page.locator(".k-kind-slider output")).to_have_text("7")


def test_button_click_runs_its_branch_once(serve: Serve, page: Any) -> None:
    app = serve(
        "from kernel import st\nif 'clicks' not in st.session_state:\n    st.session_state['clicks'] = 0\n"
        "if st.button('Go'):\n    st.session_state['clicks'] += 1\n    st.text('clicked now')\n"
        "st.markdown(f\"clicks: {st.session_state['clicks']}\")\n"
    )
    open_app(page, app)
    expect(page.locator(".k-kind-markdown")).to_have_text("clicks: 0")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".k-kind-markdown")).to_have_text("clicks: 1")
    expect(page.locator(".k-kind-text")).to_have_text("clicked now")
    page.get_by_role("button", name="Rerun").click()  # a plain rerun: the button is False again
    expect(page.locator(".k-kind-text")).to_have_count(0)
    expect(page.locator(".k-kind-markdown")).to_have_text("clicks: 1")


def test_exception_is_shown_and_the_next_interaction_works(serve: Serve, page: Any) -> None:
    app = serve("from kernel import st\nx = st.slider('x', 0, 10, 1)\nif x > 5:\n"
                "    raise ValueError(f'{x} is too big')\nst.text(f'x={x}')\n")
    open_app(page, app)
    expect(page.locator(".k-kind-text")).to_have_text("x=1")
    page.get_by_label("x").fill("8")
    error = page.locator(".k-kind-exception")
    expect(error).to_contain_text("ValueError: 8 is too big")
    expect(error.locator(".k-exc-traceback")).to_contain_text("app.py")
    expect(page.locator(".k-kind-text")).to_have_count(0)
    page.get_by_label("x").fill("3")
    expect(page.locator(".k-kind-text")).to_have_text("x=3")
    expect(error).to_have_count(0)


def test_stop_a_while_true_script_from_the_page(serve: Serve, page: Any) -> None:
    app = serve("import time\nfrom kernel import st\nslot = st.empty()\ni = 0\nwhile True:\n"
                "    i += 1\n    slot.text(f'tick {i}')\n    time.sleep(0.02)\n")
    open_app(page, app)
    expect(page.locator("#k-running")).to_be_visible()
    expect(page.locator(".k-kind-text")).to_contain_text("tick")
    page.locator("#k-stop").click()
    expect(page.locator("#k-running")).to_be_hidden()
    expect(page.locator("#k-stop")).to_be_hidden()
    frozen = page.locator(".k-kind-text").text_content()
    page.wait_for_timeout(200)
    assert page.locator(".k-kind-text").text_content() == frozen


def test_stop_a_loop_without_st_calls_and_the_page_says_it_was_forced(serve: Serve, page: Any) -> None:
    app = serve("from kernel import st\nst.text('spinning')\nwhile True:\n    pass\n",
                **{"runner.stop_grace_seconds": "0.3"})
    open_app(page, app)
    expect(page.locator(".k-kind-text")).to_have_text("spinning")
    expect(page.locator("#k-running")).to_be_visible()
    page.locator("#k-stop").click()
    error = page.locator(".k-kind-exception")
    expect(error).to_contain_text("ForcedStop: The script was stopped by force")
    expect(error).to_contain_text("stop_grace_seconds")
    expect(error.locator(".k-exc-traceback")).to_contain_text("app.py")
    expect(page.locator("#k-running")).to_be_hidden()


def test_editing_the_script_updates_the_page(serve: Serve, page: Any) -> None:
    app = serve("from kernel import st\nst.text('before the edit')\n",
                **{"server.file_watcher_type": "auto", "server.run_on_save": "true"})
    open_app(page, app)
    expect(page.locator(".k-kind-text")).to_have_text("before the edit")
    page.wait_for_timeout(300)  # the watcher is running
    app.script.write_text("from kernel import st\nst.text('after the edit')\nst.text('and a new line')\n")
    expect(page.locator(".k-kind-text").first).to_have_text("after the edit")
    expect(page.locator(".k-kind-text")).to_have_count(2)


def test_source_change_prompt_offers_rerun(serve: Serve, page: Any) -> None:
    app = serve("from kernel import st\nst.text('v1')\n", **{"server.file_watcher_type": "auto"})
    open_app(page, app)
    expect(page.locator(".k-kind-text")).to_have_text("v1")
    page.wait_for_timeout(300)
    app.script.write_text("from kernel import st\nst.text('v2')\n")
    prompt = page.locator("#k-source-changed")
    expect(prompt).to_be_visible()
    prompt.get_by_role("button", name="Rerun", exact=True).click()
    expect(page.locator(".k-kind-text")).to_have_text("v2")
    expect(prompt).to_be_hidden()


def test_server_side_drop_reconnects_to_the_same_session_and_values(serve: Serve, page: Any) -> None:
    app = serve(WIDGETS_APP)
    open_app(page, app)
    page.get_by_label("How many").fill("9")
    field = page.get_by_label("Name")
    field.fill("Grace")
    field.press("Enter")
    output = page.locator(".k-kind-text")
    expect(output).to_have_text("Grace x 9")
    session_id = page.evaluate("document.body.dataset.sessionId")
    app.call(app.runtime.drop_connections)
    expect(page.locator("#k-conn-state")).to_have_attribute("data-state", "connected")
    assert page.evaluate("document.body.dataset.sessionId") == session_id
    expect(output).to_have_text("Grace x 9")
    expect(page.get_by_label("Name")).to_have_value("Grace")
    expect(page.get_by_label("How many")).to_have_value("9")
    page.locator("body").press("r")  # a rerun after the resume still sees the values
    expect(output).to_have_text("Grace x 9")


def test_rerun_button_and_r_key(serve: Serve, page: Any) -> None:
    app = serve("from kernel import st\nif 'runs' not in st.session_state:\n    st.session_state['runs'] = 0\n"
                "st.session_state['runs'] += 1\nst.text(f\"runs {st.session_state['runs']}\")\n")
    open_app(page, app)
    expect(page.locator(".k-kind-text")).to_have_text("runs 1")
    page.locator("#k-rerun").click()
    expect(page.locator(".k-kind-text")).to_have_text("runs 2")
    page.locator("body").press("r")
    expect(page.locator(".k-kind-text")).to_have_text("runs 3")


def test_page_config_sidebar_and_columns(serve: Serve, page: Any) -> None:
    app = serve("from kernel import st\nst.set_page_config(page_title='My App', page_icon='🎈', layout='wide')\n"
                "with st.sidebar:\n    on = st.checkbox('Details')\na, b = st.columns(2)\na.text('left')\n"
                "b.text('right' if not on else 'right, detailed')\n")
    open_app(page, app)
    expect(page).to_have_title("My App")
    expect(page.locator("body")).to_have_class("layout-wide")
    sidebar = page.locator("#kernel-sidebar")
    expect(sidebar).to_be_visible()
    sidebar.get_by_label("Details").check()
    expect(page.locator(".k-column").nth(1)).to_have_text("right, detailed")
    left = page.locator(".k-column").nth(0).bounding_box()
    right = page.locator(".k-column").nth(1).bounding_box()
    assert left["x"] < right["x"] and abs(left["y"] - right["y"]) < 2


@pytest.mark.parametrize("scheme, dark", [("light", False), ("dark", True)])
def test_theme_follows_the_os(serve: Serve, browser: Any, scheme: str, dark: bool) -> None:
    app = serve("from kernel import st\nst.text('themed')\n")
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(app.url)
        expect(page.locator(".k-kind-text")).to_have_text("themed")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        red = int(background.split("(")[1].split(",")[0])
        assert (red < 100) == dark, background
    finally:
        context.close()


def test_connection_state_is_visible_while_the_server_is_gone(serve: Serve, page: Any) -> None:
    app = serve("from kernel import st\nst.text('x')\n")
    open_app(page, app)
    app.stop()
    expect(page.locator("#k-conn-state")).to_have_attribute("data-state", "reconnecting")
    expect(page.locator("#k-conn-state")).to_contain_text("Reconnecting")
