"""st.App in Chromium: the script served as an ASGI application, by uvicorn (``uvicorn serve_app:app``)
and by ``kernel run serve_app.py`` (which finds the st.App and serves it with uvicorn), beside the
user's route; widgets, on_script_error and the page's own security checks work as under kernel's server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.contrib.asgi.test_st_app import write_app
from tests.contrib.asgi.uvicorn_server import Served, kernel_run_serving, uvicorn_serving

pytest.importorskip("uvicorn")
pytestmark = pytest.mark.browser

LAUNCHERS: dict[str, Callable[[Path], AbstractContextManager[Served]]] = {
    "uvicorn": lambda directory: uvicorn_serving(directory, "serve_app:app"),
    "kernel run": lambda directory: kernel_run_serving(directory, "serve_app.py"),
}


@pytest.fixture(params=list(LAUNCHERS))
def served(request: Any, tmp_path: Path) -> Iterator[Served]:
    write_app(tmp_path)
    with LAUNCHERS[request.param](tmp_path) as server:
        yield server


def test_st_app_runs_its_script_in_chromium(served: Served, page: Any, tmp_path: Path) -> None:
    page.goto(served.url + "/")
    expect(page.locator("#k-conn-state")).to_have_attribute("data-state", "connected")
    expect(page.get_by_role("heading", name="Served by uvicorn")).to_be_visible()
    out = page.locator(".k-kind-text").last
    expect(out).to_have_text("mode=calm token=t0k3n region=eu")  # App(secrets=...) over the secrets file

    box = page.get_by_label("mode")
    box.fill("busy")
    box.press("Enter")
    expect(out).to_have_text("mode=busy token=t0k3n region=eu")

    box.fill("handled")  # on_script_error takes the ValueError: the page shows no error
    box.press("Enter")
    expect(page.locator("body")).to_have_attribute("data-running", "false")
    expect(page.locator(".k-kind-exception")).to_have_count(0)
    expect(page.locator(".k-kind-text")).to_have_count(0)
    assert "ValueError: the handler takes this one" in (tmp_path / "handled.log").read_text()

    box.fill("shown")  # ... and leaves the KeyError to the page
    box.press("Enter")
    expect(page.locator(".k-kind-exception")).to_contain_text("KeyError")

    # The user's route beside the app, fetched by the page; the middleware stamps every answer.
    answer = page.evaluate("""async () => {
        const r = await fetch('/api/ping');
        return {status: r.status, stamp: r.headers.get('x-stamp'), body: await r.json()};
    }""")
    assert answer == {"status": 200, "stamp": "yes", "body": {
        "pong": True, "token": "t0k3n", "greeting": "hello from the lifespan", "state": "hello from the lifespan"}}

    # The session survives a reload as a new one, with the widget back at its default.
    page.reload()
    expect(page.locator("#k-conn-state")).to_have_attribute("data-state", "connected")
    expect(page.locator(".k-kind-text").last).to_have_text("mode=calm token=t0k3n region=eu")
