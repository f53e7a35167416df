"""Issue 22's acceptance for side channels: Debian's nginx in front of ``kernel run --workers 2
--worker-ports`` (real processes, a real redis-server) spreading every request round-robin,
with no affinity. 100 uploads of 1 MiB (they ride the sessions' WebSockets through nginx),
then 100 downloads of what was uploaded, and pages of a large frame and chart data, all
fetched through nginx (the configuration ``kernel proxy-config nginx --no-affinity`` prints):
every one must succeed. nginx's log shows that both workers answered."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import signal
from pathlib import Path

import pytest
import trio

from kernel._proxy_config import nginx_config
from kernel.contracts.messages import ErrorMsg, Rerun, UploadAck, UploadChunk, UploadRefused, UploadStart
from tests.contrib.cache_redis.conftest import RedisServer
from tests.contrib.scaleout_redis.cluster import Cluster
from tests.contrib.scaleout_redis.conftest import ProxyFactory
from tests.contrib.scaleout_redis.proxies import free_port
from tests.plugins.runtime.liveloop_client import StreamClient, connect, http_request, props_of

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

ACCEPT_APP = """
import hashlib
import numpy as np
import pandas as pd
from kernel import st
f = st.file_uploader("Data", max_upload_size=3)
if f is not None:
    data = f.getvalue()
    st.text(f"{f.name} {f.size} {hashlib.sha256(data).hexdigest()}")
    st.download_button("Back", data, file_name=f.name)
n = 3_000
st.dataframe(pd.DataFrame({"i": np.arange(n), "v": (np.arange(n) * 7919) % 1000}), lazy=True)
x = np.arange(20_000)
st.line_chart(pd.DataFrame({"a": np.sin(x / 500)}))
"""
"""An upload field that shows each file's hash and offers it back as a download, a paged
frame and a chart whose points are fetched over HTTP."""

SESSIONS = 10
UPLOADS_PER_SESSION = 10
MIB = 1024 * 1024


def round_robin(ports: list[int], port: int, folder: Path) -> str:
    """``kernel proxy-config nginx --no-affinity``: nginx spreads every request over the workers in turn."""
    return nginx_config("127.0.0.1", ports, f"127.0.0.1:{port}", affinity=False, access_log=str(folder / "access.log"))


_LOGGED = re.compile(r'"(\w+) (\S+)" (\d+) \d+ \S+ (.+)$')


async def _answer(client: StreamClient) -> object:
    with trio.fail_after(120):
        while True:
            for msg in await client.recv():
                if isinstance(msg, UploadAck | UploadRefused | ErrorMsg):
                    return msg


async def one_session(number: int, base: str, fetched: list[tuple[str, int]]) -> None:
    """A page through nginx: uploads, each checked by the script and downloaded back through nginx."""
    async with connect(base.replace("http://", "ws://") + "/_kernel/stream?v=1") as ws:
        client = StreamClient(ws)
        await client.new_session()
        await client.send(Rerun())
        first = await client.until_finished(120)
        key = str(props_of(first, "file_uploader")[0]["upload_key"])
        widget = key.removesuffix("::upload")
        for target in (props_of(first, "dataframe")[0]["source"] + "?start=200&stop=400&sort=1&desc=1",
                       props_of(first, "vega_lite")[0]["source"]["url"] + "?w=300"):
            status, _, body = await http_request(base, target)
            assert status == 200 and body, (target, status, body[:200])
            fetched.append(("data", status))
        for i in range(UPLOADS_PER_SESSION):
            upload_id = f"u{number:02d}-{i:03d}-{os.urandom(4).hex()}"
            data = os.urandom(MIB)
            await client.send(UploadStart(upload_id, key, f"f{i}.bin", MIB, "application/octet-stream"))
            assert await _answer(client) == UploadAck(upload_id, 0, start=True)
            await client.send(UploadChunk(upload_id, 0, base64.b64encode(data).decode()))
            assert await _answer(client) == UploadAck(upload_id, MIB)
            await client.send(Rerun({widget: [upload_id], key: {upload_id: {
                "name": f"f{i}.bin", "type": "application/octet-stream", "size": MIB, "chunked": True}}},
                changed=(widget,)))
            msgs = await client.until_finished(120)
            assert props_of(msgs, "text")[0]["body"] == f"f{i}.bin {MIB} {hashlib.sha256(data).hexdigest()}"
            url = props_of(msgs, "download_button")[0]["url"]
            status, _, body = await http_request(base, url)
            assert status == 200 and body == data, (url, status, body[:200])
            fetched.append(("media", status))


async def test_uploads_downloads_frames_and_data_through_nginx_round_robin(
        tmp_path: Path, redis_server: RedisServer, nginx_proxy: ProxyFactory) -> None:
    ports = [free_port(), free_port()]
    cluster = Cluster(tmp_path, redis_server.url, 2, source=ACCEPT_APP, worker_ports=",".join(map(str, ports)))
    try:
        cluster.wait_serving(2)
        port = free_port()
        nginx_proxy(round_robin(ports, port, tmp_path), port)
        base = f"http://127.0.0.1:{port}"
        fetched: list[tuple[str, int]] = []
        async with trio.open_nursery() as nursery:
            for number in range(SESSIONS):
                nursery.start_soon(one_session, number, base, fetched)
        media = [status for kind, status in fetched if kind == "media"]
        assert len(media) == SESSIONS * UPLOADS_PER_SESSION and set(media) == {200}
        assert len(fetched) - len(media) == 2 * SESSIONS
        # nginx spread the side-channel requests over both workers
        logged = [_LOGGED.search(line) for line in (tmp_path / "access.log").read_text().splitlines()]
        # (the worker that answered: the last upstream nginx tried, status) of each side-channel request
        side = [(m[4].split(", ")[-1], m[3]) for m in logged
                if m is not None and m[2].startswith(("/_kernel/media/", "/_kernel/data/"))]
        assert len(side) == len(fetched) and {status for _, status in side} == {"200"}
        assert {upstream for upstream, _ in side} == {f"127.0.0.1:{p}" for p in ports}
        print(f"side-channel requests through nginx: {len(side)}, per worker: "
              + ", ".join(f"{p}: {sum(u == f'127.0.0.1:{p}' for u, _ in side)}" for p in ports))
    finally:
        await trio.to_thread.run_sync(cluster.stop)
