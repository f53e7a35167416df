"""Single flight across processes on a real redis-server: each app here stands for one
worker process (its own Redis client, claims and in-process flights); the tests with real
``kernel run --workers 4`` processes are in tests/contrib/scaleout_redis/test_fleet_cache.py."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import redis

from kernel._app import AppOptions, KernelApp, activate, build_app
from kernel_contrib.cache_redis._redis import RedisBackend

from .conftest import RedisServer

SOURCE = """
import threading, time
CALLS = []
STARTED = threading.Event()
RELEASE = threading.Event()

def slow(x):
    CALLS.append(x)
    STARTED.set()
    RELEASE.wait(30)
    return {"x": x, "big": list(range(100))}
"""


def worker_app(tmp_path: Path, url: str, name: str, **config: str) -> KernelApp:
    folder = tmp_path / name
    folder.mkdir()
    options = {"cache.backend": "redis", "cache.redis_url": url, "cache.signing_key": "k" * 40,
               "cache.redis_key_prefix": "fleet", **config}
    return build_app(AppOptions(cwd=folder, home=folder, environ={}, plugin_args=("kernel_contrib.cache_redis",),
                                config_options=options))


def cached_in(app: KernelApp, namespace: dict[str, object]) -> object:
    """The module's ``slow`` under st.cache_data, bound to ``app`` (same function key everywhere)."""
    from kernel import st

    activate(app)
    try:
        return st.cache_data(show_spinner=False)(namespace["slow"])
    finally:
        activate(None)


def call_in(app: KernelApp, fn: object, x: int, results: list[object], errors: list[BaseException]) -> None:
    activate(app)
    try:
        results.append(fn(x))  # type: ignore[operator]
    except BaseException as exc:  # noqa: BLE001 - reported by the test
        errors.append(exc)
    finally:
        activate(None)


def test_the_same_miss_in_four_apps_runs_the_function_once(tmp_path: Path, redis_server: RedisServer) -> None:
    namespace: dict[str, object] = {}
    exec(SOURCE, namespace)  # noqa: S102 - one function object, as each worker would import it
    apps = [worker_app(tmp_path, redis_server.url, f"w{i}") for i in range(4)]
    fns = [cached_in(app, namespace) for app in apps]
    results: list[object] = []
    errors: list[BaseException] = []
    threads = [threading.Thread(target=call_in, args=(app, fn, 7, results, errors))
               for app, fn in zip(apps, fns, strict=True) for _ in range(2)]
    for thread in threads:
        thread.start()
    assert namespace["STARTED"].wait(30)  # type: ignore[attr-defined]
    time.sleep(0.3)  # the other seven callers are waiting by now (if not, they would run it too)
    namespace["RELEASE"].set()  # type: ignore[attr-defined]
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert namespace["CALLS"] == [7], "one computation across the four apps"
    assert results == [{"x": 7, "big": list(range(100))}] * 8
    client = redis.Redis.from_url(redis_server.url)
    assert not list(client.scan_iter("fleet:lock:*")), "the claim is released"
    client.close()


def test_a_claim_whose_holder_died_lapses_and_a_waiter_computes(tmp_path: Path,
                                                                 redis_server: RedisServer) -> None:
    app = worker_app(tmp_path, redis_server.url, "w1", **{"cache.redis_lock_ttl": "0.5"})
    namespace: dict[str, object] = {}
    exec(SOURCE, namespace)  # noqa: S102
    namespace["RELEASE"].set()  # type: ignore[attr-defined]
    fn = cached_in(app, namespace)
    # A dead worker's claim: held in Redis, never renewed, never released.
    client = redis.Redis.from_url(redis_server.url)
    activate(app)
    storage = fn.storage  # type: ignore[attr-defined]
    activate(None)
    key = fn._hasher.key((3,), {})  # type: ignore[attr-defined]
    claim = storage._lock_prefix + key
    client.set(claim, "someone-dead", px=1500)
    results: list[object] = []
    errors: list[BaseException] = []
    call_in(app, fn, 3, results, errors)
    assert not errors and results == [{"x": 3, "big": list(range(100))}]
    assert namespace["CALLS"] == [3], "computed here once the dead holder's claim lapsed"
    assert client.get(claim) is None
    client.close()


def test_a_long_computation_keeps_its_claim(tmp_path: Path, redis_server: RedisServer) -> None:
    # A TTL of 2 s renewed every 0.67 s: a shorter one lapsed on a loaded CI machine when the
    # renewal thread was not scheduled within the TTL (0.3 s failed once at load 12).
    backend = RedisBackend(redis_server.url, "renew", 2.0, key=b"k" * 32, lock_ttl=2.0)
    flight = backend.claims.flight("renew:lock:f:k")
    other = RedisBackend(redis_server.url, "renew", 2.0, key=b"k" * 32).claims.flight("renew:lock:f:k")
    assert flight.lead()
    assert not other.lead()
    assert not other.wait(6.5), "renewed past three TTLs while its holder lives"
    flight.release()
    assert other.wait(5)
    assert other.lead()
    other.release()


def test_with_redis_away_a_call_computes_here_and_never_raises(tmp_path: Path, redis_server: RedisServer) -> None:
    app = worker_app(tmp_path, redis_server.url, "w1", **{"cache.redis_timeout": "0.5"})
    namespace: dict[str, object] = {}
    exec(SOURCE, namespace)  # noqa: S102
    namespace["RELEASE"].set()  # type: ignore[attr-defined]
    fn = cached_in(app, namespace)
    redis_server.stop()
    results: list[object] = []
    errors: list[BaseException] = []
    for _ in range(3):
        call_in(app, fn, 5, results, errors)
    assert not errors
    assert len(results) == 3 and namespace["CALLS"] == [5, 5, 5]
