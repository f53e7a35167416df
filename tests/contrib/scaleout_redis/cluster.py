"""A real deployment on loopback for the scale-out tests and benchmark: a redis-server, the
``kernel run --workers N`` supervisor with its worker processes, and a light load client
(trio-websocket, the wire protocol, no browser) whose sessions know what they expect."""

from __future__ import annotations

import hashlib
import os
import pickle
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import trio
import trio_websocket

from kernel.contracts.messages import NewSession, Rerun
from tests.plugins.runtime.liveloop_client import StreamClient, props_of

SECRET = "c" * 40

SCALE_APP = """
import hashlib, os, pickle, threading
from kernel import st
v = st.slider("v", 0, 1000, 0)
t = st.text_input("t", "")
if "n" not in st.session_state:
    st.session_state.n = 0
    st.session_state.vals = list(range(100))
if st.button("add"):
    st.session_state.n += 1
    st.session_state.vals.append(v)
lock_new = "lock" not in st.session_state
if lock_new:
    st.session_state.lock = threading.Lock()  # does not pickle: left out, recreated after a move
if v == 7:
    import time
    time.sleep(2)
state = sorted((k, st.session_state[k]) for k in ("n", "vals"))
digest = hashlib.sha256(pickle.dumps(state, protocol=5)).hexdigest()[:16]
st.text(f"pid={os.getpid()} v={v} t={t} n={st.session_state.n} state={digest} lock_new={lock_new}")
"""
"""The test app: three widgets, session_state with a counter, a list and a lock; it prints
its process id, the widget values and a hash of the state, so a client can check them."""

_TEXT = re.compile(r"pid=(\d+) v=(\d+) t=(\S*) n=(\d+) state=(\w+) lock_new=(True|False)")


