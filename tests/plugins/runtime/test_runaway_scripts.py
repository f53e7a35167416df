"""Runaway scripts on a served app: sessions whose script spins without st calls come
and go, and leave no thread behind; other sessions keep working (#17 item 4)."""

from __future__ import annotations

import sys
from pathlib import Path

import trio

from kernel.contracts.messages import Rerun, ScriptFinished, ScriptStarted
from tests.plugins.runtime.liveloop_client import Serve, StreamClient, connect, props_of, stream_url

SPIN = "from kernel import st\nst.text('spinning')\nwhile True:\n    pass\n"


def threads_running(script: Path) -> int:
    """How many threads have a frame of ``script`` on their stack."""
    count = 0
    for frame in sys._current_frames().values():
        f = frame
        while f is not None:
            if f.f_code.co_filename == str(script):
                count += 1
                break
            f = f.f_back
    return count


async def test_twenty_spinning_sessions_opened_and_closed_leave_no_script_thread(
        serve: Serve, tmp_path: Path) -> None:
    runtime = await serve(SPIN, **{"runner.stop_grace_seconds": "0.5", "server.disconnected_session_ttl": "0"})
    script = tmp_path / "app.py"
    for _ in range(20):
        async with connect(stream_url(runtime)) as ws:
            client = StreamClient(ws)
            await client.new_session()
            await client.send(Rerun())
            msgs = await client.recv()
            while not props_of(msgs, "text"):
                msgs = await client.recv()
    # Each connection is gone and its session closed; the 20 scripts spin until forced.
    with trio.fail_after(60):
        while threads_running(script):
            await trio.sleep(0.05)
    assert threads_running(script) == 0


async def test_a_spinning_session_does_not_stop_another_from_running(serve: Serve, tmp_path: Path) -> None:
    runtime = await serve(
        "from kernel import st\nif st.query_params.get('spin'):\n    st.text('spinning')\n    while True:\n"
        "        pass\nst.text('done')\n",
        **{"runner.stop_grace_seconds": "0.5", "server.disconnected_session_ttl": "0"},
    )
    async with connect(stream_url(runtime)) as spinning_ws:
        spinning = StreamClient(spinning_ws)
        await spinning.new_session()
        await spinning.send(Rerun(query_string="spin=1"))
        msgs = await spinning.recv()
        while not props_of(msgs, "text"):
            msgs = await spinning.recv()
        async with connect(stream_url(runtime)) as ws:
            client = StreamClient(ws)
            await client.new_session()
            for _ in range(3):
                await client.send(Rerun())
                done = await client.until_finished(timeout=30)
                assert [m for m in done if isinstance(m, ScriptStarted)]
    with trio.fail_after(60):
        while threads_running(tmp_path / "app.py"):
            await trio.sleep(0.05)
    assert threads_running(tmp_path / "app.py") == 0


async def test_the_switch_interval_is_short_while_a_run_goes_on_for_long(serve: Serve) -> None:
    before = sys.getswitchinterval()
    runtime = await serve("from kernel import st\nst.text('ok')\nif st.query_params.get('spin'):\n"
                          "    while True:\n        pass\n",
                          **{"runner.gil_switch_interval_ms": "0.5", "runner.stop_grace_seconds": "0.5"})
    async with connect(stream_url(runtime)) as ws:
        client = StreamClient(ws)
        await client.new_session()
        for _ in range(5):  # short runs leave Python's interval alone
            await client.send(Rerun())
            await client.until_finished()
        assert sys.getswitchinterval() == before
        await client.send(Rerun(query_string="spin=1"))
        with trio.fail_after(10):
            while sys.getswitchinterval() != 0.0005:
                await trio.sleep(0.02)
        await client.send(Rerun(query_string=""))  # the spinning run is stopped by force, the next one is short
        await client.until_finished(timeout=30)
        with trio.fail_after(10):
            while sys.getswitchinterval() != before:
                await trio.sleep(0.02)


async def test_a_flooding_script_is_stopped_at_the_element_limit_with_a_message(serve: Serve) -> None:
    runtime = await serve("from kernel import st\nwhile True:\n    st.write(1)\n",
                          **{"runner.max_elements_per_run": "2000"})
    async with connect(stream_url(runtime)) as ws:
        client = StreamClient(ws)
        await client.new_session()
        await client.send(Rerun())
        msgs = await client.until_finished(timeout=60)
    [shown] = props_of(msgs, "exception")
    assert shown["type"] == "RunLimitExceeded"
    assert "2,000 elements" in shown["message"] and "max_elements_per_run" in shown["message"]
    assert [m.status for m in msgs if isinstance(m, ScriptFinished)] == ["stopped"]
