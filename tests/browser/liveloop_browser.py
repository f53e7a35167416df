"""An app served by trio in a background thread, for tests that drive it from sync code."""

from __future__ import annotations

import queue
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import trio

from kernel._app import AppOptions, build_app
from kernel._lifecycle import serve_app
from kernel_plugins.runtime import HttpRuntime


class ServedApp:
    """An app served by a trio loop in a background thread."""

    def __init__(self, script: Path, config: dict[str, str]) -> None:
        self.script = script
        self._config = config
        self._ready: queue.Queue[Any] = queue.Queue()
        self._thread = threading.Thread(target=trio.run, args=(self._main,), daemon=True)
        self._thread.start()
        result = self._ready.get(timeout=60)  # a deadline for a loaded machine
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


def open_app(page: Any, target: ServedApp | str) -> None:
    """Open a served app (or a URL of it) and wait until the page is connected."""
    from playwright.sync_api import expect

    page.goto(target if isinstance(target, str) else target.url)
    expect(page.locator("#k-conn-state")).to_have_attribute("data-state", "connected")
