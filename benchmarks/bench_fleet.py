"""The fleet (issue 22): rolling restarts, throughput per worker count, Redis connections and keys.

Starts its own ``redis-server`` and (for the rolling restart) Debian's nginx on free
loopback ports, and prints:

1. **rolling restart**: ``kernel run --workers 4 --worker-ports`` behind nginx or HAProxy (the
   configuration of ``kernel proxy-config``), N pages interacting about once a second,
   ``kernel restart --rolling``: interactions checked (each page's model against what the
   app shows), drain time per worker, and reconnect times (from the 1012 close to the
   resumed session, including the delay the worker hinted). Targets: reconnect p95 <= 2 s,
   each drain <= 10 s.
2. **throughput**: reruns/s of a CPU-bound script for 1, 2 and 4 workers (one SO_REUSEPORT
   port, pages rerunning back to back), measured in turn ``--rounds`` times, with the CPU
   the server (supervisor and workers), redis-server and the load client used meanwhile.
   The load client is ``rerun_client.py`` in a process of its own (raw WebSockets, no JSON
   decoding), so its CPU is apart from the server's. Targets: 2 workers >= 1.7 x one, 4 >=
   0.9 x two; on a shared machine the rates follow the CPU the server gets, so read them
   with the server CPU per rerun (``--app empty``: the server's own cost per rerun).
3. **Redis**: the workers' connections (``CLIENT LIST``) with few and many pages, and the
   session keys left once the pages are gone and ``session_ttl`` passed (target 0).

    python benchmarks/bench_fleet.py [--sessions 200] [--seconds 8] [--rounds 3] [--skip-rolling]
                                     [--proxy nginx|haproxy]
    python benchmarks/bench_fleet.py --only-throughput [--app empty]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import trio

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.contrib.cache_redis.conftest import RedisServer  # noqa: E402
from tests.contrib.scaleout_redis.cluster import Cluster  # noqa: E402
from tests.contrib.scaleout_redis.fleet_load import CPU_APP, load  # noqa: E402
from tests.contrib.scaleout_redis.proxies import HAProxy, Nginx  # noqa: E402
from tests.contrib.scaleout_redis.rolling import rolling_restart, summary  # noqa: E402

EMPTY_APP = """
from kernel import st
st.session_state.runs = st.session_state.get("runs", 0) + 1
st.text(f"runs={st.session_state.runs}")
"""
"""The CPU-bound script without its computation: what a rerun costs the server itself."""


async def rolling(folder: Path, redis_url: str, sessions: int, kind: str) -> None:
    proxies: list[Nginx | HAProxy] = []

    def start(config: str, port: int) -> Nginx | HAProxy:
        proxy = Nginx(folder / "nginx", config, port) if kind == "nginx" else HAProxy(folder / "haproxy", config, port)
        proxies.append(proxy)
        return proxy.start()

    try:
        result: dict[str, Any] = await rolling_restart(folder, redis_url, start, proxy=kind, sessions=sessions,
                                                       workers=4)
    finally:
        for proxy in proxies:
            proxy.stop()
    print("1. " + summary(result) + "   (targets: reconnect p95 <= 2 s, drain <= 10 s)")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (``/proc/<pid>/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_of(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            total += _cpu_seconds(pid)
        except (OSError, IndexError, ValueError):
            pass  # a process that is gone counts nothing more
    return total


def _measure(cluster: Cluster, redis_pid: int, sessions: int, warmup: float, seconds: float) -> dict[str, float]:
    """One window of ``rerun_client.py`` on ``cluster``: reruns/s and the CPU each side used."""
    client = subprocess.Popen([sys.executable, str(Path(__file__).with_name("rerun_client.py")),
                               "--port", str(cluster.port), "--sessions", str(sessions), "--warmup", str(warmup),
                               "--seconds", str(seconds)], stdout=subprocess.PIPE, text=True)
    assert client.stdout is not None
    # The server's processes: the supervisor and its workers (a single worker runs alone).
    workers = [cluster.proc.pid, *cluster.pids.values()]
    try:
        line = client.stdout.readline()
        if line.strip() != "measure":
            raise RuntimeError(f"the load client failed: {line!r}")
        before = (_cpu_of(workers), _cpu_of([redis_pid]), os.getloadavg()[0])
        line = client.stdout.readline()
        after = (_cpu_of(workers), _cpu_of([redis_pid]))
        _, count, elapsed, client_cpu = line.split()
    finally:
        client.wait(30)
    wall = float(elapsed)
    return {"rate": int(count) / wall, "reruns": int(count), "workers_cpu": (after[0] - before[0]) / wall,
            "redis_cpu": (after[1] - before[1]) / wall, "client_cpu": float(client_cpu) / wall, "load": before[2]}


def throughput(folder: Path, redis: RedisServer, seconds: float, rounds: int, per_worker: int,
               app: str = "cpu") -> None:
    """Reruns/s for 1, 2 and 4 workers, measured in turn ``rounds`` times (the machine is
    shared: interleaving spreads the others' load over all three), with the CPU of the
    workers, of redis-server and of the load client (a process of its own) per second."""
    assert redis.proc is not None
    source = CPU_APP if app == "cpu" else EMPTY_APP
    counts = (1, 2, 4)
    clusters: dict[int, Cluster] = {}
    try:
        for workers in counts:
            (folder / f"w{workers}").mkdir(parents=True)
            clusters[workers] = Cluster(folder / f"w{workers}", redis.url, workers, source=source, options={
                "scaleout.session_ttl": "30", "scaleout.key_prefix": f"bench-fleet-{workers}",
                "scaleout.worker": f"b{workers}"})
        for workers, cluster in clusters.items():
            cluster.wait_serving(workers)
        results: dict[int, list[dict[str, float]]] = {w: [] for w in counts}
        for round_ in range(rounds):
            for workers in counts:
                result = _measure(clusters[workers], redis.proc.pid, per_worker * workers, 2.0, seconds)
                results[workers].append(result)
                print(f"2. round {round_ + 1}, {workers} worker(s), {per_worker * workers} pages: "
                      f"{result['rate']:6.1f} reruns/s; CPU (cores): server {result['workers_cpu']:.2f}, "
                      f"redis {result['redis_cpu']:.2f}, client {result['client_cpu']:.2f}; "
                      f"server CPU per rerun {1000 * result['workers_cpu'] / max(result['rate'], 1e-9):.1f} ms; "
                      f"load {result['load']:.1f}", flush=True)
    finally:
        for cluster in clusters.values():
            cluster.stop()
    rates = {w: statistics.median(r["rate"] for r in results[w]) for w in counts}
    ratios_2 = [b["rate"] / a["rate"] for a, b in zip(results[1], results[2], strict=True)]
    ratios_4 = [c["rate"] / b["rate"] for b, c in zip(results[2], results[4], strict=True)]
    print(f"   medians: 1 worker {rates[1]:.1f}, 2 workers {rates[2]:.1f}, 4 workers {rates[4]:.1f} reruns/s")
    print(f"   2 workers / 1 per round: {', '.join(f'{r:.2f}' for r in ratios_2)} "
          f"(median {statistics.median(ratios_2):.2f}, target >= 1.7)")
    print(f"   4 workers / 2 per round: {', '.join(f'{r:.2f}' for r in ratios_4)} "
          f"(median {statistics.median(ratios_4):.2f}, target >= 0.9)")


async def redis_figures(folder: Path, redis_url: str, seconds: float) -> None:
    for sessions in (4, 64):
        result = await load(folder / f"r{sessions}", redis_url, workers=2, sessions=sessions, seconds=seconds,
                            session_ttl=3)
        print(f"3. 2 workers, {sessions} pages: {result['connections']} Redis connections during the load; "
              f"{result['keys_during']} session keys while they live, {result['keys_left']} left "
              f"{result['keys_gone_after']:.1f} s after the pages closed (session_ttl 3 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=8.0, help="length of each throughput measurement")
    parser.add_argument("--rounds", type=int, default=3, help="throughput: 1, 2, 4 workers measured in turn")
    parser.add_argument("--pages-per-worker", type=int, default=4)
    parser.add_argument("--app", choices=("cpu", "empty"), default="cpu",
                        help="throughput: the CPU-bound script, or one that shows a line (the server's own cost)")
    parser.add_argument("--skip-rolling", action="store_true")
    parser.add_argument("--proxy", choices=("nginx", "haproxy"), default="nginx",
                        help="the proxy in front of the rolling restart")
    parser.add_argument("--only-throughput", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        server = RedisServer(folder)
        server.start()
        try:
            if not (args.skip_rolling or args.only_throughput):
                (folder / "rolling").mkdir()
                trio.run(rolling, folder / "rolling", server.url, args.sessions, args.proxy)
            throughput(folder / "throughput", server, args.seconds, args.rounds, args.pages_per_worker, args.app)
            if not args.only_throughput:
                # A database of its own: the rolling restart's sessions (session_ttl one hour)
                # are still in database 0, and part 3 counts every session key it sees.
                trio.run(redis_figures, folder / "redis", server.url.rsplit("/", 1)[0] + "/1", args.seconds)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
