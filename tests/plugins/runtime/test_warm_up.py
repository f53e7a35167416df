"""``server.warm_up``: the runtime fires ``kernel_warm_up`` before it listens, one plugin's
failure does not stop the others or the server, and the script runner's part compiles the
script and imports the targets of the ``st`` commands the script names (and no others)."""

from __future__ import annotations

import logging
import socket
import sys
from pathlib import Path

import pytest
import trio

from kernel import Command, KernelApp, hookimpl
from kernel._app import AppOptions, build_app
from kernel_plugins.runtime import HttpRuntime
from kernel_plugins.script_runner._runner import compiled_script, magic_enabled
from kernel_plugins.script_runner._warm import warm_up


class Watcher:
    """Records, at warm-up, whether the runtime listened already; optionally fails."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.calls: list[str | None] = []
        self.runtime: HttpRuntime | None = None

    @hookimpl
    def kernel_warm_up(self, app: KernelApp) -> None:
        assert self.runtime is not None
        self.calls.append(self.runtime.url)  # None: not listening yet
        if self.fail:
            raise RuntimeError("warm-up broke")


async def _serve(tmp_path: Path, nursery: trio.Nursery, watchers: list[Watcher], **config: str) -> HttpRuntime:
    """The runtime of an app with ``watchers`` as plugins, serving in ``nursery`` (returns once it listens)."""
    script = tmp_path / "app.py"
    script.write_text("pass\n")
    options = {"server.port": "0", "server.file_watcher_type": "none", **config}
    app = build_app(AppOptions(script_path=script, config_options=options, cwd=tmp_path, home=tmp_path,
                               environ={}, plugins=[(w, f"watcher{i}") for i, w in enumerate(watchers)]))
    runtime: HttpRuntime = app.make("runtime")
    for watcher in watchers:
        watcher.runtime = runtime
    await nursery.start(runtime.serve)
    return runtime


def _answers(url: str) -> bool:
    host, port = url.removeprefix("http://").rstrip("/").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(b"GET /_kernel/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        return sock.recv(100).startswith(b"HTTP/1.1 200")


async def test_warm_up_runs_before_the_runtime_listens(tmp_path: Path, nursery: trio.Nursery) -> None:
    watcher = Watcher()
    runtime = await _serve(tmp_path, nursery, [watcher], **{"server.warm_up": "true"})
    assert watcher.calls == [None]
    assert runtime.url is not None and await trio.to_thread.run_sync(_answers, runtime.url)
    nursery.cancel_scope.cancel()


async def test_no_warm_up_unless_asked(tmp_path: Path, nursery: trio.Nursery) -> None:
    watcher = Watcher()
    runtime = await _serve(tmp_path, nursery, [watcher])
    assert watcher.calls == [] and runtime.url is not None
    nursery.cancel_scope.cancel()


async def test_a_failing_warm_up_is_logged_and_the_others_still_run(
        tmp_path: Path, nursery: trio.Nursery, caplog: pytest.LogCaptureFixture) -> None:
    broken, fine = Watcher(fail=True), Watcher()
    with caplog.at_level(logging.ERROR, logger="kernel.runtime"):
        runtime = await _serve(tmp_path, nursery, [broken, fine], **{"server.warm_up": "true"})
    assert broken.calls == [None] and fine.calls == [None]
    assert "the warm-up of plugin watcher0 failed; serving anyway" in caplog.text
    assert runtime.url is not None and await trio.to_thread.run_sync(_answers, runtime.url)
    nursery.cancel_scope.cancel()


class Commands:
    """Two commands given by reference to modules that nothing imported yet."""

    def __init__(self, named: str, unnamed: str) -> None:
        self.named, self.unnamed = named, unnamed

    @hookimpl
    def kernel_register_commands(self, app: KernelApp) -> list[Command]:
        return [Command("warm_named", f"{self.named}:widget", kind="module"),
                Command("warm_unnamed", f"{self.unnamed}:widget", kind="module")]


def test_the_runner_compiles_the_script_and_loads_only_the_commands_it_names(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    named, unnamed = f"warm_named_{id(tmp_path)}", f"warm_unnamed_{id(tmp_path)}"
    for module in (named, unnamed):
        (tmp_path / f"{module}.py").write_text("def widget():\n    return 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    script = tmp_path / "app.py"
    script.write_text("from kernel import st\n\ndef page():\n    st.warm_named()\n\npage()\n")
    app = build_app(AppOptions(script_path=script, cwd=tmp_path, home=tmp_path, environ={},
                               plugins=[(Commands(named, unnamed), "commands")]))
    app.script_path = script.resolve()
    warm_up(app)
    assert named in sys.modules and unnamed not in sys.modules
    compiled = compiled_script(script.resolve(), magic=magic_enabled(app))
    assert compiled._code is not None  # the first run finds it compiled


def test_a_script_that_does_not_compile_is_left_to_its_first_run(tmp_path: Path) -> None:
    script = tmp_path / "app.py"
    script.write_text("x = (\n")
    app = build_app(AppOptions(script_path=script, cwd=tmp_path, home=tmp_path, environ={}))
    app.script_path = script.resolve()
    warm_up(app)  # no error: the first run shows it


FIRST_PAGE = '''
import sys, trio, trio_websocket
from pathlib import Path
from kernel._app import AppOptions, build_app
from kernel.contracts.messages import Rerun, ScriptFinished, decode_forward_frame, encode_back_frame

app = build_app(AppOptions(script_path=Path(sys.argv[1]), config_options={
    "server.port": "0", "server.file_watcher_type": "none", "server.warm_up": "true"}))
app.script_path = Path(sys.argv[1]).resolve()

async def main():
    runtime = app.make("runtime")
    async with trio.open_nursery() as nursery:
        await nursery.start(runtime.serve)
        ours = lambda: {m for m in sys.modules if m.startswith(("kernel", "trio_websocket", "wsproto"))}
        before = ours()
        url = runtime.url.replace("http://", "ws://") + "_kernel/stream?v=1"
        async with trio_websocket.open_websocket_url(url) as ws:
            await ws.get_message()
            await ws.send_message(encode_back_frame([Rerun()]))
            while not any(isinstance(m, ScriptFinished) for m in decode_forward_frame(await ws.get_message())):
                pass
        print(sorted(ours() - before))
        nursery.cancel_scope.cancel()

trio.run(main)
'''


def test_a_warmed_up_server_imports_nothing_of_its_own_for_its_first_page(tmp_path: Path) -> None:
    """The first page (a connection, its greeting, a run with a widget, a text and session
    state) finds every kernel module loaded: a plugin that loads one lazily warms it up."""
    import subprocess

    script = tmp_path / "app.py"
    script.write_text("from kernel import st\nif 'n' not in st.session_state:\n    st.session_state.n = 0\n"
                      "v = st.slider('v', 0, 10, 1)\nst.text(f'{v} {st.session_state.n}')\n")
    probe = tmp_path / "probe.py"
    probe.write_text(FIRST_PAGE)
    done = subprocess.run([sys.executable, str(probe), str(script)], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = done.stdout.strip().splitlines()[-1]
    assert loaded == "[]", f"the first page loaded {loaded}: load them in the plugin's kernel_warm_up"
