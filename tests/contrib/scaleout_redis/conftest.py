"""Fixtures for the Redis scale-out tests: a private ``redis-server`` on a free loopback port,
and workers (servers in this process) sharing it."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, Protocol

import pytest
import redis
import trio

from kernel._app import AppOptions, build_app
from kernel._lifecycle import serve_app
from kernel_plugins.runtime import HttpRuntime
from tests.contrib.cache_redis.conftest import REDIS_SERVER, RedisServer
from tests.contrib.scaleout_redis.proxies import HAPROXY, NGINX, HAProxy, Nginx

SECRET = "r" * 40


class Workers(Protocol):
    async def __call__(self, source: str, *, worker: str, plugins: tuple[object, ...] = (),
                       **config: str) -> HttpRuntime: ...


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    if not Path(REDIS_SERVER).exists():
        pytest.skip("redis-server is not installed (apt-get install -y redis-server)")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def client(redis_server: RedisServer) -> Iterator[redis.Redis]:
    connection = redis.Redis.from_url(redis_server.url)
    yield connection
    connection.close()


@pytest.fixture
def prefix() -> str:
    return f"t{secrets.token_hex(4)}"


@pytest.fixture
async def worker(nursery: trio.Nursery, tmp_path: Path, prefix: str,
                 redis_server: RedisServer) -> AsyncIterator[Workers]:
    """``await worker(source, worker="a", **config)`` serves the script as one worker of the
    app (scale-out on, Redis backend) until the test ends."""
    stops: list[trio.Event] = []

    async def start(source: str, *, worker: str, plugins: tuple[object, ...] = (), **config: str) -> HttpRuntime:
        script = tmp_path / "app.py"
        script.write_text(source)
        options = {"server.port": "0", "server.file_watcher_type": "none", "scaleout.backend": "redis",
                   "scaleout.redis_url": redis_server.url, "scaleout.secret": SECRET,
                   "scaleout.key_prefix": prefix, "scaleout.worker": worker, **config}
        app = build_app(AppOptions(script_path=script, config_options=options, cwd=tmp_path, home=tmp_path,
                                   environ={}, plugins=[(p, None) for p in plugins]))
        stop = trio.Event()
        stops.append(stop)
        runtime: HttpRuntime = await nursery.start(serve_app, app, stop)
        return runtime

    yield start
    for stop in stops:
        stop.set()


class ProxyFactory(Protocol):
    def __call__(self, config: str, port: int) -> Any: ...


@pytest.fixture
def nginx_proxy(tmp_path: Path) -> Iterator[ProxyFactory]:
    """``nginx_proxy(http_config, port)``: Debian's nginx with ``http_config`` (e.g. the text of
    ``kernel proxy-config nginx --listen 127.0.0.1:PORT``) inside ``http { }``, listening on
    ``port``, its files in the test's folder; stopped when the test ends."""
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed (apt-get install -y nginx; .ci/run installs it)")
    started: list[Nginx] = []

    def start(config: str, port: int) -> Nginx:
        proxy = Nginx(tmp_path / f"nginx{len(started)}", config, port)
        started.append(proxy)
        return proxy.start()

    yield start
    for proxy in started:
        proxy.stop()


@pytest.fixture
def haproxy_proxy(tmp_path: Path) -> Iterator[ProxyFactory]:
    """``haproxy_proxy(config, port)``: Debian's HAProxy with the complete ``config`` (e.g. the
    text of ``kernel proxy-config haproxy --listen 127.0.0.1:PORT``) bound to ``port``;
    stopped when the test ends."""
    if not Path(HAPROXY).exists():
        pytest.skip("haproxy is not installed (apt-get install -y haproxy; .ci/run installs it)")
    started: list[HAProxy] = []

    def start(config: str, port: int) -> HAProxy:
        proxy = HAProxy(tmp_path / f"haproxy{len(started)}", config, port)
        started.append(proxy)
        return proxy.start()

    yield start
    for proxy in started:
        proxy.stop()


def store_of(runtime: HttpRuntime) -> Any:
    """The worker's session store."""
    return runtime.app.hook.kernel_make_session_store(app=runtime.app)


__all__ = ["SECRET", "ProxyFactory", "Workers", "store_of"]
