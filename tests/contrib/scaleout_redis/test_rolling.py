"""The acceptance test of drains and rolling restarts (issue 22), scaled to CI: 4 workers
behind Debian's nginx, a real redis-server, 200 pages interacting about once a second, and
``kernel restart --rolling``. Every page keeps its session (each came back resumed, on a
worker of the new generation) and no accepted interaction is lost: after every run, and at
the end, each page's model equals what the app shows. Times are printed
(benchmarks/bench_fleet.py reports them), never asserted."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

import pytest

from tests.contrib.cache_redis.conftest import RedisServer
from tests.contrib.scaleout_redis.conftest import ProxyFactory
from tests.contrib.scaleout_redis.rolling import DRAIN_CODE, rolling_restart, summary

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="needs POSIX signals")


async def test_a_rolling_restart_of_four_workers_under_200_sessions_loses_nothing(
        tmp_path: Path, redis_server: RedisServer, nginx_proxy: ProxyFactory) -> None:
    result = await rolling_restart(tmp_path, redis_server.url, nginx_proxy, sessions=200, workers=4)
    print("\n" + summary(result))
    check_rolling_restart(result, 200)


async def test_the_same_rolling_restart_behind_haproxy_loses_nothing(
        tmp_path: Path, redis_server: RedisServer, haproxy_proxy: ProxyFactory) -> None:
    """The scenario behind HAProxy (``kernel proxy-config haproxy``: retries with redispatch on
    a refused connection, health checks every second), with 100 pages to keep CI short."""
    result = await rolling_restart(tmp_path, redis_server.url, haproxy_proxy, proxy="haproxy",
                                   sessions=100, workers=4)
    print("\n" + summary(result))
    check_rolling_restart(result, 100)


def check_rolling_restart(result: dict[str, Any], sessions: int) -> None:
    """What both proxies' scenarios must show (times are printed, not asserted)."""
    restart = result["restart"]
    assert restart["returncode"] == 0, restart["output"]
    assert "rolling restart done" in restart["output"]
    assert len(result["drains"]) == 4, result["log"][-3000:]
    pages = result["pages"]
    # All pages intact: every page moved off the old workers and came back resumed (reconnect
    # asserts it), and its last check passed (run() asserts the shown values equal its model).
    assert len(pages) == sessions
    assert all(page.pid not in result["old_pids"] for page in pages)
    assert all(len(page.closes) >= 1 for page in pages)
    assert {code for code, _ in result["closes"]} == {DRAIN_CODE}, result["closes"][:10]
    assert all(reason.startswith("retry=") for _, reason in result["closes"])


SLOW_APP = """
import time
from kernel import st
if "n" not in st.session_state:
    st.session_state.n = 0
slow = st.checkbox("slow")
clicked = st.button("add")
if slow:
    time.sleep(3)
st.text("after the sleep")
if clicked:
    st.session_state.n += 1
st.text(f"n={st.session_state.n}")
"""


async def test_a_click_whose_run_a_drain_interrupts_counts_once_on_the_next_worker(
        tmp_path: Path, redis_server: RedisServer) -> None:
    import os

    import trio

    from kernel.contracts.messages import Rerun, ScriptFinished, ScriptStarted
    from tests.contrib.scaleout_redis.cluster import Cluster, Page
    from tests.contrib.scaleout_redis.proxies import free_port
    from tests.plugins.runtime.liveloop_client import props_of

    first, second = free_port(), free_port()
    cluster = Cluster(tmp_path, redis_server.url, 2, source=SLOW_APP, worker_ports=f"{first},{second}")
    try:
        cluster.wait_serving(2)
        async with trio.open_nursery() as connections:
            page = Page(f"ws://127.0.0.1:{first}/_kernel/stream?v=1")
            await page.open(connections)
            assert page.client is not None and page.ws is not None
            await page.client.send(Rerun())
            msgs = await page.client.until_finished(30)
            slow, add = props_of(msgs, "checkbox")[0]["id"], props_of(msgs, "button")[0]["id"]
            await page.client.send(Rerun({slow: True}, changed=(slow,)))
            await page.client.until_finished(30)
            # The click: its run sleeps 3 s before it counts; the worker drains meanwhile.
            await page.client.send(Rerun({slow: True}, trigger=add, changed=()))
            seen: list[object] = []
            with trio.fail_after(30):
                while not any(isinstance(m, ScriptStarted) for m in seen):
                    seen.extend(await page.client.recv())
            by_port = {port: name for name, port in cluster.ports.items()}
            os.kill(cluster.pids[by_port[first]], signal.SIGTERM)  # the page's worker drains
            with trio.fail_after(60):
                try:
                    while True:
                        seen.extend(await page.client.recv())
                except Exception:
                    pass
            assert page.ws.closed is not None and page.ws.closed.code == DRAIN_CODE
            assert [m.status for m in seen if isinstance(m, ScriptFinished)] == ["stopped"]
            # The page saw its run start: it does not send the click again. The next worker runs it.
            for _ in range(2):  # once, not twice (a new connection each time: the whole page is sent)
                hello = await page.open(connections, f"ws://127.0.0.1:{second}/_kernel/stream?v=1")
                assert hello.resumed
                assert page.client is not None
                await page.client.send(Rerun({slow: True}, changed=()))
                msgs_now = await page.client.until_finished(30)
                texts = [p["body"] for p in props_of(msgs_now, "text")]
                assert texts and texts[-1] == "n=1", (texts, msgs_now)
            await page.close()
            connections.cancel_scope.cancel()
    finally:
        cluster.stop()

