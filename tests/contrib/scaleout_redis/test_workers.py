"""The acceptance tests of scale-out (issue 21), on loopback with real processes: a
redis-server, ``kernel run app.py --workers N`` and a light websocket load client.

Times are measured and printed (``-s`` shows them; benchmarks/bench_scaleout.py reports
them), never asserted."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest
import redis
import trio
import trio_websocket

from kernel.contracts.messages import Rerun, ScriptStarted
from tests.contrib.cache_redis.conftest import RedisServer
from tests.contrib.scaleout_redis.cluster import SECRET, Cluster, Page, figures, reconnect

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")


async def kill_one_of_four(folder: Path, redis_url: str, sessions: int) -> dict[str, object]:
    """The kill -9 scenario; returns what it measured (the test and the benchmark print it)."""
    cluster = Cluster(folder, redis_url, 4)
    try:
        cluster.wait_serving(4)
        rng = random.Random(21)
        pages = [Page(cluster.url()) for _ in range(sessions)]
        limiter = trio.CapacityLimiter(16)
        async with trio.open_nursery() as connections:

            async def setup(page: Page) -> None:
                async with limiter:
                    await page.open(connections)
                    await page.first_run()
                    for step in range(3):
                        await page.interact(rng, step)

            async with trio.open_nursery() as group:
                for page in pages:
                    group.start_soon(setup, page)
            by_pid: dict[int, list[Page]] = {}
            for page in pages:
                by_pid.setdefault(page.pid, []).append(page)
            assert len(by_pid) == 4, f"sessions per worker: {[len(v) for v in by_pid.values()]}"
            victim = max(by_pid, key=lambda pid: len(by_pid[pid]))
            affected = by_pid[victim]
            others = [p for p in pages if p.pid != victim]

            # A forged token creates nothing in Redis and gets a fresh session.
            client = redis.Redis.from_url(redis_url)
            before = client.dbsize()
            target = affected[0]
            forged = Page(cluster.url())
            forged.token = f"{target.session_id}.{'A' * 24}"
            hello = await forged.open(connections)
            assert not hello.resumed and hello.session_id != target.session_id
            assert forged.ws is not None
            await forged.close()
            assert client.dbsize() == before

            disturbed: list[str] = []
            done = trio.Event()
            back: list[Page] = []
            killed_at = 0.0

            async def watch(page: Page) -> None:
                assert page.ws is not None
                try:
                    await page.ws.get_message()
                    disturbed.append(f"{page.session_id}: an unexpected frame")
                except trio_websocket.ConnectionClosed:
                    if page.pid != victim:
                        disturbed.append(f"{page.session_id}: its connection closed")
                        return
                    await reconnect(page, connections)
                    page.reconnected_after = time.monotonic() - killed_at
                    assert page.client is not None
                    await page.client.send(Rerun())  # the page sends nothing: the worker restored it all
                    msgs = await page.client.until_finished(30)
                    match = page.check(msgs)
                    assert match[6] == "True", "the lock should have been recreated"
                    assert page.pid != victim
                    page.finished_after = time.monotonic() - killed_at
                    back.append(page)
                    if len(back) == len(affected):
                        done.set()

            async with trio.open_nursery() as watchers:
                for page in pages:
                    watchers.start_soon(watch, page)
                await trio.sleep(0.2)
                killed_at = time.monotonic()
                os.kill(victim, signal.SIGKILL)
                with trio.fail_after(60):
                    await done.wait()
                await trio.sleep(0.5)  # the others stay quiet meanwhile
                watchers.cancel_scope.cancel()
            assert disturbed == []
            assert len(back) == len(affected)
            # The sessions on the other workers go on where they were.
            for page in others[:40]:
                pid = page.pid
                await page.interact(rng, 2)
                assert page.pid == pid
            for page in pages:
                await page.close()
            connections.cancel_scope.cancel()
        client.close()
        reconnects = [p.reconnected_after for p in affected if p.reconnected_after is not None]
        finishes = [p.finished_after for p in affected if p.finished_after is not None]
        return {"sessions": sessions, "affected": len(affected), "reconnect": figures("reconnect", reconnects),
                "first_frame": figures("rerun finished", finishes)}
    finally:
        cluster.stop()


async def test_kill_9_of_one_of_four_workers_with_200_sessions(tmp_path: Path, redis_server: RedisServer) -> None:
    result = await kill_one_of_four(tmp_path, redis_server.url, 200)
    print(f"\nkill -9 of 1 of 4 workers, {result['sessions']} sessions, {result['affected']} affected: "
          f"{result['reconnect']}; {result['first_frame']}")
    assert result["affected"]


async def test_a_worker_killed_mid_run_after_a_slider_change(tmp_path: Path, redis_server: RedisServer) -> None:
    cluster = Cluster(tmp_path, redis_server.url, 2)
    try:
        cluster.wait_serving(2)
        async with trio.open_nursery() as connections:
            page = Page(cluster.url())
            await page.open(connections)
            await page.first_run()
            assert page.client is not None
            page.v = 7  # the app sleeps 2 s with this value
            await page.client.send(Rerun(page.states(), changed=(page.ids["slider"],)))
            with trio.fail_after(10):
                while not any(isinstance(m, ScriptStarted) for m in await page.client.recv()):
                    pass
            victim = page.pid
            os.kill(victim, signal.SIGKILL)
            await reconnect(page, connections)
            await page.client.send(Rerun())  # nothing from the page: the value was written ahead
            page.check(await page.client.until_finished(30))
            assert page.pid != victim
            await page.close()
            connections.cancel_scope.cancel()
    finally:
        cluster.stop()


MOVED_APP = """
from kernel import st
from thing import Thing
if "n" not in st.session_state:
    st.session_state.n = 0
