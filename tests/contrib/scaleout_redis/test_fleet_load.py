"""Redis at fleet scale (issue 22), real processes and a real redis-server: a worker's Redis
connections are bounded whatever its sessions, and no session key outlives its pages by
more than ``session_ttl``. Rates are printed by benchmarks/bench_fleet.py, never asserted."""

from __future__ import annotations

from pathlib import Path

from kernel_contrib.scaleout_redis import MAX_CONNECTIONS
from tests.contrib.cache_redis.conftest import RedisServer
from tests.contrib.scaleout_redis.fleet_load import load


async def test_connections_do_not_grow_with_sessions_and_no_key_outlives_the_ttl(
        tmp_path: Path, redis_server: RedisServer) -> None:
    workers = 2
    bound = workers * (MAX_CONNECTIONS + 1)  # each worker's pool, and its pub/sub connection
    few = await load(tmp_path / "few", redis_server.url, workers=workers, sessions=4, seconds=2, session_ttl=2)
    many = await load(tmp_path / "many", redis_server.url, workers=workers, sessions=48, seconds=2, session_ttl=2)
    print(f"\nRedis connections of {workers} workers: {few['connections']} with 4 pages, "
          f"{many['connections']} with 48 (bound {bound})")
    for result, sessions in ((few, 4), (many, 48)):
        assert 0 < result["connections"] <= bound, result
        assert result["keys_during"] == sessions, result  # one hash per session while it lives
        assert result["keys_left"] == 0, result  # and none once its pages are gone and the TTL passed
