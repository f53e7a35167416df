"""``kernel proxy-config``: the printed nginx and HAProxy configurations, run for real in
front of ``kernel run --workers 2 --worker-ports`` (real processes, a real redis-server):
a WebSocket session and HTTP requests through the proxy, the affinity cookie, a worker
killed (the proxy retries on the other one and the session resumes there), and no
resume token in nginx's access log."""

from __future__ import annotations

import http.client
import os
import random
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import trio

from kernel._proxy_config import AFFINITY_COOKIE, haproxy_config, nginx_config
from tests.contrib.cache_redis.conftest import RedisServer
from tests.contrib.scaleout_redis.cluster import Cluster, Page, reconnect
from tests.contrib.scaleout_redis.conftest import ProxyFactory
from tests.contrib.scaleout_redis.proxies import free_port

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")


def get(port: int, path: str, cookie: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """A plain HTTP GET through the proxy."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def affinity_cookie(headers: dict[str, str]) -> str:
    cookie = headers.get("set-cookie", "")
    assert cookie.startswith(f"{AFFINITY_COOKIE}="), headers
    assert "HttpOnly" in cookie.split(";")[1:] or "httponly" in cookie.lower()
    return cookie.split(";")[0]


Configure = Callable[[list[int], int, Path], str]


def _nginx(ports: list[int], port: int, folder: Path) -> str:
    return nginx_config("127.0.0.1", ports, f"127.0.0.1:{port}", access_log=str(folder / "access.log"))


def _haproxy(ports: list[int], port: int, folder: Path) -> str:
    return haproxy_config("127.0.0.1", ports, f"127.0.0.1:{port}")


@pytest.mark.parametrize("kind", ["nginx", "haproxy"])
async def test_a_session_and_requests_through_the_proxy_survive_a_dead_worker(
        kind: str, tmp_path: Path, redis_server: RedisServer, nginx_proxy: ProxyFactory,
        haproxy_proxy: ProxyFactory) -> None:
    ports = [free_port(), free_port()]
    cluster = Cluster(tmp_path, redis_server.url, 2, worker_ports=",".join(map(str, ports)))
    try:
        cluster.wait_serving(2)
        port = free_port()
        configure: Configure = _nginx if kind == "nginx" else _haproxy
        start = nginx_proxy if kind == "nginx" else haproxy_proxy
        proxy: Any = start(configure(ports, port, tmp_path), port)

        # The page, then the same browser's requests: the proxy sets its affinity cookie once.
        status, headers, body = await trio.to_thread.run_sync(get, port, "/")
        assert status == 200 and b"<html" in body.lower()
        cookie = affinity_cookie(headers)
        for _ in range(5):
            status, headers, _ = await trio.to_thread.run_sync(get, port, "/_kernel/health", cookie)
            assert status == 200
            assert "set-cookie" not in headers  # the browser has it already

        async with trio.open_nursery() as connections:
            page = Page(proxy.ws_url())
            hello = await page.open(connections)
            assert not hello.resumed
            await page.first_run()
            rng = random.Random(22)
            for step in range(3):
                await page.interact(rng, step)
            first = page.pid
            assert first in cluster.pids.values()

            # The page's worker dies: the proxy sends new connections to the live one, and the
            # session resumes there with everything it had.
            os.kill(first, signal.SIGKILL)
            for _ in range(10):  # none of these fail, even before the supervisor restarts it
                status, _, _ = await trio.to_thread.run_sync(get, port, "/_kernel/health", cookie)
                assert status == 200
            await reconnect(page, connections)
            for step in range(3, 6):
                await page.interact(rng, step)
            assert page.pid != first
            await page.close()
            connections.cancel_scope.cancel()
    finally:
        cluster.stop()
    if kind == "nginx":
        log = (tmp_path / "access.log").read_text()
        assert "/_kernel/stream" in log and "/_kernel/health" in log
        assert page.token.split(".")[0] not in log and "token=" not in log


def test_the_command_prints_what_the_functions_make(tmp_path: Path) -> None:
    """``kernel proxy-config`` prints the configurations the test above runs, for the worker
    ports given or those after server.port."""
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kernel", *args], capture_output=True, text=True, cwd=tmp_path,
                              timeout=60)

    nginx = run("proxy-config", "nginx", "--worker-ports", "8601-8603", "--listen", "80", "--access-log", "/l")
    assert nginx.returncode == 0, nginx.stderr
    assert nginx.stdout == nginx_config("127.0.0.1", [8601, 8602, 8603], "80", access_log="/l")
    haproxy = run("--server.port=9000", "proxy-config", "haproxy", "--workers", "2")
    assert haproxy.returncode == 0, haproxy.stderr
    assert haproxy.stdout == haproxy_config("127.0.0.1", [9001, 9002], "*:9000")
    for expected in ("timeout tunnel 1h", "option redispatch", "cookie w1", "server w2 127.0.0.1:9002"):
        assert expected in haproxy.stdout
    bad = run("proxy-config", "nginx", "--workers", "3", "--worker-ports", "8601,8602")
    assert bad.returncode != 0 and "give one port per worker" in bad.stderr
