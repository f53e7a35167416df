"""The WebSocket stream: sessions, reruns, batches, malformed frames, resume, isolation."""

from __future__ import annotations

import json

import pytest
import trio
import trio_websocket

from kernel.contracts.messages import (
    PROTOCOL_VERSION,
    ClearCache,
    ErrorMsg,
    Heartbeat,
    NewSession,
    Rerun,
    ScriptFinished,
    ScriptStarted,
    SessionStatus,
    SetRunOnSave,
    Stop,
    decode_forward_frame,
)
from tests.plugins.runtime.liveloop_client import Serve, StreamClient, connect, deltas, props_of, stream_url

SLIDER_APP = """
from kernel import st
v = st.slider("v", 0, 1000, 0)
st.text(f"value={v}")
"""


async def test_new_session_greets_with_token_and_version(serve: Serve) -> None:
    runtime = await serve("from kernel import st\nst.text('hi')\n")
    async with connect(stream_url(runtime)) as ws:
        hello = await StreamClient(ws).new_session()
    assert hello.protocol_version == PROTOCOL_VERSION
    assert hello.resumed is False
    assert hello.script_name == "app.py"
    assert len(hello.token) >= 20 and hello.token != hello.session_id


async def test_rerun_sends_a_run_and_an_unchanged_rerun_sends_no_elements(serve: Serve) -> None:
    runtime = await serve("from kernel import st\nfor i in range(30):\n    st.text(f'line {i}')\n")
    async with connect(stream_url(runtime)) as ws:
        client = StreamClient(ws)
        await client.new_session()
        await client.send(Rerun())
        first = await client.until_finished()
        assert isinstance(first[0], ScriptStarted)
        assert [p["body"] for p in props_of(first, "text")] == [f"line {i}" for i in range(30)]
        # Deltas travel in batches: far fewer frames than messages.
        assert client.frames < len(first)
        await client.send(Rerun())
        second = await client.until_finished()
    assert deltas(second) == []
    finished = [m for m in second if isinstance(m, ScriptFinished)]
    assert finished[-1].status == "ok" and finished[-1].trim == ()


async def test_shorter_page_trims_stale_elements(serve: Serve) -> None:
    runtime = await serve(SLIDER_APP + "for i in range(v):\n    st.text(i)\n")
    async with connect(stream_url(runtime)) as ws:
        client = StreamClient(ws)
        await client.new_session()
        await client.send(Rerun())
        slider_id = props_of(await client.until_finished(), "slider")[0]["id"]
        await client.send(Rerun({slider_id: 5}))
        await client.until_finished()
        await client.send(Rerun({slider_id: 2}))
        msgs = await client.until_finished()
    finished = [m for m in msgs if isinstance(m, ScriptFinished)][-1]
    assert [(t.root, t.path, t.keep) for t in finished.trim] == [("main", (), 4)]


@pytest.mark.parametrize(
    "frame, fragment",
    [
        ("not json", "not valid JSON"),
        ("42", "JSON array"),
        ('[{"type": "Launch"}]', "unknown type 'Launch'"),
        ('[{"type": "Rerun", "widget_states": [1, 2]}]', "malformed"),
        ('[{"type": "Stop", "now": true}]', "malformed"),
        ("[7]", "unknown type"),
        # A wrongly typed field is refused, not coerced ("5" as a widget id, "3.5" as a page).
        ('[{"type": "Rerun", "trigger": 5}]', "expected str"),
        ('[{"type": "Rerun", "page": 3.5}]', "expected str"),
        ('[{"type": "Rerun", "fragment_id": ["x"]}]', "expected str"),
    ],
)
async def test_malformed_frame_gets_an_error_frame_and_the_session_keeps_working(
    serve: Serve, frame: str, fragment: str
) -> None:
    runtime = await serve("from kernel import st\nst.text('still here')\n")
    async with connect(stream_url(runtime)) as ws:
        client = StreamClient(ws)
        await client.new_session()
        await ws.send_message(frame)
        [error] = await client.recv()
        assert isinstance(error, ErrorMsg) and error.code == "bad_frame"
        assert fragment in error.message
        await client.send(Rerun())
        msgs = await client.until_finished()
    assert props_of(msgs, "text") == [{"body": "still here", "align": "left", "wrap": True}]
    assert runtime.statistics().bad_frames == 1


