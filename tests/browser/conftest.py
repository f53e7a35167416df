"""Browser test fixtures: Debian's Chromium through Playwright, and apps served in a thread."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.liveloop_browser import ServedApp

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]

WAIT_MS = 30_000
"""How long an ``expect(...)`` assertion or an action waits for its condition. Playwright's
own defaults (5 s for ``expect``) are too short on a loaded 2-core machine: a first run
that imports pandas, or a rerun behind other tests' work, takes longer there. A deadline,
not a timing: each wait ends as soon as its condition holds."""


@pytest.fixture(scope="session", autouse=True)
def _generous_waits() -> None:
    """Every ``expect`` in the browser tests waits up to :data:`WAIT_MS`."""
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT_MS)


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., ServedApp]]:
    """``serve(source, **config)`` serves a script on a free port until the test ends."""
    apps: list[ServedApp] = []

    def start(source: str, **config: str) -> ServedApp:
        script = tmp_path / "app.py"
        script.write_text(source)
        options = {"server.port": "0", "server.file_watcher_type": "none", **config}
        app = ServedApp(script, options)
        apps.append(app)
        return app

    yield start
    for app in apps:
        app.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Debian Chromium (never a downloaded browser)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def is_csp_violation(message: Any) -> bool:
    """Whether a console message reports something the Content-Security-Policy blocked."""
    return "Content Security Policy" in message.text


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page; page errors and Content-Security-Policy violations fail the test."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(f"CSP: {msg.text}") if is_csp_violation(msg) else None)
    page.set_default_timeout(WAIT_MS)
    yield page
    context.close()
    assert errors == [], errors
