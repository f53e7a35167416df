"""runtime, app_session, script_runner and forward_msg_queue replaced: a real
``kernel run`` serves the example app and a protocol client (``docs/protocol.md``) uses
its widgets, its fragment, ``st.rerun()`` and ``st.stop()`` over the WebSocket; the
session and the runner, which pages go through, also serve the multipage example."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trio

from kernel.contracts.messages import Delta, ForwardMsg, Rerun, ScriptFinished
from tests.helpers import fetch
from tests.plugins.runtime.liveloop_client import StreamClient, connect

ROOT = Path(__file__).parents[2]
APP = Path(__file__).parent / "example_app.py"
PAGES = Path(__file__).parent / "example_pages"

REPLACED = {
    "runtime": ["no:runtime", "tests.replacements.tiny_runtime"],
    "app_session": ["no:app_session", "tests.replacements.simple_session"],
    "script_runner": ["no:script_runner", "tests.replacements.simple_runner"],
    "forward_msg_queue": ["no:forward_msg_queue", "tests.replacements.plain_queue"],
}
ALL_AT_ONCE = [arg for args in REPLACED.values() for arg in args] + [
    "no:session_state", "tests.replacements.dict_state", "no:secrets", "tests.replacements.dict_secrets",
    "no:caching", "tests.replacements.dict_cache", "no:delta_generator", "tests.replacements.list_dg",
]
"""Every replacement together, each core component blocked."""


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Any]:
    """``serve(plugin_args)`` runs ``kernel -p ... run app.py`` and returns its URL."""
    procs: list[subprocess.Popen[str]] = []

    def start(plugin_args: list[str], *, pages: bool = False) -> str:
        (tmp_path / "app.py").write_text((PAGES / "app.py" if pages else APP).read_text())
        if pages:
            (tmp_path / "pages").mkdir()
            (tmp_path / "pages" / "2_other.py").write_text((PAGES / "pages" / "2_other.py").read_text())
        env = {k: v for k, v in os.environ.items() if not k.startswith("KERNEL_")}
        env.update(PYTHONPATH=str(ROOT), HOME=str(tmp_path), KERNEL_SECRET_token="s3cret")
        args = [arg for plugin in plugin_args for arg in ("-p", plugin)] + ["run", "app.py", "--server.port=0"]
        if "no:runtime" not in plugin_args:
            args.append("--server.file_watcher_type=none")  # the core runtime's option
        proc = subprocess.Popen([sys.executable, "-m", "kernel._cli", *args], cwd=tmp_path, env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        procs.append(proc)
        assert proc.stdout is not None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            match = re.search(r"at (http://\S+)", proc.stdout.readline())
            if match:
                return match.group(1)
            if proc.poll() is not None:
                break
        proc.kill()
        raise AssertionError(f"kernel did not start: {proc.communicate()[1]}")

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
            try:
                assert proc.wait(timeout=10) == 0, "the server must shut down cleanly"
            finally:
                proc.kill()
                proc.communicate()


class Page:
    """What a browser would show: elements by root and path, with trims applied."""

    def __init__(self) -> None:
        self.nodes: dict[tuple[str, tuple[int, ...]], Any] = {}
        self.finished: ScriptFinished | None = None

    def apply(self, msgs: list[ForwardMsg]) -> None:
        for msg in msgs:
            if isinstance(msg, Delta):
                old = self.nodes.get((msg.root, msg.path))
                if old is not None and old.kind != msg.element.kind:
                    self._cut(msg.root, msg.path, 0)
                self.nodes[(msg.root, msg.path)] = msg.element
            elif isinstance(msg, ScriptFinished):
                self.finished = msg
                for trim in msg.trim:
                    self._cut(trim.root, trim.path, trim.keep)

    def _cut(self, root: str, path: tuple[int, ...], keep: int) -> None:
        for where in [w for w in self.nodes if w[0] == root and len(w[1]) > len(path)
                      and w[1][: len(path)] == path and w[1][len(path)] >= keep]:
            del self.nodes[where]

    def texts(self) -> list[str]:
        return [e.props["body"] for (_, _), e in sorted(self.nodes.items()) if e.kind == "text"]

    def widget(self, kind: str, index: int = 0) -> str:
        return [e.props["id"] for _, e in sorted(self.nodes.items()) if e.kind == kind][index]

    def fragment_id(self) -> str:
        return next(e.props["fragment_id"] for e in self.nodes.values() if e.props.get("fragment_id"))


async def use_the_app(url: str) -> None:
    status, _ = await fetch(url.rstrip("/") + "/_kernel/health")
    assert status == 200
    page = Page()
    async with connect(url.replace("http://", "ws://") + "_kernel/stream?v=1") as ws:
        client = StreamClient(ws)
        await client.new_session()

        async def rerun(**fields: Any) -> list[str]:
            await client.send(Rerun(**fields))
            page.apply(await client.until_finished())
            return page.texts()

        assert await rerun(query_string="q=x", context={"locale": "de-DE"}) == [
            "start", "hello  3", "count 0", "token s3cret", "query x locale de-DE", "square 9 computed 1",
            "part runs 1", "in left", "in right", "the end"]
        name, slider = page.widget("text_input"), page.widget("slider")
        texts = await rerun(widget_states={name: "Ada", slider: 4}, changed=(name, slider))
        assert texts[1] == "hello Ada 4" and texts[5] == "square 16 computed 2"
        assert (await rerun(trigger=page.widget("button", 0)))[2] == "count 1", "st.rerun() ran the app again"
        # A fragment's request that arrives while the runner still counts as running (it
        # sent ScriptFinished, but its thread has not gone idle yet) becomes a full run:
        # give the runner a moment, as a user's click would.
        await trio.sleep(0.2)
        texts = await rerun(trigger=page.widget("button", 1), fragment_id=page.fragment_id())
        assert "inner clicked" in texts and "part runs 4" in texts
        assert page.finished is not None and page.finished.scope, "only the fragment ran"
        texts = await rerun(widget_states={slider: 9}, changed=(slider,))
        assert texts[-2:] == ["in left", "in right"] and page.finished is not None \
            and page.finished.status == "stopped", "st.stop() ended the run"


async def use_the_pages(url: str) -> None:
    page = Page()
    async with connect(url.replace("http://", "ws://") + "_kernel/stream?v=1") as ws:
        client = StreamClient(ws)
        await client.new_session()

        async def rerun(**fields: Any) -> list[str]:
            await client.send(Rerun(**fields))
            page.apply(await client.until_finished())
            return page.texts()

        assert await rerun(page="") == ["main page"]
        assert await rerun(page="other") == ["other page", "token s3cret"]
        await rerun(page="")
        assert await rerun(trigger=page.widget("button")) == ["other page", "token s3cret"], "st.switch_page"


@pytest.mark.parametrize("component", list(REPLACED))
async def test_a_real_server_serves_the_app_on_a_replacement(serve: Any, component: str) -> None:
    url = serve(REPLACED[component])
    with trio.fail_after(30):
        await use_the_app(url)


async def test_a_real_server_serves_the_app_with_every_replacement_at_once(serve: Any) -> None:
    url = serve(ALL_AT_ONCE)
    with trio.fail_after(30):
        await use_the_app(url)


@pytest.mark.parametrize("component", ["app_session", "script_runner"])
async def test_a_real_server_serves_a_multipage_app_on_a_replacement(serve: Any, component: str) -> None:
    url = serve(REPLACED[component], pages=True)
    with trio.fail_after(30):
        await use_the_pages(url)
