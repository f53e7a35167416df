"""Serve an ASGI module with uvicorn in a subprocess on 127.0.0.1, on a socket the test bound (no port race), or
a file that builds one with ``kernel run``."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import attrs

START_DEADLINE = 90.0
"""Seconds uvicorn gets to import the module and answer the health check (a loaded machine is slow)."""


@attrs.frozen
class Served:
    """A running uvicorn: its base URL, process and the log file it writes."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        """What uvicorn and the app printed so far."""
        return self.log.read_text(errors="replace")


@contextlib.contextmanager
def uvicorn_serving(directory: Path, target: str, *, extra_env: dict[str, str] | None = None) -> Iterator[Served]:
    """Run ``uvicorn TARGET`` (``module:app``) with ``directory`` as its working directory until the block ends.

    The socket is bound here on a free port and handed over with ``--fd``; the process is
    always stopped (SIGTERM, then SIGKILL after 20 s).
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    log = directory / "uvicorn.log"
    env = {**os.environ, "PYTHONPATH": str(directory), **(extra_env or {})}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", target, "--fd", str(sock.fileno()), "--lifespan", "on",
             "--log-level", "info"],
            cwd=directory, env=env, stdout=out, stderr=subprocess.STDOUT, pass_fds=(sock.fileno(),))
    sock.close()
    served = Served(url, process, log)
    try:
        _wait_healthy(served)
        yield served
    finally:
        stop(served)


@contextlib.contextmanager
def kernel_run_serving(directory: Path, script: str, *args: str) -> Iterator[Served]:
    """Run ``kernel run SCRIPT --server.port=P ARGS`` in ``directory`` until the block ends (a file
    that builds an st.App is served by uvicorn). The port is a free one picked here."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = directory / "kernel-run.log"
    env = {**os.environ, "PYTHONPATH": str(directory)}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "kernel", "run", script, "--server.address=127.0.0.1", f"--server.port={port}",
             "--server.headless=true", *args],
            cwd=directory, env=env, stdout=out, stderr=subprocess.STDOUT)
    served = Served(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_healthy(served)
        yield served
    finally:
        stop(served)


def stop(served: Served) -> int:
    """SIGTERM the server and wait for it (SIGKILL after 20 s); its exit code."""
    if served.process.poll() is None:
        served.process.send_signal(signal.SIGTERM)
        try:
            served.process.wait(20)
        except subprocess.TimeoutExpired:
            served.process.kill()
            served.process.wait()
    return served.process.returncode


def _wait_healthy(served: Served) -> None:
    deadline = time.monotonic() + START_DEADLINE
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            raise AssertionError(f"the server exited with {served.process.returncode}:\n{served.output()}")
        try:
            with urllib.request.urlopen(served.url + "/_kernel/health", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)
    raise AssertionError(f"the server did not become healthy in {START_DEADLINE} s:\n{served.output()}")