class Cluster:
    """``kernel run app.py --workers N`` in a subprocess, with the workers' pids as it prints them."""

    def __init__(self, folder: Path, redis_url: str, workers: int, *, source: str = SCALE_APP,
                 options: dict[str, str] | None = None, worker_ports: str | None = None) -> None:
        self.folder = folder
        (folder / "app.py").write_text(source)
        self.port = 0 if worker_ports else _free_port()
        argv = [sys.executable, "-m", "kernel", "run", "app.py", "--workers", str(workers)]
        if worker_ports:
            argv += ["--worker-ports", worker_ports]
        config = {"server.port": str(self.port), "server.file_watcher_type": "none", "scaleout.backend": "redis",
                  "scaleout.redis_url": redis_url, "scaleout.worker": "t", **(options or {})}
        argv += [f"--{k}={v}" for k, v in config.items()]
        env = {**os.environ, "KERNEL_SCALEOUT_SECRET": SECRET, "PYTHONUNBUFFERED": "1"}
        self.log = folder / "stderr.txt"
        self._stderr = self.log.open("wb")
        self.proc = subprocess.Popen(argv, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=self._stderr)
        self.pids: dict[str, int] = {}
        self.ports: dict[str, int] = {}
        self.spawned: dict[int, float] = {}
        """When (``time.monotonic``) the supervisor said it started each worker, by pid."""
        self.serving = 0
        self.lines: list[str] = []
        """What the supervisor and its workers printed."""
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.wanted = workers

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            line = raw.decode(errors="replace")
            match = re.search(r"worker (\S+) pid (\d+) port (\d+)", line)
            with self._lock:
                self.lines.append(line.rstrip("\n"))
                if match:
                    self.pids[match[1]] = int(match[2])
                    self.spawned[int(match[2])] = time.monotonic()
                    self.ports[match[1]] = int(match[3])
                if "kernel is serving" in line:
                    self.serving += 1

    def wait_serving(self, count: int, timeout: float = 60) -> None:
        """Wait until ``count`` workers (in all: restarts count again) said they serve."""
        deadline = time.monotonic() + timeout
        while self.serving < count:
            assert self.proc.poll() is None, f"the supervisor exited: {self.log.read_text()[-2000:]}"
            assert time.monotonic() < deadline, f"only {self.serving} of {count} workers serve"
            time.sleep(0.05)

    def url(self, worker: str | None = None) -> str:
        port = self.ports[worker] if worker is not None else self.port
        return f"ws://127.0.0.1:{port}/_kernel/stream?v=1"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._stderr.close()
        self._reader.join(10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        for pid in self.pids.values():  # a worker the supervisor never got to stop
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


async def _hold_connection(stream: trio.SocketStream, resource: str, *,
                           task_status: trio.TaskStatus[trio_websocket.WebSocketConnection]) -> None:
    """A client connection in a nursery of its own: a refused handshake (a proxy's 502 while
    every worker restarts) raises to the caller of ``open`` as a HandshakeError, and a
    connection that fails later only ends itself (the page sees it closed)."""
    started = False
    try:
        async with trio.open_nursery() as own:
            ws = await trio_websocket.wrap_client_stream(own, stream, "127.0.0.1", resource)
            started = True
            task_status.started(ws)
    except BaseExceptionGroup as group:
        cancelled, rest = group.split(trio.Cancelled)
        if cancelled is not None:
            raise
        if not started and rest is not None:
            first: BaseException = rest
            while isinstance(first, BaseExceptionGroup):
                first = first.exceptions[0]
            raise first from group
    except trio_websocket.HandshakeError:
        if started:
            return
        raise


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def state_digest(n: int, items: list[int]) -> str:
    """What the app prints for ``n`` and ``items``."""
    return hashlib.sha256(pickle.dumps(sorted([("n", n), ("vals", items)]), protocol=5)).hexdigest()[:16]


class Page:
    """One session as a browser tab would hold it, with the model of what the server must show."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.token = ""
        self.session_id = ""
        self.ids: dict[str, str] = {}
        self.v = 0
        self.t = ""
        self.n = 0
        self.items = list(range(100))
        self.pid = 0
        self.ws: trio_websocket.WebSocketConnection | None = None
        self.stream: trio.SocketStream | None = None
        self.client: StreamClient | None = None
        self.reconnected_after: float | None = None
        self.finished_after: float | None = None
        self.handshake_at = 0.0
        """When the last :meth:`open` had its WebSocket handshake done (the greeting follows)."""

    def expected(self, lock_new: bool | None = None) -> str:
        lock = "" if lock_new is None else f" lock_new={lock_new}"
        return f"v={self.v} t={self.t} n={self.n} state={state_digest(self.n, self.items)}{lock}"

    def check(self, msgs: list[Any]) -> re.Match[str]:
        texts = props_of(msgs, "text")
        assert texts, f"session {self.session_id}: the run showed no text: {msgs}"
        body = str(texts[-1]["body"])
        match = _TEXT.fullmatch(body)
        assert match is not None, body
        shown = f"v={match[2]} t={match[3]} n={match[4]} state={match[5]}"
        assert shown == self.expected(), f"session {self.session_id}: shows {shown}, expected {self.expected()}"
        self.pid = int(match[1])
        return match

    async def close(self) -> None:
        """Close the connection's socket (trio-websocket leaves it open when the server ends it)."""
        if self.stream is not None:
            await trio.aclose_forcefully(self.stream)
            self.stream = None

    async def open(self, nursery: trio.Nursery, url: str | None = None) -> NewSession:
        await self.close()
        target = url or self.url
        stream = self.stream = await trio.open_tcp_stream("127.0.0.1", int(target.split(":")[2].split("/")[0]))
        resource = "/" + target.split("/", 3)[3] + (f"&token={self.token}" if self.token else "")
        self.ws = await nursery.start(_hold_connection, stream, resource)
        self.handshake_at = time.monotonic()
        self.client = StreamClient(self.ws)
        hello = await self.client.new_session()
        self.token, self.session_id = hello.token, hello.session_id
        return hello

    async def run(self, rerun: Rerun) -> re.Match[str]:
        assert self.client is not None
        await self.client.send(rerun)
        return self.check(await self.client.until_finished(30))

    async def first_run(self) -> None:
        assert self.client is not None
        await self.client.send(Rerun())
        msgs = await self.client.until_finished(30)
        for kind in ("slider", "text_input", "button"):
            self.ids[kind] = props_of(msgs, kind)[0]["id"]
        self.check(msgs)

    def states(self) -> dict[str, Any]:
        return {self.ids["slider"]: self.v, self.ids["text_input"]: self.t}

    async def interact(self, rng: random.Random, step: int) -> None:
        """One interaction: a slider move, a text change or a click (which changes session_state)."""
        kind = ("slider", "text_input", "button")[step % 3]
        if kind == "slider":
            self.v = rng.choice([v for v in range(8, 1000) if v != self.v])
            await self.run(Rerun(self.states(), changed=(self.ids["slider"],)))
        elif kind == "text_input":
            self.t = f"x{rng.randrange(10**6)}"
            await self.run(Rerun(self.states(), changed=(self.ids["text_input"],)))
        else:
            self.n += 1
            self.items.append(self.v)
            await self.run(Rerun(self.states(), trigger=self.ids["button"], changed=()))


class Attempts:
    """How one reconnect went: the seconds waited before each attempt, the seconds each
    attempt took (connect, handshake, the session's greeting) and how each failed."""

    def __init__(self) -> None:
        self.waits: list[float] = []
        self.tries: list[float] = []
        self.began = time.monotonic()
        self.pid = 0
        """The worker that ran the session's next run (set by the caller that saw it)."""
        self.greeting = 0.0
        """Seconds from the handshake to the session's greeting in the attempt that resumed it
        (the worker claims the session from the store meanwhile)."""
        self.failures: list[str] = []


async def reconnect(page: Page, nursery: trio.Nursery, url: str | None = None,
                    first_delay: float | None = None) -> Attempts:
    """What the web client does after a drop: jittered exponential backoff (the first wait
    ``first_delay`` if given: a draining worker's hint), then the token."""
    attempts = Attempts()
    attempt = 0
    while True:
        attempt += 1
        delay = min(5.0, 0.1 * 2 ** (attempt - 1)) * random.uniform(0.8, 1.2)
        if attempt == 1:
            delay = random.uniform(0.1, 0.5) if first_delay is None else first_delay
        attempts.waits.append(delay)
        await trio.sleep(delay)
        began = time.monotonic()
        try:
            with trio.fail_after(5):
                hello = await page.open(nursery, url)
        except (OSError, trio.TooSlowError, trio_websocket.HandshakeError, trio_websocket.ConnectionClosed) as exc:
            attempts.tries.append(time.monotonic() - began)
            attempts.failures.append(type(exc).__name__)
            continue
        attempts.tries.append(time.monotonic() - began)
        attempts.greeting = time.monotonic() - page.handshake_at
        assert hello.resumed, f"session {page.session_id} came back as a new session"
        return attempts


def figures(name: str, values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return (f"{name}: n={len(values)} p50={statistics.median(ordered) * 1000:.0f} ms "
            f"p95={p95 * 1000:.0f} ms max={ordered[-1] * 1000:.0f} ms")


__all__ = ["SCALE_APP", "SECRET", "Attempts", "Cluster", "Page", "figures", "reconnect", "state_digest"]
