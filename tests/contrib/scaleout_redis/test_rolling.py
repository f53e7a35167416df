"""The acceptance test of drains and rolling restarts (issue 22), scaled to CI: 4 workers
behind Debian's nginx, a real redis-server, 200 pages interacting about once a second, and
``kernel restart --rolling``. Every page keeps its session (each came back resumed, on a
worker of the new generation) and no accepted interaction is lost: after every run, and at
the end, each page's model equals what the app shows. Times are printed
(benchmarks/bench_fleet.py reports them), never asserted."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest
import trio

from kernel.contracts.messages import Delta, Rerun, ScriptFinished, ScriptStarted
from tests.contrib.cache_redis.conftest import RedisServer
from tests.contrib.scaleout_redis.cluster import Cluster, Page
from tests.contrib.scaleout_redis.conftest import ProxyFactory
from tests.contrib.scaleout_redis.proxies import free_port
from tests.contrib.scaleout_redis.rolling import DRAIN_CODE, rolling_restart, summary
from tests.plugins.runtime.liveloop_client import props_of

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


async def _first_run(connections: trio.Nursery, port: int) -> tuple[Page, list[Any]]:
    """A page on the worker at ``port`` and the messages of its first run."""
    page = Page(f"ws://127.0.0.1:{port}/_kernel/stream?v=1")
    await page.open(connections)
    assert page.client is not None and page.ws is not None
    await page.client.send(Rerun())
    return page, await page.client.until_finished(30)


async def _until_started(page: Page, seen: list[Any]) -> None:
    """Read the page's messages into ``seen`` until a run has started."""
    assert page.client is not None
    with trio.fail_after(30):
        while not any(isinstance(m, ScriptStarted) for m in seen):
            seen.extend(await page.client.recv())


async def _drain_under(page: Page, cluster: Cluster, port: int, seen: list[Any]) -> None:
    """SIGTERM the page's worker (at ``port``) in the middle of a run and read the page's
    messages into ``seen`` until the drain closes it: closed with the drain code, the run stopped."""
    assert page.client is not None and page.ws is not None
    by_port = {port: name for name, port in cluster.ports.items()}
    os.kill(cluster.pids[by_port[port]], signal.SIGTERM)
    with trio.fail_after(60):
        try:
            while True:
                seen.extend(await page.client.recv())
        except Exception:
            pass
    assert page.ws.closed is not None and page.ws.closed.code == DRAIN_CODE
    assert [m.status for m in seen if isinstance(m, ScriptFinished)] == ["stopped"]


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
    first, second = free_port(), free_port()
    cluster = Cluster(tmp_path, redis_server.url, 2, source=SLOW_APP, worker_ports=f"{first},{second}")
    try:
        cluster.wait_serving(2)
        async with trio.open_nursery() as connections:
            page, msgs = await _first_run(connections, first)
            assert page.client is not None
            slow, add = props_of(msgs, "checkbox")[0]["id"], props_of(msgs, "button")[0]["id"]
            await page.client.send(Rerun({slow: True}, changed=(slow,)))
            await page.client.until_finished(30)
            # The click: its run sleeps 3 s before it counts; the worker drains meanwhile.
            await page.client.send(Rerun({slow: True}, trigger=add, changed=()))
            seen: list[object] = []
            await _until_started(page, seen)
            await _drain_under(page, cluster, first, seen)  # the page's worker drains
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


FRAGMENT_APP = """
import time
from kernel import st
if "m" not in st.session_state:
    st.session_state.m = 0
slow = st.checkbox("slow")
@st.fragment
def part():
    if st.button("add"):
        st.session_state.m += 1
    st.text(f"in the fragment m={st.session_state.m}")
part()
if slow:
    time.sleep(3)
st.text(f"m={st.session_state.m}")
"""


@pytest.mark.parametrize("resent", [False, True], ids=["not-resent", "resent"])
async def test_a_fragment_click_waiting_for_a_run_a_drain_interrupts_counts_once(
        tmp_path: Path, redis_server: RedisServer, resent: bool) -> None:
    """A fragment's request made during a run waits for that run; when a drain interrupts the
    run, the worker stores the waiting click with it, and the next worker runs it once: also
    when the page does not send it again (its ``ScriptStarted`` came after it sent the click),
    and when it does (the web client sends a request again when no run started after it)."""
    first, second = free_port(), free_port()
    cluster = Cluster(tmp_path, redis_server.url, 2, source=FRAGMENT_APP, worker_ports=f"{first},{second}")
    try:
        cluster.wait_serving(2)
        async with trio.open_nursery() as connections:
            page, msgs = await _first_run(connections, first)
            assert page.client is not None
            slow, add = props_of(msgs, "checkbox")[0]["id"], props_of(msgs, "button")[0]["id"]
            fragment = next(str(m.element.props["fragment_id"]) for m in msgs
                            if isinstance(m, Delta) and m.element.kind == "fragment")
            # A slow full run starts; the fragment's click waits for it.
            await page.client.send(Rerun({slow: True}, changed=(slow,)))
            seen: list[object] = []
            await _until_started(page, seen)
            await page.client.send(Rerun({slow: True}, trigger=add, changed=(), fragment_id=fragment))
            await trio.sleep(0.3)  # the worker takes the click (it waits for the run)
            await _drain_under(page, cluster, first, seen)  # the page's worker drains
            # What the page sends on a resume: the click again (as a full run), or nothing new;
            # then, on a new connection (the whole page is sent), a run shows the same count.
            for again in ((add if resent else None), None):
                hello = await page.open(connections, f"ws://127.0.0.1:{second}/_kernel/stream?v=1")
                assert hello.resumed
                assert page.client is not None
                await page.client.send(Rerun({slow: False}, trigger=again, changed=(slow,)))
                msgs_now = await page.client.until_finished(30)
                texts = [p["body"] for p in props_of(msgs_now, "text")]
                assert texts and texts[-1] == "m=1", (texts, msgs_now)
            await page.close()
            connections.cancel_scope.cancel()
    finally:
        cluster.stop()
