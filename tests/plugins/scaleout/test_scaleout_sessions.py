"""Sessions that move between workers (two servers in one process, in-memory store):
restore, write-ahead, fencing, forged tokens, values that do not pickle, moved classes."""

from __future__ import annotations

import logging
import secrets

import pytest
import trio

from kernel.contracts.messages import NewSession, Rerun, ScriptStarted
from tests.plugins.runtime.liveloop_client import StreamClient, connect, props_of, stream_url
from tests.plugins.scaleout import movable
from tests.plugins.scaleout.conftest import Workers, recorder, records, store_of

COUNTER_APP = """
from kernel import st
v = st.slider("v", 0, 1000, 0)
if "n" not in st.session_state:
    st.session_state.n = 0
st.session_state.n += 1
st.text(f"value={v} n={st.session_state.n}")
"""


def text(msgs: list) -> str:  # type: ignore[type-arg]
    return str(props_of(msgs, "text")[-1]["body"])


async def interact(runtime: object, values: list[int]) -> tuple[NewSession, str]:
    """Open a session, rerun it once per value (the slider set to it); the greeting and its slider id."""
    async with connect(stream_url(runtime)) as ws:  # type: ignore[arg-type]
        client = StreamClient(ws)
        hello = await client.new_session()
        await client.send(Rerun())
        slider = props_of(await client.until_finished(), "slider")[0]["id"]
        for value in values:
            await client.send(Rerun({slider: value}, changed=[slider]))
            await client.until_finished()
    return hello, slider


async def test_a_session_moves_to_another_worker_with_its_widgets_and_state(worker: Workers, prefix: str) -> None:
    plugin, restored = recorder()
    a = await worker(COUNTER_APP, worker="a")
    b = await worker(COUNTER_APP, worker="b", plugins=(plugin,))
    hello, _ = await interact(a, [5, 17, 42])  # 4 runs: n = 4
    assert hello.token.startswith(hello.session_id + ".")
    async with connect(stream_url(b, f"token={hello.token}")) as ws:
        client = StreamClient(ws)
        again = await client.new_session()
        assert again.resumed and again.session_id == hello.session_id and again.token == hello.token
        await client.send(Rerun())  # the client sends nothing: the worker restored it all
        msgs = await client.until_finished()
    assert props_of(msgs, "slider")[0]["value"] == 42
    assert text(msgs) == "value=42 n=5"
    assert restored == [(hello.session_id, [])]
    assert records(prefix)[hello.session_id].owner == "b"


async def test_scaleout_is_off_by_default(worker: Workers) -> None:
    runtime = await worker(COUNTER_APP, worker="a", **{"scaleout.backend": ""})
    assert runtime.app.config["scaleout"].backend == ""
    assert runtime.app.config.source("scaleout", "backend") != "default"  # (the fixture turns it on)
    assert store_of(runtime) is None
    hello, _ = await interact(runtime, [3])
    assert not hello.token.startswith(hello.session_id)


async def test_a_forged_token_gets_a_fresh_session_and_touches_nothing(worker: Workers, prefix: str) -> None:
    a = await worker(COUNTER_APP, worker="a")
    b = await worker(COUNTER_APP, worker="b")
    hello, _ = await interact(a, [9])
    before = {sid: (r.owner, r.generation, dict(r.entries)) for sid, r in records(prefix).items()}
    forged = [f"{hello.session_id}.{'A' * 24}", f"{secrets.token_hex(16)}.{'B' * 24}", "nonsense", hello.session_id]
    for token in forged:
        async with connect(stream_url(b, f"token={token}")) as ws:
            fresh = await StreamClient(ws).new_session()
        assert not fresh.resumed and fresh.session_id != hello.session_id
    after = {sid: (r.owner, r.generation, dict(r.entries)) for sid, r in records(prefix).items()}
    assert after == before  # the target untouched, and nothing created (the fresh sessions never ran)


async def test_a_valid_token_of_a_session_the_store_lacks_creates_nothing(worker: Workers, prefix: str) -> None:
    b = await worker(COUNTER_APP, worker="b")
    token = store_of(b).tokens.issue(secrets.token_hex(16))
    async with connect(stream_url(b, f"token={token}")) as ws:
        assert not (await StreamClient(ws).new_session()).resumed
    assert records(prefix) == {}


