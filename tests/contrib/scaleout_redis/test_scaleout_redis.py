"""The Redis session store and bus against a real redis-server: sessions move between two
workers (servers in this process), fencing, handoff, leases, TTLs, forged tokens, outages."""

from __future__ import annotations

import logging
import queue
import secrets
import time

import pytest
import redis
import trio

from kernel.contracts.messages import Rerun
from tests.contrib.cache_redis.conftest import RedisServer
from tests.contrib.scaleout_redis.conftest import Workers, store_of
from tests.plugins.runtime.liveloop_client import StreamClient, connect, props_of, stream_url
from tests.plugins.scaleout.test_scaleout_sessions import COUNTER_APP, interact, text


def session_keys(client: redis.Redis, prefix: str) -> set[bytes]:
    return set(client.scan_iter(f"{prefix}:s:*"))


async def test_a_session_moves_through_redis_with_its_widgets_and_state(worker: Workers, client: redis.Redis,
                                                                       prefix: str) -> None:
    a = await worker(COUNTER_APP, worker="a")
    b = await worker(COUNTER_APP, worker="b")
    hello, slider = await interact(a, [5, 17, 42])
    key = f"{prefix}:s:{hello.session_id}"
    stored = client.hgetall(key)
    # a still holds the session (its page left less than disconnected_session_ttl ago) and its lease
    assert stored[b"__gen__"] == b"1" and stored[b"__owner__"].startswith(b"a|")
    assert client.get(f"{prefix}:lease:a") == stored[b"__owner__"].partition(b"|")[2]
    async with connect(stream_url(b, f"token={hello.token}")) as ws:
        new = StreamClient(ws)
        assert (await new.new_session()).resumed
        await new.send(Rerun())
        msgs = await new.until_finished()
    assert props_of(msgs, "slider")[0]["value"] == 42
    assert text(msgs) == "value=42 n=5"
    # a live owner hands the session over on request: a closes its copy, b claimed it
    with trio.fail_after(10):
        while hello.session_id in a.sessions:
            await trio.sleep(0.02)
    assert client.exists(f"{prefix}:lease:a")
    stored = client.hgetall(key)
    assert stored[b"__gen__"] == b"2"
    assert stored[b"__owner__"].startswith(b"b|")
    assert 0 < client.pttl(key) <= 3600 * 1000
    assert all(k.startswith(prefix.encode() + b":") for k in client.keys("*"))


async def test_a_forged_token_creates_no_redis_key_and_leaves_the_target_alone(worker: Workers, client: redis.Redis,
                                                                              prefix: str) -> None:
    a = await worker(COUNTER_APP, worker="a")
    b = await worker(COUNTER_APP, worker="b")
    hello, _ = await interact(a, [9])
    before = {k: client.hgetall(k) for k in client.keys("*") if client.type(k) == b"hash"}
    count = client.dbsize()
    forged = [f"{hello.session_id}.{'A' * 24}", f"{secrets.token_hex(16)}.{'B' * 24}", "nonsense", hello.session_id,
              store_of(b).tokens.issue(secrets.token_hex(16))]  # the last: valid, but no such session
    for token in forged:
        async with connect(stream_url(b, f"token={token}")) as ws:
            fresh = await StreamClient(ws).new_session()
        assert not fresh.resumed and fresh.session_id != hello.session_id
    assert client.dbsize() == count  # 0 keys created by the attempts
    assert {k: client.hgetall(k) for k in before} == before
    assert hello.session_id in a.sessions