async def test_error_frame_is_tagged_error_on_the_wire(serve: Serve) -> None:
    runtime = await serve("from kernel import st\n")
    async with connect(stream_url(runtime)) as ws:
        await StreamClient(ws).new_session()
        await ws.send_message("{")
        raw = json.loads(await ws.get_message())
    assert raw[0]["type"] == "Error"


async def test_protocol_version_mismatch_is_refused_clearly(serve: Serve) -> None:
    runtime = await serve("from kernel import st\n")
    async with connect(stream_url(runtime, f"v={PROTOCOL_VERSION + 1}")) as ws:
        [error] = decode_forward_frame(await ws.get_message())
        assert isinstance(error, ErrorMsg) and error.code == "protocol_version"
        assert "reload the page" in error.message
        with pytest.raises(trio_websocket.ConnectionClosed):
            await ws.get_message()
    assert len(runtime.sessions) == 0


async def test_reconnect_with_token_resumes_the_session_and_its_widget_values(serve: Serve) -> None:
    runtime = await serve(SLIDER_APP)
    async with connect(stream_url(runtime)) as ws:
        client = StreamClient(ws)
        hello = await client.new_session()
        await client.send(Rerun())
        slider_id = props_of(await client.until_finished(), "slider")[0]["id"]
        await client.send(Rerun({slider_id: 42}))
        assert props_of(await client.until_finished(), "text")[0]["body"] == "value=42"
    async with connect(stream_url(runtime, f"token={hello.token}")) as ws:
        client = StreamClient(ws)
        again = await client.new_session()
        assert again.resumed and again.session_id == hello.session_id
        await client.send(Rerun())  # no values from the client: the session remembers them
        msgs = await client.until_finished()
    # After a resume the server forgets what the page showed, so everything is sent again.
    assert props_of(msgs, "slider")[0]["value"] == 42
    assert props_of(msgs, "text")[0]["body"] == "value=42"
    assert list(runtime.sessions) == [hello.session_id]


async def test_session_is_disposed_after_the_grace_period(serve: Serve) -> None:
    runtime = await serve(SLIDER_APP, **{"server.disconnected_session_ttl": "0.2"})
    async with connect(stream_url(runtime)) as ws:
        hello = await StreamClient(ws).new_session()
    assert hello.session_id in runtime.sessions
    await trio.sleep(0.5)
    assert hello.session_id not in runtime.sessions
    async with connect(stream_url(runtime, f"token={hello.token}")) as ws:
        again = await StreamClient(ws).new_session()
    assert not again.resumed and again.session_id != hello.session_id


async def test_server_side_drop_then_resume(serve: Serve) -> None:
    runtime = await serve(SLIDER_APP)
    async with connect(stream_url(runtime)) as ws:
        client = StreamClient(ws)
        hello = await client.new_session()
        await runtime.drop_connections()
        with pytest.raises(trio_websocket.ConnectionClosed):
            with trio.fail_after(5):
                await ws.get_message()
    assert hello.session_id in runtime.sessions
    async with connect(stream_url(runtime, f"token={hello.token}")) as ws:
        assert (await StreamClient(ws).new_session()).resumed


async def test_newer_connection_takes_over_a_session(serve: Serve) -> None:
    runtime = await serve(SLIDER_APP)
    async with connect(stream_url(runtime)) as first:
        hello = await StreamClient(first).new_session()
        async with connect(stream_url(runtime, f"token={hello.token}")) as second:
            assert (await StreamClient(second).new_session()).resumed
            with pytest.raises(trio_websocket.ConnectionClosed) as closed:
                with trio.fail_after(5):
                    await first.get_message()
            assert closed.value.reason.code == 4000


async def test_stop_ends_an_endless_script(serve: Serve) -> None:
    runtime = await serve(
        "import time\nfrom kernel import st\nslot = st.empty()\ni = 0\n"
        "while True:\n    i += 1\n    slot.text(f'tick {i}')\n    time.sleep(0.005)\n"
    )
    async with connect(stream_url(runtime)) as ws:
        client = StreamClient(ws)
        await client.new_session()
        await client.send(Rerun())
        with trio.fail_after(5):
            while not props_of(await client.recv(), "text"):
                pass
        await client.send(Stop())
        msgs = await client.until_finished()
    assert [m.status for m in msgs if isinstance(m, ScriptFinished)] == ["stopped"]


