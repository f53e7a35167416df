"""The rolling-restart scenario of issue 22, shared by its test and benchmarks/bench_fleet.py:
``kernel run --workers N --worker-ports`` behind Debian's nginx (the configuration of
``kernel proxy-config nginx``), a real redis-server, and pages that interact about once a
second while ``kernel restart --rolling`` replaces every worker.

Each page behaves like the web client: on a 1012 close it waits the delay the reason
hints, reconnects with its token, and sends again a request whose run had not started
(no ScriptStarted came); a run that had started is the server's to run again (a drained
worker stores it as pending). The page checks after every run that what the app shows
equals its own model (widget values, a counter and a list in session_state): an
interaction the server accepted and then lost would show as a difference.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import trio
import trio_websocket

from kernel._proxy_config import haproxy_config, nginx_config
from kernel.contracts.messages import Rerun, ScriptFinished, ScriptStarted
from tests.contrib.scaleout_redis.cluster import Attempts, Cluster, Page, reconnect
from tests.contrib.scaleout_redis.proxies import free_port

DRAIN_CODE = 1012
_RETRY = re.compile(r"retry=(\d+)")
_DRAINED = re.compile(r"rolling restart: worker (\S+) drained in ([\d.]+) s")


class FleetPage(Page):
    """A page that lives through drains (see the module docstring)."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.nursery: trio.Nursery | None = None
        self.closes: list[tuple[int, str]] = []
        self.reconnect_times: list[float] = []
        self.attempts: list[Attempts] = []
        self.interactions = 0
        self.resent = 0
        """Requests sent again after a drain (their run had not started)."""
        self.replayed = 0
        """Requests whose run a drain interrupted (the next worker ran them again)."""
        self.pids: list[int] = []

    async def run(self, rerun: Rerun) -> re.Match[str]:
        """Send ``rerun`` and check the run it causes, reconnecting through drains."""
        pending = rerun
        while True:
            assert self.client is not None
            started = False
            try:
                await self.client.send(pending)
                msgs: list[Any] = []
                while True:
                    got = await self.client.recv()
                    msgs.extend(got)
                    started = started or any(isinstance(m, ScriptStarted) for m in got)
                    ends = [m for m in got if isinstance(m, ScriptFinished) and m.status != "rerun"]
                    if not ends:
                        continue
                    if ends[-1].status == "stopped":
                        continue  # the drain stopped the run; its close follows
                    match = self.check(msgs)
                    self.interactions += 1
                    if self.attempts and not self.attempts[-1].pid:
                        self.attempts[-1].pid = self.pid
                    if not self.pids or self.pids[-1] != self.pid:
                        self.pids.append(self.pid)
                    return match
            except trio_websocket.ConnectionClosed:
                await self.come_back()
            if started:
                self.replayed += 1
                pending = Rerun(self.states(), changed=())  # what the web client sends on a resume
            else:
                self.resent += 1

    async def come_back(self) -> None:
        """The connection closed: wait the hinted delay, reconnect, resume the session."""
        assert self.ws is not None and self.nursery is not None
        closed_at = time.monotonic()
        closed = self.ws.closed
        code, reason = (closed.code, closed.reason or "") if closed is not None else (-1, "")
        self.closes.append((code, reason))
        hint = _RETRY.search(reason) if code == DRAIN_CODE else None
        attempts = await reconnect(self, self.nursery, first_delay=int(hint[1]) / 1000 if hint else None)
        self.reconnect_times.append(time.monotonic() - closed_at)
        self.attempts.append(attempts)

    async def idle(self, seconds: float) -> None:
        """Wait like an idle tab: a drain's close is noticed at once, and the resume reruns."""
        assert self.client is not None
        try:
            with trio.move_on_after(seconds):
                while True:
                    await self.client.recv()
        except trio_websocket.ConnectionClosed:
            await self.come_back()
            await self.run(Rerun(self.states(), changed=()))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share + 0.5) - 1)] if ordered else float("nan")


