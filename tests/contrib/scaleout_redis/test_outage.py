"""A Redis outage at process level (issue 22): ``kernel run app.py --workers 2`` with
scale-out and the cache on one real redis-server, several sessions interacting all the
time; Redis is stopped for 10 s, then started again (empty: it keeps no data on disk).

Every session keeps working (each interaction's run shows what the client expects, no
error, no closed connection), cache calls compute locally, each worker logs the outage
once, and checkpointing resumes by itself once Redis is back. Times are printed, never
asserted (the deadlines are generous)."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import redis
import trio
import trio_websocket

from kernel.contracts.messages import Rerun
from kernel.contracts.scaleout import StateCodec
from kernel.contracts.signed_values import ValueSigner, key_from_text
from tests.contrib.cache_redis.conftest import RedisServer
from tests.contrib.scaleout_redis.cluster import SECRET, Cluster
from tests.plugins.runtime.liveloop_client import StreamClient, props_of

OUTAGE_APP = """
import os
from kernel import st

@st.cache_data(show_spinner=False)
def square(x):
    return x * x

v = st.slider("v", 0, 1000, 0)
if "n" not in st.session_state:
    st.session_state.n = 0
st.session_state.n += 1
st.text(f"pid={os.getpid()} v={v} sq={square(v)} n={st.session_state.n}")
"""

_TEXT = re.compile(r"pid=(\d+) v=(\d+) sq=(\d+) n=(\d+)")
SESSIONS = 6
OUTAGE_SECONDS = 10.0


class Session:
    """One page that interacts in a loop and checks every run against its own model."""

    def __init__(self, url: str, rng: random.Random) -> None:
        self.url = url
        self.rng = rng
        self.v = 0
        self.n = 0
        self.pid = 0
        self.session_id = ""
        self.slider = ""
        self.runs = 0
        self.client: StreamClient | None = None

    async def open(self, nursery: trio.Nursery) -> None:
        port = int(self.url.split(":")[2].split("/")[0])
        ws = await trio_websocket.connect_websocket(nursery, "127.0.0.1", port, "/" + self.url.split("/", 3)[3],
                                                    use_ssl=False)
        self.client = StreamClient(ws)
        hello = await self.client.new_session()
        self.session_id = hello.session_id
        await self.client.send(Rerun())
        msgs = await self.client.until_finished(60)
        self.slider = str(props_of(msgs, "slider")[0]["id"])
        self.check(msgs)

    def check(self, msgs: list[object]) -> None:
        self.n += 1
        self.runs += 1
        assert not props_of(msgs, "exception"), f"session {self.session_id}: an error: {props_of(msgs, 'exception')}"
        body = str(props_of(msgs, "text")[-1]["body"])
        match = _TEXT.fullmatch(body)
        assert match is not None, body
        assert (int(match[2]), int(match[3]), int(match[4])) == (self.v, self.v * self.v, self.n), (
            f"session {self.session_id} shows {body}, expected v={self.v} n={self.n}")
        self.pid = int(match[1])

    async def interact(self) -> None:
        assert self.client is not None
        self.v = self.rng.choice([v for v in range(1, 1000) if v != self.v])
        await self.client.send(Rerun({self.slider: self.v}, changed=(self.slider,)))
        self.check(await self.client.until_finished(60))


def stored_n(client: redis.Redis, codec: StateCodec, session_id: str) -> int | None:
    """The counter the session's last checkpoint in Redis holds (``None``: nothing stored)."""
    data = client.hget(f"kernel:app.py:s:{session_id}", "k:n")
    return None if data is None else int(codec.decode(session_id, "n", data))


async def test_a_redis_outage_under_load_keeps_sessions_and_checkpoints_resume(tmp_path: Path,
                                                                              redis_server: RedisServer) -> None:
    ports = [_free_port() for _ in range(2)]
    cluster = Cluster(tmp_path, redis_server.url, 2, source=OUTAGE_APP, worker_ports=",".join(map(str, ports)),
                      options={"cache.backend": "redis", "cache.redis_url": redis_server.url,
                               "cache.signing_key": "k" * 40, "cache.redis_timeout": "1"})
    codec = StateCodec(ValueSigner(key_from_text(SECRET, option="secret")))
    rng = random.Random(22)
    try:
        cluster.wait_serving(2)
        names = sorted(cluster.ports)
        sessions = [Session(cluster.url(names[i % 2]), rng) for i in range(SESSIONS)]
        phase = {"stop": False}
        async with trio.open_nursery() as nursery:
            for session in sessions:
                await session.open(nursery)
            assert len({s.pid for s in sessions}) == 2, "sessions on both workers"

            async def keep_interacting(session: Session) -> None:
                while not phase["stop"]:
                    await session.interact()
                    await trio.sleep(rng.uniform(0.05, 0.3))

            async with trio.open_nursery() as load:
                for session in sessions:
                    load.start_soon(keep_interacting, session)
                await trio.sleep(2)
                before = sum(s.runs for s in sessions)
                await trio.to_thread.run_sync(redis_server.stop)
                stopped = time.monotonic()
                await trio.sleep(OUTAGE_SECONDS)
                during = sum(s.runs for s in sessions) - before
                await trio.to_thread.run_sync(redis_server.start)
                back = time.monotonic()
                print(f"\nRedis away {back - stopped:.1f} s: {during} runs of {SESSIONS} sessions went on meanwhile")
                assert during >= SESSIONS, "the sessions kept working while Redis was away"

                # Checkpointing resumes by itself: every session's counter in Redis catches up
                # with what its page had when Redis came back.
                marks = {s.session_id: s.n for s in sessions}
                client = redis.Redis.from_url(redis_server.url)
                resumed: dict[str, float] = {}
                while len(resumed) < len(sessions):
                    for s in sessions:
                        if s.session_id not in resumed:
                            n = await trio.to_thread.run_sync(stored_n, client, codec, s.session_id)
                            if n is not None and n >= marks[s.session_id]:
                                resumed[s.session_id] = time.monotonic() - back
                    assert time.monotonic() - back < 60, f"checkpoints resumed for {len(resumed)} sessions only"
                    await trio.sleep(0.05)
                print(f"checkpoints resumed after Redis returned: first {min(resumed.values()):.2f} s, "
                      f"last {max(resumed.values()):.2f} s")
                phase["stop"] = True
            for s in sessions:  # one more run each: Redis then holds exactly what the page has
                await s.interact()
            for s in sessions:
                deadline = time.monotonic() + 30
                while await trio.to_thread.run_sync(stored_n, client, codec, s.session_id) != s.n:
                    assert time.monotonic() < deadline, f"session {s.session_id}: Redis lags behind its page"
                    await trio.sleep(0.05)
            client.close()
            for s in sessions:
                assert s.client is not None
                await s.client.ws.aclose()
            nursery.cancel_scope.cancel()
    finally:
        cluster.stop()
    log = cluster.log.read_text(errors="replace")
    outages = [line for line in log.splitlines() if "is unavailable" in line]
    assert len(outages) == 2, f"one line per outage per worker, not per call: {outages}"
    assert "Traceback" not in log, log[-3000:]
    print("\n".join(outages))


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
