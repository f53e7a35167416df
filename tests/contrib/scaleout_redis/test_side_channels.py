"""HTTP side channels served by any worker (issue 22): media files and downloads, pages of
large frames and chart data made by one worker's session, asked of another worker; the
answer passes through a real redis-server (or a shared blob directory), signed, and is
refused when it was altered. Workers are servers in this process sharing the Redis."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
import redis
import trio

from kernel.contracts.messages import Rerun
from kernel_plugins.runtime import HttpRuntime
from tests.contrib.scaleout_redis.conftest import Workers, store_of
from tests.plugins.runtime.liveloop_client import StreamClient, connect, http_request, props_of, stream_url

SIDE_APP = """
import numpy as np
import pandas as pd
from kernel import st
size = int(st.query_params.get("size", "7000"))
st.download_button("Get", (b"report " * (size // 7 + 1))[:size], file_name="report.txt", mime="text/plain")
n = 3_000
st.dataframe(pd.DataFrame({"i": np.arange(n), "v": (np.arange(n) * 7919) % 1000}), lazy=True)
x = np.arange(20_000)
st.line_chart(pd.DataFrame({"a": np.sin(x / 500)}))
"""
"""A download, a paged frame and a chart whose points are fetched over HTTP."""


@pytest.fixture(autouse=True)
def patient(monkeypatch: pytest.MonkeyPatch) -> None:
    """A loaded machine may take seconds to pass a request between workers; a 404 waits it out."""
    from kernel_plugins.scaleout import _relay

    monkeypatch.setattr(_relay, "FIND_SECONDS", 30.0)


async def side_urls(runtime: HttpRuntime, query: str = "") -> dict[str, str]:
    """Run SIDE_APP in a session on ``runtime``; the URLs its page fetches over HTTP."""
    async with connect(stream_url(runtime)) as ws:
        page = StreamClient(ws)
        await page.new_session()
        await page.send(Rerun(query_string=query))
        msgs = await page.until_finished(60)
    grid = props_of(msgs, "dataframe")[0]
    chart = props_of(msgs, "vega_lite")[0]
    return {"media": props_of(msgs, "download_button")[0]["url"], "frame": grid["source"],
            "data": chart["source"]["url"]}


def blob_keys(client: redis.Redis, prefix: str) -> list[Any]:
    return list(client.scan_iter(f"{prefix}:blob:*"))


async def test_media_frames_and_data_are_served_by_a_worker_that_did_not_make_them(
        worker: Workers, client: redis.Redis, prefix: str) -> None:
    a = await worker(SIDE_APP, worker="a")
    b = await worker(SIDE_APP, worker="b")
    urls = await side_urls(a)
    assert urls["media"].startswith("/_kernel/media/")
    assert urls["frame"].startswith("/_kernel/data/") and urls["data"].startswith("/_kernel/data/")
    targets = [urls["media"], urls["frame"] + "?start=100&stop=300&sort=1&desc=1", urls["data"] + "?w=300",
               urls["data"] + "?x0=1000&x1=1999&w=300"]
    for target in targets:
        own = await http_request(a.url, target)
        other = await http_request(b.url, target)
        assert own[0] == 200 and other[0] == 200, (target, own[0], other[0], other[2][:200])
        assert other[2] == own[2] and other[1]["content-type"] == own[1]["content-type"]
    page = pa.ipc.open_stream((await http_request(b.url, targets[1]))[2]).read_all()
    assert page.num_rows == 200
    # the rows come sorted by v, descending, as the holder's route sorted them
    values = page.column("2").to_pylist()  # the index, i, then v
    assert values == sorted(values, reverse=True) and len(set(values)) > 50
    assert (await http_request(b.url, urls["media"]))[1]["content-disposition"].startswith("attachment")
    # a byte range is answered by the holder: only the range travels
    status, headers, body = await http_request(b.url, urls["media"], headers=[("range", "bytes=7-13")])
    assert status == 206 and body == b"report " and headers["content-range"] == "bytes 7-13/7000"
    # each answer was taken from the store by the worker that served it
    assert blob_keys(client, prefix) == []


async def test_strangers_and_other_sites_get_nothing(worker: Workers, client: redis.Redis, prefix: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from kernel_plugins.scaleout import _relay

    a = await worker(SIDE_APP, worker="a")
    b = await worker(SIDE_APP, worker="b")
    urls = await side_urls(a)
    # the data route's origin check holds on every worker: another site's page is refused
    for headers in ([("sec-fetch-site", "cross-site")], [("origin", "http://evil.example")]):
        status, _, body = await http_request(b.url, urls["data"] + "?w=300", headers=headers)
        assert status == 403 and b"own pages" in body
    monkeypatch.setattr(_relay, "FIND_SECONDS", 1.0)  # each 404 below waits it out
    # ids nobody holds (another session's would be unguessable): 404 from every worker
    for target in ("/_kernel/components/v1/nothing/index.html", "/_kernel/data/" + "0" * 40,
                   "/_kernel/media/" + "0" * 32 + ".txt"):
        assert (await http_request(b.url, target))[0] == 404
    assert blob_keys(client, prefix) == []


async def test_an_altered_answer_is_refused(worker: Workers, client: redis.Redis, prefix: str,
                                            caplog: pytest.LogCaptureFixture) -> None:
    a = await worker(SIDE_APP, worker="a")
    b = await worker(SIDE_APP, worker="b")
    urls = await side_urls(a)
    store = store_of(a)
    share = store.share

    def tampering(name: str, data: bytes, ttl: float) -> None:
        share(name, data[:-1] + bytes([data[-1] ^ 1]), ttl)

    store.share = tampering  # what a writes into Redis is altered on the way
    with caplog.at_level(logging.WARNING, "kernel.scaleout"):
        assert (await http_request(b.url, urls["media"]))[0] == 404
    assert any("did not verify" in r.getMessage() for r in caplog.records)
    store.share = share
    assert (await http_request(b.url, urls["media"]))[0] == 200


async def test_an_unsigned_request_on_the_bus_is_ignored(worker: Workers, client: redis.Redis, prefix: str,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    a = await worker(SIDE_APP, worker="a")
    urls = await side_urls(a)
    body = json.dumps({"n": "1" * 32, "w": "x", "m": "GET", "p": urls["media"], "q": "", "h": []}).encode()
    with caplog.at_level(logging.WARNING, "kernel.scaleout"):
        client.publish(f"{prefix}:bus:all", b"want " + b"0" * 64 + b" " + body)
        with trio.fail_after(30):
            while not any("not signed" in r.getMessage() for r in caplog.records):
                await trio.sleep(0.05)
    assert blob_keys(client, prefix) == []


async def test_an_answer_over_the_store_limit_is_a_503_that_says_why(worker: Workers, prefix: str) -> None:
    a = await worker(SIDE_APP, worker="a", **{"scaleout.max_entry_bytes": "4096"})
    b = await worker(SIDE_APP, worker="b", **{"scaleout.max_entry_bytes": "4096"})
    urls = await side_urls(a)
    status, _, body = await http_request(b.url, urls["media"])
    assert status == 503 and b"blob_dir" in body
    # a small answer (a byte range) still passes
    assert (await http_request(b.url, urls["media"], headers=[("range", "bytes=0-99")]))[0] == 206


async def test_a_big_answer_passes_through_the_shared_directory(worker: Workers, client: redis.Redis, prefix: str,
                                                                tmp_path: Path) -> None:
    shared = tmp_path / "blobs"
    options = {"scaleout.blob_dir": str(shared), "scaleout.max_entry_bytes": "65536"}
    a = await worker(SIDE_APP, worker="a", **options)
    b = await worker(SIDE_APP, worker="b", **options)
    size = 3 * 1024 * 1024
    urls = await side_urls(a, f"size={size}")
    status, _, body = await http_request(b.url, urls["media"])
    assert status == 200 and len(body) == size and body == (b"report " * (size // 7 + 1))[:size]
    # the reader deleted the file and its note
    assert list(shared.iterdir()) == [] and blob_keys(client, prefix) == []
