"""Source changes: rerun on save, or a prompt; ignored folders; watching can be off."""

from __future__ import annotations

from pathlib import Path

import trio

from kernel.contracts.messages import Rerun, SessionStatus, SetRunOnSave
from kernel_plugins.runtime._watch import SourceFilter
from tests.plugins.runtime.liveloop_client import Serve, StreamClient, connect, props_of, stream_url

V1 = "from kernel import st\nst.text('version 1')\n"
V2 = "from kernel import st\nst.text('version 2')\n"


async def _text_after_change(client: StreamClient) -> str:
    with trio.fail_after(10):
        while True:
            texts = props_of(await client.until_finished(), "text")
            if texts:
                return str(texts[0]["body"])


async def _keep_writing(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` now and every 0.25 s: the watcher starts a moment after the
    server (later on a busy machine), and a write before it watches goes unseen."""
    while True:
        path.write_text(text)
        await trio.sleep(0.25)


async def test_run_on_save_reruns_with_the_new_source(serve: Serve, tmp_path: Path) -> None:
    runtime = await serve(V1, **{"server.run_on_save": "true", "server.file_watcher_type": "auto"})
    async with connect(stream_url(runtime)) as ws:
        client = StreamClient(ws)
        await client.new_session()
        await client.send(Rerun())
        assert props_of(await client.until_finished(), "text")[0]["body"] == "version 1"
        async with trio.open_nursery() as nursery:
            nursery.start_soon(_keep_writing, tmp_path / "app.py", V2)
            assert await _text_after_change(client) == "version 2"
            nursery.cancel_scope.cancel()


async def test_without_run_on_save_the_page_is_offered_a_rerun(serve: Serve, tmp_path: Path) -> None:
    runtime = await serve(V1, **{"server.file_watcher_type": "auto"})
    async with connect(stream_url(runtime)) as ws:
        client = StreamClient(ws)
        await client.new_session()
        async with trio.open_nursery() as nursery:
            nursery.start_soon(_keep_writing, tmp_path / "helper.py", "X = 1\n")
            with trio.fail_after(10):
                msgs = await client.recv()
            nursery.cancel_scope.cancel()
        assert msgs == [SessionStatus(run_on_save=False, source_changed=True)]
        (tmp_path / "app.py").write_text(V2)
        await client.send(SetRunOnSave(True))  # "Always rerun"
        assert await _text_after_change(client) == "version 2"


def test_filter_ignores_virtualenvs_caches_and_hidden_folders(tmp_path: Path) -> None:
    import watchfiles

    (tmp_path / "env1").mkdir()
    (tmp_path / "env1" / "pyvenv.cfg").write_text("")
    keep = SourceFilter(tmp_path)
    change = watchfiles.Change.modified
    assert keep(change, str(tmp_path / "app.py"))
    assert keep(change, str(tmp_path / "pkg" / "mod.py"))
    assert keep(change, str(tmp_path / ".kernel" / "secrets.toml")) is False
    assert keep(change, str(tmp_path / "__pycache__" / "app.cpython-311.pyc")) is False
    assert keep(change, str(tmp_path / ".venv" / "lib" / "x.py")) is False
    assert keep(change, str(tmp_path / "env1" / "lib" / "x.py")) is False
    assert keep(change, str(tmp_path / "node_modules" / "x.py")) is False
    assert keep(change, str(tmp_path / "notes.txt")) is False
    assert keep(change, str(tmp_path.parent / "elsewhere.py")) is False


async def test_watching_off_means_no_reaction(serve: Serve, tmp_path: Path) -> None:
    runtime = await serve(V1, **{"server.file_watcher_type": "none"})
    async with connect(stream_url(runtime)) as ws:
        client = StreamClient(ws)
        await client.new_session()
        (tmp_path / "app.py").write_text(V2)
        with trio.move_on_after(0.6) as scope:
            await client.recv()
        assert scope.cancelled_caught


async def test_relayed_changes_are_filtered_like_watched_ones_and_bad_lines_skipped(tmp_path: Path) -> None:
    """What a worker of ``kernel run --workers N`` reads from its supervisor (standard input)."""
    import json
    import os

    from kernel_plugins.runtime._watch import MAX_LINE, read_relayed_changes

    (tmp_path / ".venv").mkdir()
    seen: list[list[Path]] = []
    read_end, write_end = os.pipe()
    lines = [
        b"not json",
        b'["a list"]',
        b'{"changed": "not a list"}',
        b'{"changed": ["' + b"x" * MAX_LINE + b'"], "tail": {"changed": ["' + str(tmp_path / "no.py").encode()
        + b'"]}}',  # too long: skipped whole, its tail too
        json.dumps({"changed": [str(tmp_path / "app.py"), str(tmp_path / "notes.txt"), "/elsewhere/mod.py",
                                str(tmp_path / ".venv" / "lib.py"), 7]}).encode(),
        json.dumps({"changed": [str(tmp_path / "pkg.toml")]}).encode()[:-3],  # cut: the last line never ends
    ]
    data = b"\n".join(lines)

    async def feed() -> None:
        view = memoryview(data)
        while view:
            written = await trio.to_thread.run_sync(os.write, write_end, view[:65536])
            view = view[written:]
        os.close(write_end)

    async with trio.open_nursery() as nursery:
        nursery.start_soon(feed)
        with trio.fail_after(30):
            await read_relayed_changes(tmp_path, seen.append, fd=read_end)
    os.close(read_end)
    assert seen == [[tmp_path / "app.py"]]
