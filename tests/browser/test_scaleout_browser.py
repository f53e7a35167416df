"""Scale-out in the browser: two workers on one port (SO_REUSEPORT) sharing a session store;
the page keeps its session across a reload of the tab and when its worker stops."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.liveloop_browser import ServedApp, open_app

pytestmark = pytest.mark.browser

Serve = Callable[..., ServedApp]

APP = """
from kernel import st
v = st.slider("Value", 0, 20, 3)
if "clicks" not in st.session_state:
    st.session_state.clicks = 0
if st.button("Add"):
    st.session_state.clicks += 1
st.text(f"value={v} clicks={st.session_state.clicks}")
"""


def scaleout(prefix: str, **more: str) -> dict[str, str]:
    return {"scaleout.backend": "memory", "scaleout.secret": "b" * 40, "scaleout.key_prefix": prefix,
            "server.reuse_port": "true", **more}


def test_the_session_survives_a_reload_and_its_worker_stopping(serve: Serve, page: Any) -> None:
    prefix = f"browser:{secrets.token_hex(4)}"
    a = serve(APP, **scaleout(prefix, **{"scaleout.worker": "a"}))
    port = a.url.rstrip("/").rsplit(":", 1)[1]
    b = serve(APP, **scaleout(prefix, **{"scaleout.worker": "b", "server.port": port}))
    assert b.url == a.url  # one port, two workers
    open_app(page, a)
    output = page.locator(".k-kind-text")
    expect(output).to_have_text("value=3 clicks=0")
    page.get_by_label("Value").fill("11")
    expect(output).to_have_text("value=11 clicks=0")
    for clicks in (1, 2):
        page.get_by_role("button", name="Add").click()
        expect(output).to_have_text(f"value=11 clicks={clicks}")
    session_id = page.evaluate("document.body.dataset.sessionId")

    page.reload()  # the token is in the tab's sessionStorage: the same session, not a new one
    expect(page.locator("#k-conn-state")).to_have_attribute("data-state", "connected")
    expect(output).to_have_text("value=11 clicks=2")
    assert page.evaluate("document.body.dataset.sessionId") == session_id
    expect(page.get_by_label("Value")).to_have_value("11")

    owner, other = _connected_worker(a, b)
    owner.stop()  # its worker drains (1012, a delay hint): the page reconnects to the other one, resumed
    deadline = time.monotonic() + 15
    while session_id not in other.runtime.sessions:  # (until then the page may still think it is connected)
        assert time.monotonic() < deadline, "the page did not reconnect to the other worker"
        time.sleep(0.05)
    expect(page.locator("#k-conn-state")).to_have_attribute("data-state", "connected")
    assert page.evaluate("window.kernelClient.connection.restarted"), "the page's connection was not drained"
    page.get_by_role("button", name="Add").click()
    expect(output).to_have_text("value=11 clicks=3")
    assert session_id in other.runtime.sessions
    assert page.evaluate("document.body.dataset.sessionId") == session_id


def _connected_worker(a: ServedApp, b: ServedApp) -> tuple[ServedApp, ServedApp]:
    """(the worker the page is connected to, the other one). After the reload both may hold
    the session: the worker the page left keeps it detached until it expires."""
    deadline = time.monotonic() + 10
    while True:
        connected = [w.runtime.statistics().connected_sessions for w in (a, b)]
        if connected in ([1, 0], [0, 1]):
            return (a, b) if connected[0] else (b, a)
        assert time.monotonic() < deadline, f"the page is not connected to exactly one worker: {connected}"
        time.sleep(0.05)


def test_without_scaleout_a_reload_starts_a_new_session(serve: Serve, page: Any) -> None:
    open_app(page, serve(APP))
    output = page.locator(".k-kind-text")
    page.get_by_role("button", name="Add").click()
    expect(output).to_have_text("value=3 clicks=1")
    session_id = page.evaluate("document.body.dataset.sessionId")
    page.reload()
    expect(output).to_have_text("value=3 clicks=0")
    assert page.evaluate("document.body.dataset.sessionId") != session_id


def test_a_tab_opened_from_the_page_gets_its_own_session(serve: Serve, page: Any) -> None:
    prefix = f"browser:{secrets.token_hex(4)}"
    app = serve(APP, **scaleout(prefix, **{"scaleout.worker": "a"}))
    open_app(page, app)
    page.get_by_role("button", name="Add").click()
    output = page.locator(".k-kind-text")
    expect(output).to_have_text("value=3 clicks=1")
    session_id = page.evaluate("document.body.dataset.sessionId")
    with page.context.expect_page() as opened:
        page.evaluate("window.open(location.href)")  # the new tab starts with a copy of sessionStorage
    other = opened.value
    expect(other.locator("#k-conn-state")).to_have_attribute("data-state", "connected")
    expect(other.locator(".k-kind-text")).to_have_text("value=3 clicks=0")
    assert other.evaluate("document.body.dataset.sessionId") != session_id
    page.get_by_role("button", name="Add").click()  # the first tab keeps its session and its connection
    expect(output).to_have_text("value=3 clicks=2")
    expect(page.locator("#k-conn-state")).to_have_attribute("data-state", "connected")