async def rolling_restart(folder: Path, redis_url: str, start_proxy: Any, *, proxy: str = "nginx",
                          sessions: int = 200, workers: int = 4, pause: tuple[float, float] = (0.5, 1.5),
                          steady: float = 3.0, after: int = 2) -> dict[str, Any]:
    """The scenario; returns what it saw (the caller asserts or prints).

    ``start_proxy(config, port)`` starts the proxy, ``proxy`` (``"nginx"`` or ``"haproxy"``:
    the ``nginx_proxy`` or ``haproxy_proxy`` fixture, or the benchmark's own) with the
    configuration ``kernel proxy-config`` prints for it. Each page pauses ``pause`` seconds
    between interactions; the restart begins ``steady`` seconds after the pages started, and
    the pages stop once each did ``after`` interactions after the restart finished.
    """
    ports = [free_port() for _ in range(workers)]
    cluster = Cluster(folder, redis_url, workers, worker_ports=",".join(map(str, ports)))
    try:
        cluster.wait_serving(workers)
        old_pids = set(cluster.pids.values())
        port = free_port()
        if proxy == "nginx":
            config = nginx_config("127.0.0.1", ports, f"127.0.0.1:{port}", access_log=str(folder / "access.log"))
        else:
            config = haproxy_config("127.0.0.1", ports, f"127.0.0.1:{port}")
        start_proxy(config, port)
        url = f"ws://127.0.0.1:{port}/_kernel/stream?v=1"
        rng = random.Random(22)
        pages = [FleetPage(url) for _ in range(sessions)]
        limiter = trio.CapacityLimiter(16)
        finished = trio.Event()
        restart: dict[str, Any] = {}
        client_cpu, client_wall = time.process_time(), time.monotonic()
        async with trio.open_nursery() as connections:

            async def setup(page: FleetPage) -> None:
                async with limiter:
                    page.nursery = connections
                    await page.open(connections)
                    await page.first_run()
                    await page.interact(rng, 0)

            async with trio.open_nursery() as group:
                for page in pages:
                    group.start_soon(setup, page)
            counts_at_end: dict[int, int] = {}

            async def live(page: FleetPage, seed: int) -> None:
                own = random.Random(seed)
                step = 1
                while True:
                    await page.idle(own.uniform(*pause))
                    if finished.is_set() and page.interactions - counts_at_end[id(page)] >= after:
                        return
                    await page.interact(own, step)
                    step += 1

            async def roll() -> None:
                await trio.sleep(steady)
                began = time.monotonic()
                result = await trio.to_thread.run_sync(lambda: subprocess.run(
                    [sys.executable, "-m", "kernel", "restart", "--rolling", "--timeout", "300"],
                    cwd=folder, capture_output=True, text=True, timeout=360))
                restart.update(seconds=time.monotonic() - began, returncode=result.returncode,
                               output=result.stdout + result.stderr)
                for page in pages:
                    counts_at_end[id(page)] = page.interactions
                finished.set()

            async with trio.open_nursery() as group:
                group.start_soon(roll)
                for i, page in enumerate(pages):
                    group.start_soon(live, page, i)
            for page in pages:  # the last word: each page's model against what the app shows now
                hello = await page.open(connections)  # a new connection: the whole page is sent again
                assert hello.resumed, f"session {page.session_id} came back as a new session"
                await page.run(Rerun(page.states(), changed=()))
            for page in pages:
                await page.close()
            connections.cancel_scope.cancel()
        client_cores = (time.process_time() - client_cpu) / (time.monotonic() - client_wall)
    finally:
        cluster.stop()
    log = "\n".join(cluster.lines)
    drains = [float(m[2]) for m in _DRAINED.finditer(log)]
    reconnects = [t for page in pages for t in page.reconnect_times]
    attempts = [a for page in pages for a in page.attempts]
    return {
        "attempts": attempts, "client_cores": client_cores, "load": os.getloadavg()[0],
        "spawned": dict(cluster.spawned),
        "sessions": sessions, "workers": workers, "proxy": proxy, "restart": restart, "old_pids": old_pids,
        "pages": pages, "drains": drains, "reconnects": reconnects,
        "closes": [c for page in pages for c in page.closes],
        "interactions": sum(p.interactions for p in pages), "resent": sum(p.resent for p in pages),
        "replayed": sum(p.replayed for p in pages), "log": log,
    }


