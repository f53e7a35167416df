"""The fleet (issue 22): rolling restarts, throughput per worker count, Redis connections and keys.

Starts its own ``redis-server`` and (for the rolling restart) Debian's nginx on free
loopback ports, and prints:

1. **rolling restart**: ``kernel run --workers 4 --worker-ports`` behind nginx (the
   configuration of ``kernel proxy-config nginx``), N pages interacting about once a second,
   ``kernel restart --rolling``: interactions checked (each page's model against what the
   app shows), drain time per worker, and reconnect times (from the 1012 close to the
   resumed session, including the delay the worker hinted). Targets: reconnect p95 <= 2 s,
   each drain <= 10 s.
2. **throughput**: reruns/s of a CPU-bound script for 1, 2 and 4 workers (one SO_REUSEPORT
   port, pages rerunning back to back). Targets: 2 workers >= 1.7 x one, 4 >= 0.9 x two.
3. **Redis**: the workers' connections (``CLIENT LIST``) with few and many pages, and the
   session keys left once the pages are gone and ``session_ttl`` passed (target 0).

    python benchmarks/bench_fleet.py [--sessions 200] [--seconds 8] [--skip-rolling]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

import trio

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.contrib.cache_redis.conftest import RedisServer  # noqa: E402
from tests.contrib.scaleout_redis.fleet_load import load  # noqa: E402
from tests.contrib.scaleout_redis.proxies import Nginx  # noqa: E402
from tests.contrib.scaleout_redis.rolling import rolling_restart, summary  # noqa: E402


async def rolling(folder: Path, redis_url: str, sessions: int) -> None:
    proxies: list[Nginx] = []

    def start(config: str, port: int) -> Nginx:
        proxy = Nginx(folder / "nginx", config, port)
        proxies.append(proxy)
        return proxy.start()

    try:
        result: dict[str, Any] = await rolling_restart(folder, redis_url, start, sessions=sessions, workers=4)
    finally:
        for proxy in proxies:
            proxy.stop()
    print("1. " + summary(result) + "   (targets: reconnect p95 <= 2 s, drain <= 10 s)")


async def throughput(folder: Path, redis_url: str, seconds: float) -> None:
    rates = {}
    for workers in (1, 2, 4):
        result = await load(folder / f"w{workers}", redis_url, workers=workers, sessions=4 * workers,
                            seconds=seconds, session_ttl=3)
        rates[workers] = result["reruns_per_s"]
        print(f"2. {workers} worker(s), {4 * workers} pages rerunning a CPU-bound script: "
              f"{result['reruns_per_s']:.1f} reruns/s")
    print(f"   2 workers / 1 = {rates[2] / rates[1]:.2f} (target >= 1.7), "
          f"4 workers / 2 = {rates[4] / rates[2]:.2f} (target >= 0.9)")


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
    parser.add_argument("--skip-rolling", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        server = RedisServer(folder)
        server.start()
        try:
            if not args.skip_rolling:
                (folder / "rolling").mkdir()
                trio.run(rolling, folder / "rolling", server.url, args.sessions)
            trio.run(throughput, folder / "throughput", server.url, args.seconds)
            trio.run(redis_figures, folder / "redis", server.url, args.seconds)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
