"""The Redis backend: conformance, config selection, lost connections, two processes sharing a cache."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from kernel import st
from kernel._app import AppOptions, KernelApp, activate, build_app
from kernel.contracts import CacheSettings
from kernel.testing.cache_conformance import check_cache_storage
from kernel_contrib.cache_redis._redis import RedisBackend

from .conftest import RedisServer

ROOT = Path(__file__).resolve().parents[3]


def redis_app(tmp_path: Path, url: str, script: Path | None = None) -> KernelApp:
    return build_app(
        AppOptions(
            script_path=script, cwd=tmp_path, home=tmp_path, environ={}, plugin_args=("kernel_contrib.cache_redis",),
            config_options={"cache.backend": "redis", "cache.redis_url": url, "cache.redis_timeout": "0.5"},
        )
    )  # fmt: skip


def test_redis_backend_conforms(redis_server: RedisServer) -> None:
    backend = RedisBackend(redis_server.url, f"test-{uuid.uuid4().hex[:6]}", 2.0)
    check_cache_storage(lambda kind, settings: backend.storage(settings))


def test_config_selects_redis_for_data_and_memory_for_resources(tmp_path: Path, redis_server: RedisServer) -> None:
    app = redis_app(tmp_path, redis_server.url)
    data = app.make("caching", cache_kind="data", settings=CacheSettings("k", "f", backend="redis"))
    resource = app.make("caching", cache_kind="resource", settings=CacheSettings("k", "f", backend="redis"))
    assert type(data).__name__ == "RedisCacheStorage"
    assert type(resource).__name__ == "MemoryCacheStorage"


def test_ttl_is_enforced_by_redis(tmp_path: Path, redis_server: RedisServer) -> None:
    app = redis_app(tmp_path, redis_server.url)
    storage = app.make("caching", cache_kind="data", settings=CacheSettings("k", "f", ttl_seconds=30, backend="redis"))
    storage.set("key", b"v")
    import redis

    client = redis.Redis.from_url(redis_server.url)
    ttl_ms = client.pttl("kernel-cache:v:k:key")
    client.close()
    assert 29_000 < ttl_ms <= 30_000


def test_lost_connection_computes_without_the_cache(
    tmp_path: Path, redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    app = redis_app(tmp_path, redis_server.url)
    activate(app)
    calls: list[int] = []

    @st.cache_data
    def square(x: int) -> int:
        calls.append(x)
        return x * x

    try:
        assert square(3) == 9 and square(3) == 9
        assert calls == [3]
        redis_server.stop()
        with caplog.at_level(logging.WARNING, logger="kernel_contrib.cache_redis._redis"):
            assert square(3) == 9
            assert square(4) == 16
        assert calls == [3, 3, 4]
        assert "computing without the cache" in caplog.text
        st.cache_data.clear()  # must not raise either
        assert square.storage.statistics().entries == 0
    finally:
        activate(None)


CHILD = """
import sys, time
from pathlib import Path
from kernel._app import AppOptions, build_app

url, script, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
app = build_app(AppOptions(script_path=script, cwd=script.parent, home=script.parent, environ={},
                           plugin_args=("kernel_contrib.cache_redis",),
                           config_options={"cache.backend": "redis", "cache.redis_url": url}))
session = app.make("app_session", session_id="s1")
session.request_rerun()
time.sleep(0.05)
while session.runner.is_running:
    time.sleep(0.01)
texts = [m.element.props["body"] for m in session.queue.flush() if type(m).__name__ == "Delta"
         and m.element.kind == "text"]
out.write_text("\\n".join(texts))
session.close("done")
"""


def test_two_processes_share_one_redis_cache(tmp_path: Path, redis_server: RedisServer) -> None:
    script = tmp_path / "app.py"
    calls = tmp_path / "calls"
    script.write_text(
        textwrap.dedent(
            f"""
            import os
            from kernel import st

            @st.cache_data(show_spinner=False)
            def expensive(n):
                with open({str(calls)!r}, "a") as f:
                    f.write(str(os.getpid()) + "\\n")
                st.text("computed in one process")
                return sum(range(n))

            st.text(str(expensive(1000)))
            """
        )
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    outputs = []
    for i in range(2):
        out = tmp_path / f"out{i}"
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, redis_server.url, str(script), str(out)],
            env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        outputs.append(out.read_text().splitlines())
    assert len(calls.read_text().splitlines()) == 1, "the second process must hit the first one's entry"
    assert outputs[0] == outputs[1] == ["computed in one process", "499500"], "elements replay across processes"


def test_cli_stats_and_clear_on_redis(tmp_path: Path, redis_server: RedisServer) -> None:
    app = redis_app(tmp_path, redis_server.url)
    storage = app.make("caching", cache_kind="data", settings=CacheSettings("fk", "load_rows", backend="redis"))
    storage.set("k", b"123")
    storage.get("k")
    storage.statistics()  # writes the pending counters
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), "HOME": str(tmp_path)}
    base = [sys.executable, "-m", "kernel._cli", "-p", "kernel_contrib.cache_redis", "--cache.backend=redis"]
    base.append(f"--cache.redis_url={redis_server.url}")
    stats = subprocess.run([*base, "cache", "stats"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert stats.returncode == 0, stats.stderr
    row = next(line for line in stats.stdout.splitlines() if "load_rows" in line).split()
    assert row[1:] == ["1", "3", "B", "1", "0"]
    cleared = subprocess.run([*base, "cache", "clear"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert f"cleared the redis cache at {redis_server.url}" in cleared.stdout
    assert storage.statistics().entries == 0