def summary(result: dict[str, Any]) -> str:
    """One paragraph of figures (times are printed, never asserted)."""
    reconnects = result["reconnects"]
    drains = result["drains"]
    return (f"rolling restart of {result['workers']} workers behind {result.get('proxy', 'nginx')} "
            f"under {result['sessions']} sessions "
            f"(load average {result.get('load', float('nan')):.1f}; the load client used "
            f"{result.get('client_cores', float('nan')):.2f} cores): "
            f"{result['interactions']} interactions checked, {len(result['closes'])} drain closes, "
            f"{result['resent']} requests sent again, {result['replayed']} runs replayed by the next worker; "
            f"restart took {result['restart'].get('seconds', float('nan')):.1f} s; "
            f"drain per worker: {', '.join(f'{d:.2f}' for d in drains)} s (max {max(drains, default=0):.2f}); "
            f"reconnect (close to resumed, incl. the hinted delay): p50 "
            f"{statistics.median(reconnects) if reconnects else float('nan'):.2f} s, "
            f"p95 {percentile(reconnects, 0.95):.2f} s, max {max(reconnects, default=float('nan')):.2f} s"
            + _breakdown(result.get("attempts", []), result.get("spawned", {})))


def _breakdown(attempts: list[Attempts], spawned: dict[int, float]) -> str:
    """Where the reconnect time went: the hinted wait, the failed attempts (and the backoff
    after them), the attempt that resumed the session."""
    if not attempts:
        return ""
    hinted = [a.waits[0] for a in attempts]
    retried = [a for a in attempts if len(a.tries) > 1]
    last = [a.tries[-1] for a in attempts]
    lost = [sum(a.waits[1:]) + sum(a.tries[:-1]) for a in retried]
    kinds: dict[str, int] = {}
    for a in attempts:
        for failure in a.failures:
            kinds[failure] = kinds.get(failure, 0) + 1

    def p(values: list[float]) -> str:
        return f"p50 {statistics.median(values):.2f}, p95 {percentile(values, 0.95):.2f}, max {max(values):.2f} s"

    return (f"; of which the hinted wait {p(hinted)}; the attempt that resumed {p(last)} "
            f"(its greeting after the handshake {p([a.greeting for a in attempts])}); "
            f"{len(retried)} reconnects needed more than one attempt"
            + (f" ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}; lost {p(lost)})" if retried else "")
            + _by_worker_age(attempts, spawned))


def _by_worker_age(attempts: list[Attempts], spawned: dict[int, float]) -> str:
    """The resuming attempt's time on workers started less than 3 s before it, and on the others."""
    young = [a.tries[-1] for a in attempts if a.pid in spawned and a.began - spawned[a.pid] < 3.0]
    old = [a.tries[-1] for a in attempts if a.pid and not (a.pid in spawned and a.began - spawned[a.pid] < 3.0)]
    parts = []
    for name, values in (("on a worker started < 3 s before", young), ("on older workers", old)):
        if values:
            parts.append(f"{name}: n={len(values)} p50 {statistics.median(values):.2f}, "
                         f"p95 {percentile(values, 0.95):.2f}, max {max(values):.2f} s")
    return "; the attempt " + "; ".join(parts) if parts else ""


__all__ = ["DRAIN_CODE", "FleetPage", "percentile", "rolling_restart", "summary"]