async def test_a_stale_owner_is_fenced_and_closes_its_copy(worker: Workers, client: redis.Redis,
                                                           prefix: str) -> None:
    from kernel_plugins.scaleout import _UNSUBSCRIBE

    a = await worker(COUNTER_APP, worker="a")
    b = await worker(COUNTER_APP, worker="b")
    a.app.stash[_UNSUBSCRIBE]()  # a hears no handoff request (as if paused): b takes over after the wait
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
            await old.send(Rerun({slider: 1}, changed=[slider]))  # a runs again: refused
            with trio.fail_after(30):
                # a forgets the session first and then closes the connection: the close frame
                # reaches this client a moment after the session left a.sessions
                while hello.session_id in a.sessions or ws_a.closed is None:
                    await trio.sleep(0.02)
            assert ws_a.closed.code == 4002
            snapshot_state = store_of(b).codec.decode(
                hello.session_id, "n", client.hget(f"{prefix}:s:{hello.session_id}", "k:n"))
            assert snapshot_state == 2
            assert client.hget(f"{prefix}:s:{hello.session_id}", "__owner__").startswith(b"b|")


def test_a_message_published_right_after_subscribe_returns_reaches_the_callback(
        redis_server: RedisServer, client: redis.Redis, prefix: str) -> None:
    from kernel_contrib.scaleout_redis._bus import RedisBus

    bus = RedisBus(redis.Redis.from_url(redis_server.url), f"{prefix}:bus:")
    got: dict[str, queue.Queue[bytes]] = {name: queue.Queue() for name in ("x", "y")}
    try:
        # the second subscription comes while the listener already waits for messages
        for name in got:
            bus.subscribe(name, got[name].put)
            assert client.publish(f"{prefix}:bus:{name}", name.encode()) == 1
        assert [got[name].get(timeout=30) for name in got] == [b"x", b"y"]
    finally:
        bus.close()


def test_fencing_is_enforced_in_redis(redis_server: RedisServer, client: redis.Redis, prefix: str) -> None:
    from kernel.contracts.scaleout import ResumeTokens, StateCodec
    from kernel.contracts.signed_values import ValueSigner
    from kernel_contrib.scaleout_redis._store import RedisSessionStore

    def store(name: str) -> RedisSessionStore:
        key = b"k" * 32
        return RedisSessionStore(redis.Redis.from_url(redis_server.url), prefix, ResumeTokens(key),
                                 StateCodec(ValueSigner(key)), name, 60, 5, handoff=0.2)

    a, b = store("a"), store("b")
    sid = secrets.token_hex(16)
    sign = a.codec.encode
    assert not a.superseded(sid)  # opened on a, not written yet
    assert a.checkpoint(sid, {"x": sign(sid, "x", 1)}, frozenset())  # opened on a: the write makes generation 1
    assert not a.superseded(sid)
    snapshot = b.claim(sid)  # a's lease is alive and nobody answers the handoff: b takes it after the wait
    assert snapshot is not None and snapshot.generation == 2 and snapshot.state == {"x": 1}
    assert a.superseded(sid) and not b.superseded(sid)  # a's copy is stale: a reconnect to a claims again
    assert b.checkpoint(sid, {"x": sign(sid, "x", 2)}, frozenset())
    assert not a.checkpoint(sid, {"x": sign(sid, "x", 99)}, frozenset())  # refused: generation 1 < 2
    assert not a.write_ahead(sid, sign(sid, "\x00widgets", {}))
    a.release(sid)
    a.forget(sid)  # neither touches b's session
    assert client.hget(f"{prefix}:s:{sid}", "__owner__").startswith(b"b|")
    assert a.codec.decode(sid, "x", client.hget(f"{prefix}:s:{sid}", "k:x")) == 2
    assert b.claim(secrets.token_hex(16)) is None and client.dbsize() == 3  # the hash and two leases
    b.forget(sid)
    a.close()
    b.close()
    assert client.dbsize() == 0


