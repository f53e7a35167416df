"""Caches across workers at process level (issue 22): ``kernel run app.py --workers 4`` with
the Redis cache and scale-out on a real redis-server, a wire-protocol client per worker.

The same ``st.cache_data`` miss on the four workers at once runs the body once; a clear
on one worker is seen by the others; ``st.cache_resource`` stays per worker and
``kernel cache stats`` lists each worker's own. Times are printed, never asserted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import trio

from kernel.contracts.messages import Rerun
from tests.contrib.cache_redis.conftest import RedisServer
from tests.contrib.scaleout_redis.cluster import SECRET, Cluster
from tests.plugins.runtime.liveloop_client import StreamClient, props_of

SIGNING_KEY = "s" * 40

FLEET_APP = """
import os, secrets, time
from kernel import st

@st.cache_data(show_spinner=False)
def slow(x):
    with open({calls!r}, "a") as f:
        f.write(f"{{os.getpid()}}\\n")
    time.sleep(1.5)
    return x * 2

@st.cache_resource
def resource():
    return secrets.token_hex(6)

go = st.checkbox("go")
if st.button("clear data"):
    slow.clear()
if st.button("clear resources"):
    st.cache_resource.clear()
st.text(f"pid={{os.getpid()}} value={{slow(21) if go else None}} resource={{resource()}}")
"""


class Tab:
    """One session on one worker, over the wire protocol."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.ids: dict[str, str] = {}
        self.client: StreamClient | None = None
        self.go = False
        self.shown: dict[str, str] = {}

    async def open(self, nursery: trio.Nursery) -> None:
        import trio_websocket

        port = int(self.url.split(":")[2].split("/")[0])
        ws = await trio_websocket.connect_websocket(nursery, "127.0.0.1", port, "/" + self.url.split("/", 3)[3],
                                                    use_ssl=False)
        self.client = StreamClient(ws)
        await self.client.new_session()
        await self.run()

    async def run(self, go: bool = False, button: str | None = None) -> dict[str, str]:
        assert self.client is not None
        states = {self.ids["go"]: go} if "go" in self.ids else {}
        changed = tuple(states) if go != self.go else ()
        self.go = go
        trigger = self.ids.get(button) if button else None
        await self.client.send(Rerun(states, trigger=trigger, changed=changed))
        msgs = await self.client.until_finished(60)
        for kind in ("checkbox", "button"):
            for props in props_of(msgs, kind):
                self.ids["go" if kind == "checkbox" else str(props["label"])] = str(props["id"])
        texts = props_of(msgs, "text")
        if texts:  # an unchanged element is not sent again
            self.shown = dict(part.split("=", 1) for part in str(texts[-1]["body"]).split())
        return dict(self.shown)


def calls_in(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


async def test_four_workers_compute_a_miss_once_and_see_each_others_clears(tmp_path: Path,
                                                                          redis_server: RedisServer) -> None:
    calls = tmp_path / "calls.txt"
    ports = [_free_port() for _ in range(4)]
    cluster = Cluster(tmp_path, redis_server.url, 4, source=FLEET_APP.format(calls=str(calls)),
                      worker_ports=",".join(map(str, ports)),
                      options={"cache.backend": "redis", "cache.redis_url": redis_server.url,
                               "cache.signing_key": SIGNING_KEY})
    try:
        cluster.wait_serving(4)
        async with trio.open_nursery() as nursery:
            tabs = [Tab(cluster.url(name)) for name in sorted(cluster.ports)]
            for tab in tabs:
                await tab.open(nursery)
            shown: list[dict[str, str]] = [{} for _ in tabs]

            async def go(i: int) -> None:
                shown[i] = await tabs[i].run(go=True)

            started = time.monotonic()
            async with trio.open_nursery() as group:
                for i in range(4):
                    group.start_soon(go, i)
            took = time.monotonic() - started
            assert len({s["pid"] for s in shown}) == 4, "one session on each worker"
            assert [s["value"] for s in shown] == ["42"] * 4
            assert len(calls_in(calls)) == 1, f"the body ran in {calls_in(calls)}: once across the workers"
            print(f"\nsame miss on 4 workers at once: body ran once, all 4 had the value after {took:.2f} s")

            # st.cache_resource is per worker: four objects.
            assert len({s["resource"] for s in shown}) == 4

            # A clear on worker 1 (in Redis): the others compute again, once.
            await tabs[0].run(go=False, button="clear data")
            assert len(calls_in(calls)) == 1
            cleared = time.monotonic()
            async with trio.open_nursery() as group:
                for i in range(1, 4):
                    group.start_soon(go, i)
            assert len(calls_in(calls)) == 2 and [s["value"] for s in shown[1:]] == ["42"] * 3
            print(f"slow.clear() on worker 1: workers 2-4 recomputed it once ({time.monotonic() - cleared:.2f} s "
                  "including the 1.5 s body)")

            # st.cache_resource.clear() on worker 1 reaches the other workers' own objects.
            before = [s["resource"] for s in shown]
            await tabs[0].run(go=True, button="clear resources")
            cleared = time.monotonic()
            for i in range(1, 4):
                while True:
                    now = await tabs[i].run(go=True)
                    if now["resource"] != before[i]:
                        break
                    assert time.monotonic() - cleared < 30, f"worker {i + 1} kept its resource"
                    await trio.sleep(0.01)
                print(f"st.cache_resource.clear() on worker 1 seen on worker {i + 1} after "
                      f"{(time.monotonic() - cleared) * 1000:.0f} ms (by a rerun that polls)")

            # kernel cache stats: each worker's own caches.
            env = {**os.environ, "KERNEL_SCALEOUT_SECRET": SECRET}
            out = await trio.to_thread.run_sync(lambda: subprocess.run(
                [sys.executable, "-m", "kernel", "cache", "stats", "--json", "--wait", "2",
                 "--scaleout.backend=redis", f"--scaleout.redis_url={redis_server.url}",
                 "--scaleout.key_prefix=kernel:app.py",  # the default prefix of app.py
                 "--cache.backend=redis", f"--cache.redis_url={redis_server.url}",
                 f"--cache.signing_key={SIGNING_KEY}"],
                cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60))
            assert out.returncode == 0, out.stderr
            report = json.loads(out.stdout)
            workers = {w["worker"]: w for w in report["workers"]}
            assert set(workers) == set(cluster.ports), report
            for worker in workers.values():
                rows = {(r["kind"], r["function"]): r for r in worker["functions"]}
                assert rows[("resource", "resource")]["entries"] == 1
                assert ("data", "slow") not in rows, "st.cache_data lives in Redis, not in the worker"
            assert report["redis"]["entries"] == 1
            for tab in tabs:
                assert tab.client is not None
                await tab.client.ws.aclose()
            nursery.cancel_scope.cancel()
    finally:
        cluster.stop()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