async def test_heartbeat_clear_cache_and_run_on_save_messages(serve: Serve) -> None:
    runtime = await serve("from kernel import st\nst.text('x')\n")
    async with connect(stream_url(runtime)) as ws:
        client = StreamClient(ws)
        await client.new_session()
        await client.send(Heartbeat(), Rerun())
        assert props_of(await client.until_finished(), "text")[0]["body"] == "x"
        await client.send(ClearCache(), Heartbeat(), Rerun())
        msgs = await client.until_finished()
        assert not any(isinstance(m, ErrorMsg) for m in msgs)
        await client.send(SetRunOnSave(True))
        [status] = await client.recv()
    assert status == SessionStatus(run_on_save=True, source_changed=False)


async def test_handler_error_is_reported_and_the_connection_survives(serve: Serve) -> None:
    runtime = await serve("from kernel import st\nst.text('ok')\n")
    async with connect(stream_url(runtime)) as ws:
        client = StreamClient(ws)
        hello = await client.new_session()
        session = runtime.sessions[hello.session_id]

        def broken(msg: object) -> None:
            raise RuntimeError("boom")

        original = session.handle_back_msg
        session.handle_back_msg = broken  # type: ignore[method-assign]
        await client.send(Heartbeat())
        [error] = await client.recv()
        assert isinstance(error, ErrorMsg) and error.code == "handler_error" and "boom" in error.message
        session.handle_back_msg = original  # type: ignore[method-assign]
        await client.send(Rerun())
        assert props_of(await client.until_finished(), "text")[0]["body"] == "ok"


async def test_twenty_concurrent_clients_each_see_only_their_own_session(serve: Serve) -> None:
    runtime = await serve(SLIDER_APP)
    seen: dict[int, list[str]] = {}
    sessions: set[str] = set()

    async def one_client(i: int) -> None:
        async with connect(stream_url(runtime)) as ws:
            client = StreamClient(ws)
            hello = await client.new_session()
            sessions.add(hello.session_id)
            await client.send(Rerun())
            msgs = await client.until_finished()
            slider_id = props_of(msgs, "slider")[0]["id"]
            texts = [p["body"] for p in props_of(msgs, "text")]
            for round_ in range(1, 6):
                value = i * 10 + round_ % 10
                await client.send(Rerun({slider_id: value}))
                msgs = await client.until_finished()
                assert not any(isinstance(m, NewSession) for m in msgs)
                got = [p["body"] for p in props_of(msgs, "text")]
                assert got == [f"value={value}"], (i, round_, got)
                texts += got
            seen[i] = texts

    with trio.fail_after(60):
        async with trio.open_nursery() as nursery:
            for i in range(20):
                nursery.start_soon(one_client, i)
    assert len(sessions) == 20
    for i, texts in seen.items():
        assert texts == ["value=0"] + [f"value={i * 10 + r % 10}" for r in range(1, 6)]


async def test_a_failing_session_factory_does_not_stop_the_server(
    serve: Serve, caplog: pytest.LogCaptureFixture
) -> None:
    runtime = await serve("from kernel import st\nst.text('ok')\n")
    real_make = runtime.app.make
    calls = 0

    def flaky_make(component: str, **kwargs: object) -> object:
        nonlocal calls
        if component == "app_session" and calls == 0:
            calls += 1
            raise RuntimeError("factory bug")
        return real_make(component, **kwargs)

    runtime.app.make = flaky_make  # type: ignore[method-assign]
    async with connect(stream_url(runtime)) as ws:
        [error] = await StreamClient(ws).recv()
        assert isinstance(error, ErrorMsg) and error.code == "session_error" and "factory bug" in error.message
    assert "could not make a session" in caplog.text
    async with connect(stream_url(runtime)) as ws:
        client = StreamClient(ws)
        await client.new_session()
        await client.send(Rerun())
        assert props_of(await client.until_finished(), "text")[0]["body"] == "ok"


async def test_st_context_sees_the_headers_of_the_request_that_opened_the_stream(serve: Serve) -> None:
    runtime = await serve(
        "from kernel import st\n"
        "h = st.context.headers\n"
        "st.text(repr((h['x-probe'], h.get_all('x-many'), h['HOST'].split(':')[0], dict(st.context.cookies))))\n"
    )
    headers = [(b"X-Probe", b"value"), (b"x-many", b"1"), (b"X-Many", b"2"), (b"Cookie", b"a=1; b=two")]
    async with connect(stream_url(runtime), extra_headers=headers) as ws:
        client = StreamClient(ws)
        await client.new_session()
        await client.send(Rerun())
        shown = props_of(await client.until_finished(), "text")[0]["body"]
    assert shown == repr(("value", ["1", "2"], "127.0.0.1", {"a": "1", "b": "two"}))