async def test_leases_expire_are_renewed_and_go_with_their_worker(worker: Workers, client: redis.Redis,
                                                                  prefix: str) -> None:
    from kernel_contrib.scaleout_redis import kernel_worker_exited

    a = await worker(COUNTER_APP, worker="a", **{"scaleout.lease_ttl": "1"})
    lease = f"{prefix}:lease:a"
    assert 0 < client.pttl(lease) <= 1000
    await trio.sleep(2.2)  # two lease periods: renewed meanwhile (every third of one)
    with trio.fail_after(30):
        # On a loaded machine the renewal thread may miss a whole period (the lease lapses
        # until its next turn); the first one lapsed long ago, so the lease is a renewal.
        while client.get(lease) != store_of(a).incarnation.encode():
            await trio.sleep(0.02)
    kernel_worker_exited(app=a.app, worker="b", exitcode=-9)  # the supervisor's cleanup of another worker
    assert client.exists(lease)
    client.set(f"{prefix}:lease:b", "x")
    kernel_worker_exited(app=a.app, worker="b", exitcode=-9)
    assert not client.exists(f"{prefix}:lease:b")


async def test_redis_down_keeps_sessions_running_and_checkpoints_resume(
        worker: Workers, client: redis.Redis, prefix: str, redis_server: RedisServer,
        caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    from kernel_contrib.scaleout_redis import _store

    monkeypatch.setattr(_store, "RETRY_SECONDS", 0.3)
    caplog.set_level(logging.INFO, "kernel.outages")
    a = await worker(COUNTER_APP, worker="a")
    async with connect(stream_url(a)) as ws:
        page = StreamClient(ws)
        hello = await page.new_session()
        await page.send(Rerun())
        slider = props_of(await page.until_finished(), "slider")[0]["id"]
        redis_server.stop()
        for value in (1, 2, 3):
            await page.send(Rerun({slider: value}, changed=[slider]))
            assert text(await page.until_finished()) == f"value={value} n={value + 1}"
        # one line per outage for the server (the store, the bus and the cache share it), not one per call
        down = [r.getMessage() for r in caplog.records if "is unavailable" in r.getMessage()]
        assert len(down) == 1, down
        assert "sessions go on in each worker's memory" in down[0]
        redis_server.start()
        await trio.sleep(0.4)
        await page.send(Rerun({slider: 4}, changed=[slider]))
        assert text(await page.until_finished()) == "value=4 n=5"
    fresh = redis.Redis.from_url(redis_server.url)
    key = f"{prefix}:s:{hello.session_id}"
    assert store_of(a).codec.decode(hello.session_id, "n", fresh.hget(key, "k:n")) == 5
    fresh.close()
    deadline = time.monotonic() + 5
    while not any("answers again" in r.getMessage() for r in caplog.records):
        assert time.monotonic() < deadline
        await trio.sleep(0.05)


TWO_KEYS_APP = """
from kernel import st
if "fixed" not in st.session_state:
    st.session_state.fixed = "set once"
st.session_state.n = st.session_state.get("n", 0) + 1
st.text(f"n={st.session_state.n}")
"""


async def test_after_redis_came_back_empty_an_idle_session_is_written_whole(
        worker: Workers, prefix: str, redis_server: RedisServer) -> None:
    a = await worker(TWO_KEYS_APP, worker="a", **{"scaleout.lease_ttl": "1"})
    store = store_of(a)
    async with connect(stream_url(a)) as ws:
        page = StreamClient(ws)
        hello = await page.new_session()
        await page.send(Rerun())
        assert text(await page.until_finished()) == "n=1"
        key = f"{prefix}:s:{hello.session_id}"
        # The session stays idle while Redis restarts without its data; the lease renewal notices.
        epoch = store.epoch
        redis_server.stop()
        deadline = time.monotonic() + 30
        while store.epoch == epoch:
            assert time.monotonic() < deadline, "the store never noticed the outage"
            await trio.sleep(0.05)
        redis_server.start()
        while store.health.down:
            assert time.monotonic() < deadline + 30, "the store never saw Redis again"
            await trio.sleep(0.05)
        await page.send(Rerun())  # changes n only
        assert text(await page.until_finished()) == "n=2"
    fresh = redis.Redis.from_url(redis_server.url)
    stored = fresh.hgetall(key)
    fresh.close()
    assert store.codec.decode(hello.session_id, "fixed", stored[b"k:fixed"]) == "set once", "written whole"
    assert store.codec.decode(hello.session_id, "n", stored[b"k:n"]) == 2

