"""Browser test fixtures: Debian's Chromium through Playwright, and apps served in a thread."""

from __future__ import annotations

import queue
import threading
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import trio

from kernel.app import AppOptions, build_app
from kernel.lifecycle import serve_app
from plugins.runtime import HttpRuntime

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]


class ServedApp:
    """An app served by a trio loop in a background thread."""

    def __init__(self, script: Path, config: dict[str, str]) -> None:
        self.script = script
        self._config = config
        self._ready: queue.Queue[Any] = queue.Queue()
        self._thread = threading.Thread(target=trio.run, args=(self._main,), daemon=True)
        self._thread.start()
        result = self._ready.get(timeout=15)
        if isinstance(result, BaseException):
            raise result
        self.runtime: HttpRuntime = result
        assert self.runtime.url is not None
        self.url: str = self.runtime.url

    async def _main(self) -> None:
        self._token = trio.lowlevel.current_trio_token()
        self._stop = trio.Event()
        try:
            app = build_app(AppOptions(script_path=self.script, config_options=self._config,
                                       cwd=self.script.parent, home=self.script.parent, environ={}))
            await serve_app(app, self._stop, on_ready=self._ready.put)
        except BaseException as exc:  # report start-up failures to the test thread
            self._ready.put(exc)
            raise

    def call(self, fn: Callable[[], Awaitable[Any]]) -> Any:
        """Run ``fn`` in the server's trio loop and return its result."""
        return trio.from_thread.run(fn, trio_token=self._token)

    def stop(self) -> None:
        """Stop serving and wait for the thread (again: nothing)."""
        if self._thread.is_alive():
            trio.from_thread.run_sync(self._stop.set, trio_token=self._token)
            self._thread.join(10)


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


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page; page errors fail the test."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(10_000)
    yield page
    context.close()
    assert errors == [], errors