async def test_a_stale_owner_is_refused_and_the_store_keeps_the_new_owners_state(worker: Workers,
                                                                                prefix: str) -> None:
    from kernel_plugins.scaleout import session_statistics

    a = await worker(COUNTER_APP, worker="a")
    b = await worker(COUNTER_APP, worker="b")
    async with connect(stream_url(a)) as ws_a:
        old = StreamClient(ws_a)
        hello = await old.new_session()
        await old.send(Rerun())
        slider = props_of(await old.until_finished(), "slider")[0]["id"]
        async with connect(stream_url(b, f"token={hello.token}")) as ws_b:
            new = StreamClient(ws_b)
            assert (await new.new_session()).resumed
            await new.send(Rerun({slider: 300}, changed=[slider]))
            assert text(await new.until_finished()) == "value=300 n=2"
            # The old owner wakes up and runs with another value: its writes are refused,
            # and it closes its copy and the connection (code 4002: the page stops reconnecting).
            stale = a.sessions[hello.session_id]
            await old.send(Rerun({slider: 1}, changed=[slider]))
            with trio.fail_after(10):
                while hello.session_id in a.sessions:
                    await trio.sleep(0.02)
                while ws_a.closed is None:
                    await trio.sleep(0.02)
            assert ws_a.closed.code == 4002
    stats = session_statistics(stale)
    assert stats is not None and stats.refused == 1
    record = records(prefix)[hello.session_id]
    assert record.owner == "b"
    snapshot = store_of(b).claim(hello.session_id)
    assert snapshot.widgets[slider] == 300 and snapshot.state == {"n": 2}


async def test_a_change_accepted_before_a_worker_died_mid_run_is_not_lost(worker: Workers) -> None:
    slow_app = COUNTER_APP + "\nimport time\nif v == 7:\n    time.sleep(2)\n"
    a = await worker(slow_app, worker="a")
    b = await worker(slow_app, worker="b")
    async with connect(stream_url(a)) as ws_a:
        client = StreamClient(ws_a)
        hello = await client.new_session()
        await client.send(Rerun())
        slider = props_of(await client.until_finished(), "slider")[0]["id"]
        await client.send(Rerun({slider: 7}, changed=[slider]))
        with trio.fail_after(10):
            while not any(isinstance(m, ScriptStarted) for m in await client.recv()):
                pass
        # Worker a is now "dead" mid-run (it never finishes in time): the page reconnects to b.
        async with connect(stream_url(b, f"token={hello.token}")) as ws_b:
            new = StreamClient(ws_b)
            assert (await new.new_session()).resumed
            await new.send(Rerun())
            msgs = await new.until_finished()
    assert props_of(msgs, "slider")[0]["value"] == 7


async def test_an_unchanged_rerun_writes_nothing(worker: Workers) -> None:
    from kernel_plugins.scaleout import session_statistics

    app = 'from kernel import st\nv = st.slider("v", 0, 9, 0)\nst.session_state.setdefault("big", list(range(1000)))\n'
    a = await worker(app, worker="a")
    async with connect(stream_url(a)) as ws:
        client = StreamClient(ws)
        hello = await client.new_session()
        await client.send(Rerun())
        await client.until_finished()
        stats = session_statistics(a.sessions[hello.session_id])
        assert stats is not None
        written = stats.bytes_written
        for _ in range(3):
            await client.send(Rerun())
            await client.until_finished()
        assert stats.bytes_written == written


LOCK_APP = """
import threading
from kernel import st
if "n" not in st.session_state:
    st.session_state.n = 0
st.session_state.n += 1
made = "lock" not in st.session_state
if made:
    st.session_state.lock = threading.Lock()
st.text(f"n={st.session_state.n} new_lock={made}")
"""


async def test_a_value_that_does_not_pickle_is_left_out_with_one_warning(
        worker: Workers, caplog: pytest.LogCaptureFixture) -> None:
    from kernel_plugins.scaleout import session_statistics

    caplog.set_level(logging.WARNING, "kernel.scaleout")
    a = await worker(LOCK_APP, worker="a")
    b = await worker(LOCK_APP, worker="b")
    hello, _ = await interact_plain(a, runs=3)
    stats = session_statistics(a.sessions[hello.session_id])
    assert stats is not None and set(stats.volatile) == {"lock"} and "lock" in stats.volatile["lock"]
    async with connect(stream_url(b, f"token={hello.token}")) as ws:
        client = StreamClient(ws)
        assert (await client.new_session()).resumed
        await client.send(Rerun())
        assert text(await client.until_finished()) == "n=4 new_lock=True"
    warnings = [r for r in caplog.records if "'lock'" in r.getMessage()]
    assert len(warnings) == 1 and "st.cache_resource" in warnings[0].getMessage()


async def interact_plain(runtime: object, runs: int) -> tuple[NewSession, list]:  # type: ignore[type-arg]
    async with connect(stream_url(runtime)) as ws:  # type: ignore[arg-type]
        client = StreamClient(ws)
        hello = await client.new_session()
        msgs: list = []  # type: ignore[type-arg]
        for _ in range(runs):
            await client.send(Rerun())
            msgs = await client.until_finished()
    return hello, msgs


