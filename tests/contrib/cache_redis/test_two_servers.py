"""Two `kernel run` servers share one Redis cache: the second server's session gets a hit."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import trio

from kernel.contracts.messages import Rerun
from tests.contrib.cache_redis.conftest import RedisServer
from tests.plugins.runtime.liveloop_client import StreamClient, connect, props_of

SCRIPT = """
import os
from kernel import st

@st.cache_data(show_spinner=False)
def expensive(n):
    with open(os.environ["CALLS_FILE"], "a") as f:
        f.write(os.environ["SERVER_NAME"] + "\\n")
    st.text(f"computed {n}")
    return n * n

st.text(f"answer {expensive(12)}")
"""


def start_server(folder: Path, name: str, redis_url: str, calls: Path) -> tuple[subprocess.Popen[str], str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KERNEL_")}
    env.update(CALLS_FILE=str(calls), SERVER_NAME=name, KERNEL_CACHE_BACKEND="redis", KERNEL_CACHE_REDIS_URL=redis_url)
    # Servers sharing a Redis cache share its signing key (and the test writes no key file into $HOME).
    env.update(KERNEL_CACHE_SIGNING_KEY="test-signing-key-shared-by-both-servers-0123456789")
    proc = subprocess.Popen(
        [sys.executable, "-m", "kernel._cli", "run", "app.py", "--server.port=0"],
        cwd=folder, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        match = re.search(r"at (http://\S+)", proc.stdout.readline())
        if match:
            return proc, match.group(1)
    proc.kill()
    raise AssertionError(f"{name} did not start: {proc.communicate()[1]}")


async def texts_of_one_run(url: str) -> list[str]:
    async with connect(url.replace("http://", "ws://") + "_kernel/stream") as ws:
        client = StreamClient(ws)
        await client.new_session()
        await client.send(Rerun())
        return [p["body"] for p in props_of(await client.until_finished(), "text")]


async def test_two_servers_share_one_redis_cache(tmp_path: Path, redis_server: RedisServer) -> None:
    (tmp_path / "app.py").write_text(SCRIPT)
    calls = tmp_path / "calls.txt"
    servers = []
    try:
        for name in ("first", "second"):
            servers.append(start_server(tmp_path, name, redis_server.url, calls))
        with trio.fail_after(120):  # a deadline for a loaded machine
            first = await texts_of_one_run(servers[0][1])
            second = await texts_of_one_run(servers[1][1])
        assert first == ["computed 12", "answer 144"]
        assert second == ["computed 12", "answer 144"], "the hit replays the cached function's elements"
        assert calls.read_text() == "first\n", "the second server must not compute again"
    finally:
        stop_servers([proc for proc, _ in servers])


def stop_servers(procs: list[subprocess.Popen[str]]) -> None:
    """Stop every server, whatever happened: SIGTERM to all, then SIGKILL to any still
    running after a generous wait (one that hangs must not keep the others alive)."""
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
