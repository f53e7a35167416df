"""st.chat_input's microphone in Chromium when the user denies access: a message in the widget,
no unhandled promise rejection, and the widget keeps working."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.liveloop_browser import ServedApp

pytestmark = pytest.mark.browser

Serve = Callable[..., ServedApp]

FAKE_MIC_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--use-fake-device-for-media-stream"]
"""A fake microphone, but (unlike --use-fake-ui-for-media-stream) the permission is asked for: a
context without the "microphone" permission denies it."""


def test_a_denied_microphone_shows_a_message_and_the_chat_input_keeps_working(serve: Serve, browser: Any) -> None:
    from tests.browser.elements2_browser import CHROMIUM

    media_browser = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=FAKE_MIC_ARGS)
    try:
        context = media_browser.new_context()  # no "microphone" permission: access is denied
        page = context.new_page()
        page.set_default_timeout(30_000)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.add_init_script(
            "window.addEventListener('unhandledrejection', (e) => { window.kernelUnhandled = String(e.reason); });")
        app = serve(
            "from kernel import st\n"
            "v = st.chat_input('Say', accept_audio=True)\n"
            "if v is not None:\n"
            "    st.text(repr((v.text, v.audio)))\n"
        )
        page.goto(app.url)
        expect(page.locator("#k-conn-state")).to_have_attribute("data-state", "connected")
        mic = page.get_by_role("button", name="Record audio")
        mic.click()
        alert = page.locator(".k-chat-mic-error")
        expect(alert).to_have_text("Microphone access was denied; allow it in the browser to record.")
        expect(alert).to_have_attribute("role", "alert")
        expect(mic).to_have_attribute("data-recording", "false")
        expect(mic).to_be_enabled()
        assert page.evaluate("window.kernelUnhandled || null") is None and errors == []
        box = page.get_by_label("Say")
        box.fill("typed instead")
        box.press("Enter")
        expect(page.locator(".k-kind-text")).to_have_text("('typed instead', None)")
        expect(alert).to_be_visible()  # a rerun does not lose the notice (the server's errors are apart)
        context.grant_permissions(["microphone"], origin=app.url.rstrip("/"))
        mic.click()  # allowed now: recording starts and the notice goes
        expect(page.get_by_role("button", name="Stop recording")).to_be_visible()
        expect(alert).to_have_count(0)
        page.get_by_role("button", name="Stop recording").click(delay=400)
        expect(page.locator(".k-chat-files")).to_contain_text("audio")
        context.close()
    finally:
        media_browser.close()