async def test_strict_mode_fails_the_run_with_the_message(worker: Workers) -> None:
    a = await worker(LOCK_APP, worker="a", **{"scaleout.strict": "true"})
    _, msgs = await interact_plain(a, runs=1)
    errors = props_of(msgs, "exception")
    assert errors and "'lock'" in str(errors[0]) and "st.cache_resource" in str(errors[0])


THING_APP = """
from kernel import st
from tests.plugins.scaleout.movable import Thing
if "n" not in st.session_state:
    st.session_state.n = 0
st.session_state.n += 1
if "thing" not in st.session_state:
    st.session_state.thing = Thing("first")
    st.text(f"n={st.session_state.n} thing=new")
else:
    st.text(f"n={st.session_state.n} thing={st.session_state.thing.label}")
"""


async def test_a_class_that_moved_drops_its_key_and_the_tab_loads(worker: Workers,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    plugin, restored = recorder()
    a = await worker(THING_APP, worker="a")
    b = await worker(THING_APP, worker="b", plugins=(plugin,))
    hello, msgs = await interact_plain(a, runs=2)
    assert text(msgs) == "n=2 thing=first"
    monkeypatch.delattr(movable, "Thing")  # the new deploy moved the class away
    async with connect(stream_url(b, f"token={hello.token}")) as ws:
        client = StreamClient(ws)
        assert (await client.new_session()).resumed
        monkeypatch.undo()  # the script itself imports the class from its new home
        await client.send(Rerun())
        assert text(await client.until_finished()) == "n=3 thing=new"
    [(session_id, dropped)] = restored
    assert session_id == hello.session_id
    assert [d.key for d in dropped] == ["thing"] and "could not be unpickled" in dropped[0].reason


async def test_a_session_closed_on_one_worker_is_released_for_another(worker: Workers, prefix: str) -> None:
    a = await worker(COUNTER_APP, worker="a", **{"server.disconnected_session_ttl": "0.1"})
    b = await worker(COUNTER_APP, worker="b")
    hello, _ = await interact(a, [11])
    with trio.fail_after(10):
        # out of the registry first, then closed (and released) in a worker thread
        while hello.session_id in a.sessions or store_of(a).holds(hello.session_id):
            await trio.sleep(0.02)
    async with connect(stream_url(b, f"token={hello.token}")) as ws:
        client = StreamClient(ws)
        assert (await client.new_session()).resumed
        await client.send(Rerun())
        assert text(await client.until_finished()) == "value=11 n=3"


async def test_a_worker_with_a_stale_copy_claims_the_session_again_on_reconnect(worker: Workers,
                                                                                prefix: str) -> None:
    """The page left worker a (its copy stays for the grace period), moved to b and changed
    things there, then reconnects to a: a must not resume its stale copy (whose writes
    would be refused, closing the page) but claim the session with b's state."""
    a = await worker(COUNTER_APP, worker="a")
    b = await worker(COUNTER_APP, worker="b")
    hello, slider = await interact(a, [5])  # 2 runs on a: n = 2
    stale = a.sessions[hello.session_id]
    async with connect(stream_url(b, f"token={hello.token}")) as ws:
        client = StreamClient(ws)
        assert (await client.new_session()).resumed
        await client.send(Rerun({slider: 9}, changed=[slider]))
        assert text(await client.until_finished()) == "value=9 n=3"
    assert store_of(a).superseded(hello.session_id) and not store_of(b).superseded(hello.session_id)
    async with connect(stream_url(a, f"token={hello.token}")) as ws:
        client = StreamClient(ws)
        again = await client.new_session()
        assert again.resumed and again.session_id == hello.session_id
        await client.send(Rerun())
        assert text(await client.until_finished()) == "value=9 n=4"
        assert a.sessions[hello.session_id] is not stale
        assert records(prefix)[hello.session_id].owner == "a"
        await client.send(Rerun({slider: 10}, changed=[slider]))  # its writes are accepted: no close
        assert text(await client.until_finished()) == "value=10 n=5"
    assert not store_of(a).superseded(hello.session_id)


async def test_a_drained_worker_keeps_its_store_open_until_shutdown(worker: Workers, prefix: str) -> None:
    """A drain releases its sessions in worker threads; the runtime must not end (and close
    the store under them) when the drain leaves its nursery without a task (a page that has
    gone, no file watcher): it serves until shutdown cancels it."""
    a = await worker(COUNTER_APP, worker="a")
    hello, _ = await interact(a, [3])  # the page has gone; its session waits for a reconnect
    store = store_of(a)
    closes: list[str] = []
    close = store.close

    def recording_close() -> None:
        closes.append("closed")
        close()

    store.close = recording_close
    await a.drain()
    assert a.url is not None, "the runtime stopped serving during the drain"
    assert closes == [], "the store was closed while the drain released its sessions"
    assert not store.holds(hello.session_id)  # released by the drain, kept for another worker
    assert hello.session_id in records(prefix)
