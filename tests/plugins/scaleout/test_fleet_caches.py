"""Caches across workers (two servers in one process, in-memory bus): a clear on one worker
reaches the other's own caches; each worker reports its own caches. The same with real
processes and Redis: tests/contrib/scaleout_redis/test_fleet_cache.py."""

from __future__ import annotations

import json
import time

import trio

from kernel.contracts.messages import Rerun
from tests.plugins.runtime.liveloop_client import StreamClient, connect, props_of, stream_url
from tests.plugins.scaleout.conftest import Workers

CACHE_APP = """
import secrets
from kernel import st

@st.cache_data
def data(x):
    return secrets.token_hex(8)

@st.cache_resource
def resource():
    return secrets.token_hex(8)

if st.button("one"):
    data.clear(1)
if st.button("function"):
    data.clear()
if st.button("all"):
    st.cache_data.clear()
    st.cache_resource.clear()
st.text(f"data={data(1)} other={data(2)} resource={resource()}")
"""


class Tab:
    def __init__(self, client: StreamClient) -> None:
        self.client = client
        self.buttons: dict[str, str] = {}

    async def run(self, button: str | None = None) -> dict[str, str]:
        trigger = self.buttons[button] if button else None
        await self.client.send(Rerun(trigger=trigger) if trigger else Rerun())
        msgs = await self.client.until_finished(30)
        for props in props_of(msgs, "button"):
            self.buttons[str(props["label"])] = str(props["id"])
        body = str(props_of(msgs, "text")[-1]["body"])
        return dict(part.split("=") for part in body.split())


async def wait_changed(tab: Tab, field: str, old: str) -> tuple[dict[str, str], float]:
    """Rerun ``tab`` until ``field`` differs from ``old`` (generous deadline); the values and the time it took."""
    start = time.monotonic()
    while True:
        shown = await tab.run()
        if shown[field] != old:
            return shown, time.monotonic() - start
        assert time.monotonic() - start < 30, f"{field} never changed on the other worker"
        await trio.sleep(0.02)


async def test_a_clear_on_one_worker_reaches_the_other_workers_caches(worker: Workers) -> None:
    a = await worker(CACHE_APP, worker="a")
    b = await worker(CACHE_APP, worker="b")
    async with connect(stream_url(a)) as wa, connect(stream_url(b)) as wb:
        ta, tb = Tab(StreamClient(wa)), Tab(StreamClient(wb))
        await ta.client.new_session()
        await tb.client.new_session()
        first_a, first_b = await ta.run(), await tb.run()
        assert first_a["data"] != first_b["data"], "the memory backend: each worker has its own entries"
        assert await tb.run() == first_b, "cached on b"

        await ta.run("one")  # data.clear(1): that key only
        shown, took = await wait_changed(tb, "data", first_b["data"])
        assert shown["other"] == first_b["other"] and shown["resource"] == first_b["resource"]
        print(f"\nf.clear(args) on a seen on b after {took * 1000:.0f} ms")

        await ta.run("function")  # data.clear(): every key of the function
        again, took = await wait_changed(tb, "other", shown["other"])
        assert again["resource"] == first_b["resource"]
        print(f"f.clear() on a seen on b after {took * 1000:.0f} ms")

        await ta.run("all")  # st.cache_data.clear() and st.cache_resource.clear()
        final, took = await wait_changed(tb, "resource", first_b["resource"])
        assert final["data"] != again["data"]
        print(f"st.cache_*.clear() on a seen on b after {took * 1000:.0f} ms")


async def test_each_worker_reports_its_own_caches(worker: Workers) -> None:
    from kernel_plugins.caching_api._fleet import ask_statistics

    a = await worker(CACHE_APP, worker="a")
    b = await worker(CACHE_APP, worker="b")
    async with connect(stream_url(a)) as wa, connect(stream_url(b)) as wb:
        ta, tb = Tab(StreamClient(wa)), Tab(StreamClient(wb))
        await ta.client.new_session()
        await tb.client.new_session()
        await ta.run()
        await ta.run()
        await tb.run()
    answers = await trio.to_thread.run_sync(ask_statistics, a.app, 1.0)
    assert answers is not None
    by_worker = {answer["worker"]: answer for answer in answers}
    assert set(by_worker) == {"b"}, "a worker does not answer its own request; the CLI is another process"
    rows = {(row["kind"], row["function"]): row for row in by_worker["b"]["functions"]}
    assert rows[("resource", "resource")]["entries"] == 1
    assert rows[("resource", "resource")]["misses"] == 1
    assert rows[("data", "data")]["entries"] == 2
    json.dumps(answers)  # what kernel cache stats --json prints
