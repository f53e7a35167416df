"""The URL's query string in Chromium: back/forward restore a bound widget from the URL, and
only navigations make the URL win over the server's latest write (``Rerun.navigation``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.liveloop_browser import ServedApp

pytestmark = pytest.mark.browser

Serve = Callable[..., ServedApp]

APP = (
    "from kernel import st\n"
    "if st.button('Reset'):\n"
    "    st.session_state.color = 'Red'\n"
    "st.text(st.selectbox('Color', ['Red', 'Green', 'Blue'], key='color', bind='query-params'))\n"
)


def _reruns(frames: list[str]) -> list[dict[str, Any]]:
    return [m for frame in frames if '"Rerun"' in frame for m in json.loads(frame) if m["type"] == "Rerun"]


def test_back_and_forward_restore_a_bound_widget_from_the_url(serve: Serve, page: Any) -> None:
    sent: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(str(payload))))
    app = serve(APP)
    page.goto(app.url + "?color=Green")
    output = page.locator(".k-kind-text")
    expect(output).to_have_text("Green")
    assert [(m["query_string"], m["navigation"]) for m in _reruns(sent)] == [("color=Green", True)]
    # A link within the app (st.page_link does this): a new history entry, then a rerun.
    page.evaluate("window.history.pushState(null, '', '?color=Blue')")
    page.get_by_label("Color").select_option("Blue")  # same value the URL now has
    expect(output).to_have_text("Blue")
    page.get_by_role("button", name="Reset").click()  # the server changes the widget: ?color gone
    expect(output).to_have_text("Red")
    expect(page).to_have_url(app.url)
    sent.clear()
    page.go_back()  # popstate: ?color=Green
    expect(output).to_have_text("Green")
    expect(page.get_by_label("Color")).to_have_value("1")
    page.go_forward()  # the entry the server reset
    expect(output).to_have_text("Red")
    page.go_back()
    expect(output).to_have_text("Green")
    assert [(m["query_string"], m["navigation"]) for m in _reruns(sent)] == [
        ("color=Green", True), ("", True), ("color=Green", True)]
    sent.clear()
    # A widget change is no navigation. (Not Blue again: the page last reported Blue, and a
    # report equal to the last one does not count as a change of a value the server set.)
    page.get_by_label("Color").select_option("Red")
    expect(output).to_have_text("Red")
    expect(page).to_have_url(app.url)  # the default: the server removes the parameter
    assert [(m["query_string"], m["navigation"]) for m in _reruns(sent)] == [("color=Red", False)]


def test_a_rerun_sent_before_the_servers_url_arrived_keeps_the_servers_value(serve: Serve, page: Any) -> None:
    """The server's PageInfo is held back (a slow network) while the page asks for another rerun
    with the old URL: the server's value must stand once the held messages arrive."""
    held: list[str] = []
    routed: dict[str, Any] = {}

    def route(ws: Any) -> None:
        server = ws.connect_to_server()
        routed["page_side"] = ws

        def from_server(message: str | bytes) -> None:
            text = message if isinstance(message, str) else message.decode()
            if held or '"PageInfo"' in text:
                held.append(text)  # this and everything after it, to keep the order
            else:
                ws.send(text)

        server.on_message(from_server)
        ws.on_message(lambda message: server.send(message))

    page.route_web_socket("**/_kernel/stream*", route)
    sent: list[str] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(str(payload))))
    app = serve(APP)
    page.goto(app.url + "?color=Green")
    output = page.locator(".k-kind-text")
    expect(output).to_have_text("Green")
    page.get_by_role("button", name="Reset").click()
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the server's PageInfo did not come"
    assert page.url.endswith("?color=Green")  # the page has not seen the server's change yet
    page.locator("body").press("r")  # another rerun, still with ?color=Green
    page.wait_for_timeout(300)
    stale = _reruns(sent)[-1]
    assert (stale["query_string"], stale["navigation"], stale["trigger"]) == ("color=Green", False, None)
    while held:
        routed["page_side"].send(held.pop(0))
        page.wait_for_timeout(50)  # later messages (the stale rerun's run) are held too
    expect(output).to_have_text("Red")
    expect(page).to_have_url(app.url)
    page.locator("body").press("r")
    page.wait_for_timeout(300)
    while held:
        routed["page_side"].send(held.pop(0))
    expect(output).to_have_text("Red")