async def test_the_greeting_is_the_whole_first_frame_of_a_resumed_connection(serve: Serve) -> None:
    runtime = await serve(SLIDER_APP)
    async with connect(stream_url(runtime)) as ws:
        client = StreamClient(ws)
        hello = await client.new_session()
        await client.send(Rerun())
        await client.until_finished()
    async with connect(stream_url(runtime, f"v={PROTOCOL_VERSION}&token={hello.token}")) as ws:
        first = await StreamClient(ws).recv()
    assert len(first) == 1 and isinstance(first[0], NewSession) and first[0].resumed
    assert first[0].session_id == hello.session_id


async def test_a_session_disposed_after_the_grace_period_is_closed(serve: Serve) -> None:
    """Expiry closes the session (its script stopped, kernel_session_closed fired), not only forgets it."""
    runtime = await serve(SLIDER_APP, **{"server.disconnected_session_ttl": "0.2"})
    async with connect(stream_url(runtime)) as ws:
        hello = await StreamClient(ws).new_session()
        session = runtime.sessions[hello.session_id]
    with trio.fail_after(5):
        while not session.closed:  # type: ignore[attr-defined]
            await trio.sleep(0.05)
    assert hello.session_id not in runtime.sessions


async def test_a_failing_session_opened_hook_leaves_no_session_behind(
    serve: Serve, caplog: pytest.LogCaptureFixture
) -> None:
    """The client is told; the half-opened session is closed and forgotten (it had no
    connection and no grace period: nothing else would ever dispose of it)."""
    from typing import Any

    from kernel import hookimpl

    runtime = await serve("from kernel import st\nst.text('ok')\n")
    opened: list[Any] = []

    class Failing:
        @hookimpl
        def kernel_session_opened(self, session: Any) -> None:
            opened.append(session)
            raise RuntimeError("observer bug")

    runtime.app.pm.register(Failing(), "failing")
    async with connect(stream_url(runtime)) as ws:
        [error] = await StreamClient(ws).recv()
        assert isinstance(error, ErrorMsg) and error.code == "session_error" and "observer bug" in error.message
    assert "could not make a session" in caplog.text
    assert len(runtime.sessions) == 0
    assert opened and opened[0].closed


async def test_a_session_whose_output_cannot_be_sent_is_closed_off_the_trio_thread(
    serve: Serve, caplog: pytest.LogCaptureFixture
) -> None:
    """A message that fails to encode ends its session (logged), and closing it (which joins
    the script thread) happens in a worker thread, never holding up other sessions."""
    import threading
    from typing import Any

    from kernel import hookimpl

    runtime = await serve("from kernel import st\nst.text('ok')\n")
    closed_in: list[int] = []

    class Observer:
        @hookimpl
        def kernel_session_closed(self, session: Any) -> None:
            closed_in.append(threading.get_ident())

    runtime.app.pm.register(Observer(), "observer")
    async with connect(stream_url(runtime)) as ws:
        hello = await StreamClient(ws).new_session()
        session = runtime.sessions[hello.session_id]
        session.queue.enqueue(object())  # type: ignore[arg-type]  # no wire encoding for this
        with trio.fail_after(5):
            while not closed_in:
                await trio.sleep(0.02)
    assert "sending failed; the session is closed" in caplog.text
    assert hello.session_id not in runtime.sessions
    assert closed_in == [closed_in[0]] and closed_in[0] != threading.get_ident()


async def test_sent_counts_survive_the_last_session_closing(serve: Serve) -> None:
    """An empty session registry is falsy; the counts of the sessions it closed stay (issue #17, item 8)."""
    runtime = await serve("from kernel import st\nst.text('hi')\n", **{"server.disconnected_session_ttl": "0"})
    async with connect(stream_url(runtime)) as ws:
        client = StreamClient(ws)
        await client.new_session()
        await client.send(Rerun())
        await client.until_finished()
    before = runtime.statistics()
    assert before.frames_sent >= 2 and before.bytes_sent > 0
    with trio.fail_after(10):
        while runtime.sessions:
            await trio.sleep(0.01)
    after = runtime.statistics()
    assert after.sessions == 0
    assert (after.frames_sent, after.bytes_sent) == (before.frames_sent, before.bytes_sent)