st.session_state.n += 1
if "thing" not in st.session_state:
    st.session_state.thing = Thing("first")
    st.text(f"n={st.session_state.n} thing=new")
else:
    st.text(f"n={st.session_state.n} thing={st.session_state.thing.label}")
"""


async def test_a_class_moved_between_deploys_drops_its_key_and_the_tab_loads(tmp_path: Path,
                                                                            redis_server: RedisServer) -> None:
    from tests.plugins.runtime.liveloop_client import props_of

    (tmp_path / "thing.py").write_text("class Thing:\n    def __init__(self, label):\n        self.label = label\n")
    cluster = Cluster(tmp_path, redis_server.url, 1, source=MOVED_APP, options={"server.run_on_save": "false"},
                      worker_ports=str(_port()))
    try:
        cluster.wait_serving(1)
        [name] = cluster.pids
        async with trio.open_nursery() as connections:
            page = Page(cluster.url(name))
            await page.open(connections)
            assert page.client is not None
            for n in (1, 2):
                await page.client.send(Rerun())
                assert props_of(await page.client.until_finished(30), "text")[-1]["body"].startswith(f"n={n} thing=")
            # The new deploy moves the class: thing.Thing now lives in things.Thing.
            (tmp_path / "things.py").write_text(
                "class Thing:\n    def __init__(self, label):\n        self.label = label\n")
            (tmp_path / "thing.py").unlink()
            (tmp_path / "app.py").write_text(MOVED_APP.replace("from thing import", "from things import"))
            os.kill(cluster.pids[name], signal.SIGKILL)  # the old worker goes; the supervisor starts the new code
            cluster.wait_serving(2)
            await reconnect(page, connections, cluster.url(name))
            await page.client.send(Rerun())
            assert props_of(await page.client.until_finished(30), "text")[-1]["body"] == "n=3 thing=new"
            await page.close()
            connections.cancel_scope.cancel()
    finally:
        cluster.stop()
    log = cluster.log.read_text()
    assert "'thing' was not restored (could not be unpickled" in log


def _port() -> int:
    from tests.contrib.scaleout_redis.cluster import _free_port

    return _free_port()


async def test_a_stale_owner_is_refused_and_closes_its_copy(tmp_path: Path, redis_server: RedisServer) -> None:
    from kernel.contracts.scaleout import StateCodec
    from kernel.contracts.signed_values import ValueSigner, key_from_text

    first, second = _port(), _port()
    cluster = Cluster(tmp_path, redis_server.url, 2, options={"scaleout.lease_ttl": "1"},
                      worker_ports=f"{first},{second}")
    try:
        cluster.wait_serving(2)
        by_port = {port: name for name, port in cluster.ports.items()}
        x, y = by_port[first], by_port[second]
        async with trio.open_nursery() as connections:
            old = Page(cluster.url(x))
            await old.open(connections)
            await old.first_run()
            await old.interact(random.Random(1), 2)  # n = 1
            os.kill(cluster.pids[x], signal.SIGSTOP)  # x is paused past its lease
            try:
                await trio.sleep(1.5)
                new = Page(cluster.url(y))
                new.token, new.ids, new.v, new.t, new.n, new.items = old.token, old.ids, old.v, old.t, old.n, \
                    list(old.items)
                hello = await new.open(connections)
                assert hello.resumed
                await new.interact(random.Random(2), 2)  # n = 2 on y
            finally:
                os.kill(cluster.pids[x], signal.SIGCONT)
            assert old.client is not None and old.ws is not None
            # x wakes up and runs the session again: its write is refused, and it closes its copy.
            await old.client.send(Rerun(old.states(), trigger=old.ids["button"], changed=()))
            with trio.fail_after(15):
                while old.ws.closed is None:
                    try:
                        await old.ws.get_message()
                    except trio_websocket.ConnectionClosed:
                        break
            assert old.ws.closed is not None and old.ws.closed.code == 4002
            client = redis.Redis.from_url(redis_server.url)
            key = f"kernel:app.py:s:{new.session_id}"
            codec = StateCodec(ValueSigner(key_from_text(SECRET, option="secret")))
            assert codec.decode(new.session_id, "n", client.hget(key, "k:n")) == 2
            assert client.hget(key, "__owner__").startswith(y.encode() + b"|")
            client.close()
            await old.close()
            await new.close()
            connections.cancel_scope.cancel()
    finally:
        cluster.stop()
    assert "its writes are refused" in cluster.log.read_text()
