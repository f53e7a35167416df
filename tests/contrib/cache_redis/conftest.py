"""A private ``redis-server`` on a free port for each test module."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """A ``redis-server`` process we start, stop and restart.

    ``args`` are more server options (``--requirepass``, TLS ...); ``url`` is how a client
    reaches it (default ``redis://127.0.0.1:PORT/0``, with ``{port}`` filled in).
    """

    def __init__(self, folder: Path, args: tuple[str, ...] = (), url: str = "redis://127.0.0.1:{port}/0",
                 port_option: str = "--port") -> None:  # fmt: skip
        self.port = free_port()
        self.folder = folder
        self.url = url.format(port=self.port)
        self.args = args
        self.port_option = port_option
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        args = [REDIS_SERVER, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        if self.port_option != "--port":
            args += ["--port", "0"]
        args += [self.port_option, str(self.port), *self.args]
        self.proc = subprocess.Popen(
            [*args, "--dir", str(self.folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                assert self.proc.poll() is None, f"redis-server exited ({self.proc.returncode}) with {self.args}"
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)
        client.close()

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    if not Path(REDIS_SERVER).exists():
        pytest.skip("redis-server is not installed (apt-get install -y redis-server)")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()
