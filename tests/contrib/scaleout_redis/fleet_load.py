"""Load on ``kernel run --workers N`` (one SO_REUSEPORT port, a real redis-server): pages that
rerun a CPU-bound script back to back, the Redis connections the workers hold meanwhile
(``CLIENT LIST``), and the session keys left once the pages are gone. Shared by
benchmarks/bench_fleet.py (which prints the rates) and test_fleet_load.py (which asserts
counts, never rates)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import redis
import trio

from kernel.contracts.messages import Rerun
from tests.contrib.scaleout_redis.cluster import Cluster, Page

CPU_APP = """
from kernel import st
total = sum(i * i for i in range(300_000))
st.session_state.runs = st.session_state.get("runs", 0) + 1  # a checkpoint per run
st.text(f"total={total} runs={st.session_state.runs}")
"""
"""A run that costs CPU (tens of milliseconds) and shows little."""

PREFIX = "kernel:app.py"


def worker_connections(client: redis.Redis) -> int:
    """Redis connections other than ``client``'s own."""
    return len(client.client_list()) - 1


def session_keys(client: redis.Redis) -> int:
    """Sessions the store holds (``<prefix>:s:<id>`` hashes)."""
    return sum(1 for _ in client.scan_iter(f"{PREFIX}:s:*"))


async def load(folder: Path, redis_url: str, *, workers: int, sessions: int, seconds: float,
               session_ttl: float = 3.0) -> dict[str, Any]:
    """``sessions`` pages rerun back to back for ``seconds``; returns reruns/s, the workers'
    Redis connections during the load, and the session keys once the pages are gone and
    ``session_ttl`` (plus the server's grace period for a closed page) has passed."""
    folder.mkdir(parents=True, exist_ok=True)
    cluster = Cluster(folder, redis_url, workers, source=CPU_APP,
                      options={"scaleout.session_ttl": str(session_ttl), "server.disconnected_session_ttl": "0.5"})
    client = redis.Redis.from_url(redis_url)
    try:
        cluster.wait_serving(workers)
        pages = [Page(cluster.url()) for _ in range(sessions)]
        counts = [0] * sessions
        measuring = trio.Event()
        done = trio.Event()
        async with trio.open_nursery() as connections:
            for page in pages:
                await page.open(connections)

            async def rerun(i: int) -> None:
                client_ = pages[i].client
                assert client_ is not None
                while not done.is_set():
                    await client_.send(Rerun())
                    await client_.until_finished(60)
                    if measuring.is_set() and not done.is_set():
                        counts[i] += 1

            async with trio.open_nursery() as group:
                for i in range(sessions):
                    group.start_soon(rerun, i)
                await trio.sleep(1.0)  # warm up: every worker ran the script
                measuring.set()
                began = time.monotonic()
                await trio.sleep(seconds / 2)
                during = await trio.to_thread.run_sync(worker_connections, client)
                await trio.sleep(seconds / 2)
                done.set()
                elapsed = time.monotonic() - began
            held = await trio.to_thread.run_sync(session_keys, client)
            for page in pages:
                await page.close()
            connections.cancel_scope.cancel()
        closed_at = time.monotonic()
        deadline = closed_at + session_ttl + 30
        left = session_keys(client)
        while left and time.monotonic() < deadline:
            await trio.sleep(0.2)
            left = session_keys(client)
        return {"workers": workers, "sessions": sessions, "reruns_per_s": sum(counts) / elapsed,
                "connections": during, "keys_during": held, "keys_left": left,
                "keys_gone_after": time.monotonic() - closed_at, "session_ttl": session_ttl}
    finally:
        client.close()
        cluster.stop()


__all__ = ["CPU_APP", "load", "session_keys", "worker_connections"]
