"""HTTP side channels with real processes (issue 22): ``kernel run --workers 2 --worker-ports``
against a real redis-server, with the test spreading the page's HTTP requests over both
workers in turn (round-robin, no affinity). Times are printed (``-s``), never asserted."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import trio

from kernel.contracts.messages import Rerun
from tests.contrib.cache_redis.conftest import RedisServer
from tests.contrib.scaleout_redis.cluster import Cluster, _free_port
from tests.contrib.scaleout_redis.test_side_channels import SIDE_APP
from tests.plugins.runtime.liveloop_client import StreamClient, connect, http_request, props_of

BIG = 2 * 1024 * 1024
"""The download's size: over 1 MiB, so it passes through the shared blob directory."""
COMPONENT = """
import streamlit.components.v1 as components
components.declare_component("thing", path="frontend")()
"""
"""A custom component: only a worker that ran the script knows its build directory."""


async def test_every_side_channel_answers_on_both_workers_in_turn(tmp_path: Path, redis_server: RedisServer) -> None:
    ports = [_free_port(), _free_port()]
    blobs = tmp_path / "blobs"
    (tmp_path / "frontend").mkdir()
    (tmp_path / "frontend" / "index.html").write_text("<p>the thing</p>")
    cluster = Cluster(tmp_path, redis_server.url, 2, source=SIDE_APP + COMPONENT,
                      worker_ports=f"{ports[0]},{ports[1]}",
                      options={"scaleout.blob_dir": str(blobs)})
    try:
        cluster.wait_serving(2)
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        async with connect(f"ws://127.0.0.1:{ports[0]}/_kernel/stream?v=1") as ws:
            page = StreamClient(ws)
            await page.new_session()
            await page.send(Rerun(query_string=f"size={BIG}"))
            msgs = await page.until_finished(120)
            targets = [props_of(msgs, "download_button")[0]["url"],
                       props_of(msgs, "dataframe")[0]["source"] + "?start=0&stop=500&sort=1&desc=0",
                       props_of(msgs, "vega_lite")[0]["source"]["url"] + "?w=400"]
            # the other worker never ran the script, so it knows no component: the one that did answers
            component = props_of(msgs, "component")[0]["src"]
            assert component.startswith("/_kernel/components/v1/")
            assert (await http_request(bases[1], component))[2] == b"<p>the thing</p>"
            expected = [(await http_request(bases[0], target))[2] for target in targets]
            assert len(expected[0]) == BIG and all(expected)
            kinds = ["2 MiB download", "frame page (500 rows, sorted)", "chart data (M4, 300 px)"]
            took: dict[str, list[float]] = {}
            for turn in range(60):  # round-robin: every other request reaches the worker that lacks the items
                which = turn % 2
                target = targets[(turn // 2) % len(targets)]
                started = time.perf_counter()
                status, _, body = await http_request(bases[which], target)
                kind = kinds[targets.index(target)]
                took.setdefault(f"{kind} via the {'other' if which else 'own'} worker", []).append(
                    time.perf_counter() - started)
                assert status == 200, (target, which, body[:300])
                assert body == expected[targets.index(target)]
        assert list(blobs.iterdir()) == []  # every big answer's file was read and deleted
        for name, values in took.items():
            print(f"side-channel fetch, {name}: p50 {statistics.median(values) * 1000:.1f} ms, "
                  f"max {max(values) * 1000:.1f} ms ({len(values)} requests)")
    finally:
        await trio.to_thread.run_sync(cluster.stop)
