"""Helpers for the Elements II browser tests."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

from playwright.sync_api import expect

from tests.browser.liveloop_browser import ServedApp

Serve = Callable[..., ServedApp]
CHROMIUM = "/usr/bin/chromium"
CAMERA_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--no-first-run", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
"""Debian's Chromium with a fake camera that needs no permission prompt."""


def open_app(page: Any, serve: Serve, source: str, **config: str) -> ServedApp:
    """Serve ``source`` (dedented), open it and wait until the first run finished."""
    app = serve(textwrap.dedent(source), **config)
    page.goto(app.url)
    expect(page.locator("#k-conn-state")).to_have_attribute("data-state", "connected")
    expect(page.locator("body")).to_have_attribute("data-running", "false")
    return app


def out(page: Any) -> Any:
    """The app's output line: the last ``st.text`` element."""
    return page.locator(".k-kind-text").last
