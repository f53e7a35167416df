"""Benchmark of the live app loop, measured over a real WebSocket against `kernel run`.

Run from the repository root:

    python benchmarks/bench_loop.py            # everything (about a minute)
    python benchmarks/bench_loop.py --quick    # fewer reruns and sessions
    python benchmarks/bench_loop.py --memory-only --rounds 3   # only memory per idle session
    python benchmarks/bench_loop.py --start-up-only 15   # only the start-up figures, 15 spawns

It starts `kernel run` in a subprocess for each app and prints:

* rerun latency for apps with 10, 100 and 1000 elements (median and p99 over N reruns;
  every rerun moves a slider and every element shows the new value, so each rerun is
  verified to carry it and the whole page changes), for two apps: only ``st.text``, and the
  issue-19 app (``st.write``/``st.markdown``/``st.text`` in turn, a widget every tenth
  element); each paced (a pause of PACE seconds between reruns, as a user moving a slider)
  and back-to-back, with the server's CPU time per rerun and the bytes on the wire per rerun
  (what the TCP socket carried, WebSocket headers included; with and without
  permessage-deflate offered, as browsers do),
* next to them, what this machine gives a paced rerun: a bare trio-websocket server driven
  by the same client the same way (paced and back-to-back, a frame of the 10-element size
  back), the same with the answer made in a kept worker thread (the hand-offs of a run),
  the same pure-Python work in one thread back-to-back and after a pause (caches gone
  cold), and the server CPU a server with one connected session burns while idle,
* bytes per rerun and server CPU for 20 000 ``st.text`` all changed, and the server CPU of an
  unchanged rerun of that page (nothing sent),
* memory per idle session (server RSS growth over 200 connected sessions, 100-element app),
  next to the floor measured the same way in the same run: a bare trio-websocket echo
  server with as many idle connections, all started at once,
* bytes sent per rerun when nothing in the page changed (100-element app),
* time from spawning `kernel run` to a healthy server, and to the first finished run of a session,
  with the server's CPU time at each (all threads: the steadier figure on a shared machine),
* time until the last of 200 sessions of the 100-element app finishes when all rerun
  at the same instant,
* the time `import kernel.st` takes in a fresh interpreter, and a whole
  `python -c "from kernel import st"` process next to an empty one.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import attrs
import trio
import trio_websocket

ROOT = Path(__file__).resolve().parent.parent
URL_RE = re.compile(r"http://([\d.]+):(\d+)/")


def app_source(elements: int) -> str:
    """A script with one slider and ``elements - 1`` texts that all show its value."""
    return (
        "from kernel import st\n"
        "v = st.slider('v', 0, 1_000_000, 0)\n"
        f"for i in range({elements - 1}):\n"
        "    st.text(f'row {i}: {v}')\n"
    )


def mixed_app_source(elements: int) -> str:
    """The app of issue 19: one slider, then ``elements - 1`` elements cycling
    ``st.write``/``st.markdown``/``st.text`` with a widget every tenth; every text shows the
    slider's value, and the last element is always a text."""
    return (
        "from kernel import st\n"
        "v = st.slider('v', 0, 1_000_000, 0)\n"
        f"for i in range({elements - 2}):\n"
        "    if i % 10 == 9:\n"
        "        st.checkbox(f'check {i}')\n"
        "    elif i % 3 == 0:\n"
        "        st.write(f'row {i}: {v}')\n"
        "    elif i % 3 == 1:\n"
        "        st.markdown(f'row **{i}**: {v}')\n"
        "    else:\n"
        "        st.text(f'row {i}: {v}')\n"
        f"st.text(f'row {elements - 2}: {{v}}')\n"
    )


PACE = 0.1
"""Seconds between paced reruns (a user moving a slider: ten values a second)."""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    # Measure what an installed app sees: bytecode cached in __pycache__ and the methods
    # attrs generates in kernel's code store (a warm-up start writes both), not every
    # module and class compiled from source on each start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


class Server:
    """`kernel run SCRIPT` in a subprocess on a free port."""

    def __init__(self, script: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kernel", "run", str(script), "--server.port=0",
             "--server.file_watcher_type=none"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(), cwd=script.parent,
        )
        assert self.proc.stdout is not None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            match = URL_RE.search(line)
            if match:
                self.host, self.port = match.group(1), int(match.group(2))
                return
        raise RuntimeError(f"kernel run did not start: {self.proc.stderr.read() if self.proc.stderr else ''}")

    def cpu_seconds(self) -> float:
        """The server process's CPU time so far (user + system), in seconds."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_kib(self) -> int:
        """The server's resident memory in KiB."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


BARE_SERVER = """
import json, queue, sys, threading, trio, trio_websocket

MODE = sys.argv[1] if len(sys.argv) > 1 else "echo"
jobs = queue.SimpleQueue()

def reply(msg):
    # A frame about the size of the 10-element apps' rerun frame, made from the request.
    return json.dumps([{"path": [0, i], "text": f"row {i}: {msg}" + "." * 140} for i in range(10)])

def worker():
    while True:
        msg, token, done = jobs.get()
        token.run_sync_soon(done, reply(msg))

async def answer(request):
    ws = await request.accept()
    token = trio.lowlevel.current_trio_token()
    try:
        while True:
            msg = await ws.get_message()
            if MODE == "echo":
                await ws.send_message(msg)
            elif MODE == "reply":
                await ws.send_message(reply(msg))
            else:
                ready, out = trio.Event(), []

                def done(frame, ready=ready, out=out):
                    out.append(frame)
                    ready.set()

                jobs.put((msg, token, done))
                await ready.wait()
                await ws.send_message(out[0])
    except trio_websocket.ConnectionClosed:
        pass

async def main():
    if MODE == "thread":
        threading.Thread(target=worker, daemon=True).start()
    async with trio.open_nursery() as nursery:
        server = await nursery.start(trio_websocket.serve_websocket, answer, "127.0.0.1", 0, None)
        print(f"http://127.0.0.1:{server.port}/", flush=True)

trio.run(main)
"""
"""A bare trio-websocket server: ``echo`` sends each message back (the memory floor);
``reply`` answers each with a frame about the size of a 10-element rerun's; ``thread`` has
the answer made in a kept worker thread (a ``queue.SimpleQueue`` in, ``run_sync_soon``
back, the hand-offs the kernel makes for a run)."""


class BareServer(Server):
    """A bare trio-websocket server in a subprocess (:data:`BARE_SERVER`): the floors of
    memory per connection and of latency per message."""

    def __init__(self, mode: str = "echo") -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", BARE_SERVER, mode], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=_env())
        assert self.proc.stdout is not None
        match = URL_RE.search(self.proc.stdout.readline())
        if match is None:
            raise RuntimeError(f"the bare server did not start: {self.proc.stderr.read() if self.proc.stderr else ''}")
        self.host, self.port = match.group(1), int(match.group(2))

    def cpu_seconds(self) -> float:
        """CPU time of the server's threads so far, with ns resolution (its threads never end)."""
        return _process_cpu_ms(self.proc.pid) / 1000


class CountingStream(trio.abc.HalfCloseableStream):
    """A TCP stream that counts the bytes it received: what the wire carried."""

    def __init__(self, stream: trio.SocketStream) -> None:
        self.stream = stream
        self.received = 0

    async def send_all(self, data: bytes | bytearray | memoryview) -> None:
        await self.stream.send_all(data)

    async def wait_send_all_might_not_block(self) -> None:
        await self.stream.wait_send_all_might_not_block()

    async def receive_some(self, max_bytes: int | None = None) -> bytes | bytearray:
        data = await self.stream.receive_some(max_bytes)
        self.received += len(data)
        return data

    async def send_eof(self) -> None:
        await self.stream.send_eof()

    async def aclose(self) -> None:
        await self.stream.aclose()


@asynccontextmanager
async def connect(server: Server, *, deflate: bool = False) -> AsyncIterator[trio_websocket.WebSocketConnection]:
    """A WebSocket to the server's stream; ``deflate`` offers permessage-deflate as browsers
    do. ``ws.wire`` is the :class:`CountingStream` under it."""
    stream = CountingStream(await trio.open_tcp_stream(server.host, server.port))
    async with stream, trio.open_nursery() as nursery:
        if deflate:
            ws = await _deflate_client(nursery, stream, server.host, "/_kernel/stream?v=1")
        else:
            ws = await trio_websocket.wrap_client_stream(nursery, stream, server.host,  # type: ignore[arg-type]
                                                         "/_kernel/stream?v=1", max_message_size=64 * 1024 * 1024)
        ws.wire = stream  # type: ignore[attr-defined]
        try:
            yield ws
        finally:
            await ws.aclose()
            nursery.cancel_scope.cancel()


async def _deflate_client(nursery: trio.Nursery, stream: trio.abc.Stream, host: str,
                          resource: str) -> trio_websocket.WebSocketConnection:
    # trio-websocket's client offers no extensions: its connection is built here with a
    # request that offers permessage-deflate as Chromium does.
    from wsproto import ConnectionType, WSConnection
    from wsproto.events import Request

    conn = trio_websocket.WebSocketConnection(stream, WSConnection(ConnectionType.CLIENT),  # type: ignore[arg-type]
                                              host=host, path=resource, max_message_size=64 * 1024 * 1024)
    conn._initial_request = Request(host=host, target=resource, extensions=[_chromium_deflate_offer()])
    nursery.start_soon(conn._reader_task)
    await conn._open_handshake.wait()
    return conn


def _chromium_deflate_offer() -> Any:
    """permessage-deflate offered with Chromium's exact parameters.

    Chromium sends ``permessage-deflate; client_max_window_bits`` (no value, no server
    parameter); wsproto's own offer names both window sizes. The server's answer and so the
    bytes on the wire are those a real page gets.
    """
    from wsproto.extensions import PerMessageDeflate

    class ChromiumOffer(PerMessageDeflate):
        def offer(self) -> str:
            return "client_max_window_bits"

    return ChromiumOffer()


class Client:
    """A minimal protocol client: counts bytes, waits for finished runs."""

    def __init__(self, ws: trio_websocket.WebSocketConnection) -> None:
        self.ws = ws
        self.bytes = 0
        self.frames = 0
        self.slider_id = ""

    async def frame(self) -> str:
        data = await self.ws.get_message()
        assert isinstance(data, str)
        self.bytes += len(data)
        self.frames += 1
        return data

    async def rerun(self, widget_states: dict[str, int] | None = None) -> list[str]:
        """Send a rerun and return the frames up to the finished run."""
        await self.ws.send_message(json.dumps([{"type": "Rerun", "widget_states": widget_states or {}}]))
        frames = []
        while True:
            data = await self.frame()
            frames.append(data)
            if '"ScriptFinished"' in data and '"status":"rerun"' not in data:
                return frames

    async def start(self) -> None:
        await self.frame()  # NewSession
        frames = await self.rerun()
        match = re.search(r'"id":"(slider-[0-9a-f]+)"', "".join(frames))
        assert match, frames[:2]
        self.slider_id = match.group(1)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


@attrs.frozen
class Reruns:
    """What a series of verified reruns measured."""

    median_ms: float
    p99_ms: float
    cpu_ms: float
    """Server CPU time per rerun (the pauses between paced reruns included)."""
    wire_bytes: float
    """Bytes the client's socket received per rerun."""


async def _timed_reruns(server: Server, ws: Any, reruns: int, pace: float, start: int,
                        rerun: Callable[[int], Awaitable[str]], check: Callable[[int, str], None]) -> Reruns:
    """Warm up, then time ``reruns`` calls of ``rerun(value)`` with a new value each, each
    answer given to ``check``; ``pace`` seconds of pause after each."""
    for warm in range(1, 20):
        await rerun(warm)
        await trio.sleep(pace)
    times = []
    cpu0, wire0 = server.cpu_seconds(), ws.wire.received
    for value in range(start, start + reruns):
        t0 = time.perf_counter()
        answer = await rerun(value)
        times.append(time.perf_counter() - t0)
        check(value, answer)
        if pace:
            await trio.sleep(pace)
    cpu = server.cpu_seconds() - cpu0
    wire = ws.wire.received - wire0
    return Reruns(statistics.median(times) * 1000, percentile(times, 99) * 1000, cpu / reruns * 1000,
                  wire / reruns)


async def measure_latency(server: Server, elements: int, reruns: int, *, pace: float = 0.0,
                          deflate: bool = False, start: int = 100) -> Reruns:
    """Rerun with a new slider value ``reruns`` times, each verified to show the value on the
    page's last element; ``pace`` seconds of pause after each."""
    async with connect(server, deflate=deflate) as ws:
        client = Client(ws)
        await client.start()

        async def rerun(value: int) -> str:
            return "".join(await client.rerun({client.slider_id: value}))

        def check(value: int, page: str) -> None:
            if f"row {elements - 2}: {value}" not in page:
                raise AssertionError(f"rerun {value} did not carry the new value")

        return await _timed_reruns(server, ws, reruns, pace, start, rerun, check)


async def measure_bare_latency(server: BareServer, reruns: int, *, pace: float = 0.0) -> Reruns:
    """:func:`measure_latency` against a bare server (``reply`` or ``thread``): the same
    client, message and pauses; each answer verified to carry the value sent."""
    async with connect(server) as ws:

        async def rerun(value: int) -> str:
            await ws.send_message(json.dumps([{"type": "Rerun", "widget_states": {"v": value}}]))
            return str(await ws.get_message())

        def check(value: int, frame: str) -> None:
            if f'{{\\"v\\": {value}}}' not in frame:
                raise AssertionError(f"answer {value} did not carry the value: {frame[:120]!r}")

        return await _timed_reruns(server, ws, reruns, pace, 100, rerun, check)


COLD_FUNCTIONS = 2000
"""Distinct functions in :func:`python_work_floor`'s work: about 0.5 ms of CPU here, the
server CPU of a 10-element rerun back-to-back."""


def python_work_floor(runs: int, pace: float) -> tuple[float, float]:
    """Median CPU µs of the same pure-Python work in this thread, back-to-back and with a
    pause of ``pace`` seconds before each (no I/O, no other thread): what the machine's
    caches give code and data that go unused for that long (other processes run meanwhile)."""
    source = "".join(f"def f{i}(d):\n    x = d['k{i % 50}'] + {i}\n    d['k{i % 50}'] = x % 1000\n"
                     f"    return [x, str(x), (x, {i})]\n" for i in range(COLD_FUNCTIONS))
    namespace: dict[str, Any] = {}
    exec(compile(source, "<cold-floor>", "exec"), namespace)
    functions = [namespace[f"f{i}"] for i in range(COLD_FUNCTIONS)]
    tables = [{f"k{j}": j for j in range(50)} for _ in range(COLD_FUNCTIONS // 10)]

    def work() -> None:
        for i, function in enumerate(functions):
            function(tables[i // 10])

    def series(wait: float) -> float:
        cpu = []
        for i in range(runs + 20):
            if wait:
                time.sleep(wait)
            t0 = time.thread_time_ns()
            work()
            if i >= 20:
                cpu.append((time.thread_time_ns() - t0) / 1000)
        return statistics.median(cpu)

    return series(0.0), series(pace)


async def measure_idle_cpu(server: Server, window: float) -> tuple[float, float]:
    """Server CPU ms (all threads) with one connected session, in the ``window`` seconds
    after its last of 20 paced reruns, and in the ``window`` seconds after that."""
    async with connect(server) as ws:
        client = Client(ws)
        await client.start()
        for value in range(1, 21):
            await client.rerun({client.slider_id: value})
            await trio.sleep(PACE)
        cpu0 = _process_cpu_ms(server.proc.pid)
        await trio.sleep(window)
        cpu1 = _process_cpu_ms(server.proc.pid)
        await trio.sleep(window)
        return cpu1 - cpu0, _process_cpu_ms(server.proc.pid) - cpu1


async def measure_unchanged_cpu(server: Server, reruns: int) -> tuple[float, float]:
    """(server CPU ms, wire bytes) per rerun that changes nothing on the page."""
    async with connect(server) as ws:
        client = Client(ws)
        await client.start()
        await client.rerun({client.slider_id: 5})
        await client.rerun({client.slider_id: 5})
        cpu0, wire0 = server.cpu_seconds(), ws.wire.received  # type: ignore[attr-defined]
        for _ in range(reruns):
            await client.rerun({client.slider_id: 5})
        return ((server.cpu_seconds() - cpu0) / reruns * 1000,
                (ws.wire.received - wire0) / reruns)  # type: ignore[attr-defined]


async def measure_unchanged_bytes(server: Server) -> tuple[float, int]:
    async with connect(server) as ws:
        client = Client(ws)
        await client.start()
        await client.rerun({client.slider_id: 5})
        before_bytes, before_frames = client.bytes, client.frames
        count = 50
        for _ in range(count):
            await client.rerun({client.slider_id: 5})
        return (client.bytes - before_bytes) / count, (client.frames - before_frames) // count


async def measure_sessions(server: Server, sessions: int) -> tuple[float, float]:
    """(KiB per idle session, seconds for all sessions to finish a simultaneous rerun)."""
    ready = trio.Event()
    go = trio.Event()
    done: list[float] = []
    started = 0
    release = trio.Event()
    t0 = 0.0
    rss_before = server.rss_kib()

    async def one(i: int) -> None:
        nonlocal started
        async with connect(server) as ws:
            client = Client(ws)
            await client.start()
            started += 1
            if started == sessions:
                ready.set()
            await go.wait()
            frames = await client.rerun({client.slider_id: 1000 + i})
            assert f"row 98: {1000 + i}" in "".join(frames)
            done.append(time.perf_counter() - t0)
            await release.wait()

    async with trio.open_nursery() as nursery:
        for i in range(sessions):
            nursery.start_soon(one, i)
        with trio.fail_after(120):
            await ready.wait()
        await trio.sleep(1.0)  # let the server settle: every session idle
        rss_idle = server.rss_kib()
        t0 = time.perf_counter()
        go.set()
        with trio.fail_after(120):
            while len(done) < sessions:
                await trio.sleep(0.005)
        release.set()
    return (rss_idle - rss_before) / sessions, max(done)


async def measure_bare_connections(server: BareServer, connections: int) -> float:
    """KiB of server RSS per idle connection of a bare trio-websocket server.

    Measured like :func:`measure_sessions`: after one warm-up connection, all
    connections start at once, each exchanges a message, and the RSS is read one
    second after the last one is idle.
    """
    async with connect(server) as ws:
        await ws.send_message("warm-up")
        await ws.get_message()
    await trio.sleep(0.2)
    ready = trio.Event()
    release = trio.Event()
    started = 0
    rss_before = server.rss_kib()

    async def one() -> None:
        nonlocal started
        async with connect(server) as ws:
            await ws.send_message("hello")
            await ws.get_message()
            started += 1
            if started == connections:
                ready.set()
            await release.wait()

    async with trio.open_nursery() as nursery:
        for _ in range(connections):
            nursery.start_soon(one)
        with trio.fail_after(120):
            await ready.wait()
        await trio.sleep(1.0)
        rss_idle = server.rss_kib()
        release.set()
    return (rss_idle - rss_before) / connections


@attrs.frozen
class StartUp:
    """Medians of spawning `kernel run`: wall ms to health 200 and to the first finished run,
    and the server's CPU ms at each (all its threads; steadier than wall time on a shared machine)."""

    healthy_ms: float
    first_run_ms: float
    healthy_cpu_ms: float
    first_run_cpu_ms: float


def _process_cpu_ms(pid: int) -> float:
    """CPU time of every thread of ``pid`` so far, in ms (scheduler statistics: ns resolution)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass  # a thread that just ended
    return total / 1e6


def time_to_healthy(script: Path, runs: int) -> StartUp:
    """Medians from spawning `kernel run` until /_kernel/health answers 200, and until the
    first run of a WebSocket session finished (after one warm-up start), with the server's CPU.

    Start-up loads element modules, sessions and the runner on first use: the second
    figure shows that work is not just moved to the first visitor.
    """
    rows: list[tuple[float, float, float, float]] = []
    for _ in range(runs + 1):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "kernel", "run", str(script), f"--server.port={port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(), cwd=script.parent,
        )
        try:
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                        conn.sendall(b"GET /_kernel/health HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n")
                        if conn.recv(64).startswith(b"HTTP/1.1 200"):
                            healthy, healthy_cpu = time.perf_counter() - t0, _process_cpu_ms(proc.pid)
                            break
                except OSError:
                    time.sleep(0.002)
                if time.perf_counter() - t0 > 20:
                    raise RuntimeError("server never became healthy")
            trio.run(_first_run, port)
            rows.append((healthy * 1000, (time.perf_counter() - t0) * 1000, healthy_cpu, _process_cpu_ms(proc.pid)))
        finally:
            proc.terminate()
            proc.wait(10)
    columns = [statistics.median(column) for column in zip(*rows[1:], strict=True)]
    return StartUp(*columns)


async def _first_run(port: int) -> None:
    stream = await trio.open_tcp_stream("127.0.0.1", port)
    async with stream, trio.open_nursery() as nursery:
        ws = await trio_websocket.wrap_client_stream(nursery, stream, "127.0.0.1", "/_kernel/stream?v=1")
        client = Client(ws)
        await client.start()
        await ws.aclose()
        nursery.cancel_scope.cancel()


def import_time(runs: int) -> float:
    """Median ms of `import kernel.st` in a fresh interpreter."""
    code = "import time; t = time.perf_counter(); import kernel.st; print(time.perf_counter() - t)"
    results = []
    for _ in range(runs + 1):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(), check=True)
        results.append(float(out.stdout.strip()))
    return statistics.median(results[1:]) * 1000


def _serve(folder: Path, name: str, source: str) -> Server:
    script = folder / f"{name}.py"
    script.write_text(source)
    return Server(script)


def rerun_figures(folder: Path, reruns: int, quick: bool) -> None:
    """Print the rerun figures of issue 19's table: latency paced and back-to-back, server
    CPU and wire bytes per rerun, for the st.text app and the issue-19 app at 10, 100 and
    1000 elements; then the 20 000-text page, all changed and unchanged."""
    print("\nrerun latency over a WebSocket (every element changes; each rerun verified); "
          f"paced = a {PACE * 1000:.0f} ms "
          "pause after each rerun; CPU = server CPU per rerun; wire = bytes the socket received per rerun")
    for label, make in (("st.text", app_source), ("issue-19 mix", mixed_app_source)):
        for n in (10, 100, 1000):
            server = _serve(folder, f"rerun_{make.__name__}_{n}", make(n))
            try:
                paced = trio.run(functools.partial(measure_latency, server, n, reruns, pace=PACE))
                b2b = trio.run(functools.partial(measure_latency, server, n, reruns, start=10_000))
                deflated = trio.run(functools.partial(measure_latency, server, n, min(reruns, 50), deflate=True,
                                                      start=20_000))
            finally:
                server.stop()
            print(f"  {label:>12} {n:>5} elements: paced median {paced.median_ms:7.2f} ms p99 {paced.p99_ms:7.2f} ms "
                  f"CPU {paced.cpu_ms:6.2f} ms | back-to-back median {b2b.median_ms:7.2f} ms p99 {b2b.p99_ms:7.2f} ms "
                  f"CPU {b2b.cpu_ms:6.2f} ms | paced/b2b {paced.median_ms / b2b.median_ms:4.2f} | "
                  f"wire {b2b.wire_bytes / 1024:7.1f} KiB, deflate {deflated.wire_bytes / 1024:7.1f} KiB")
    paced_floor_figures(folder, reruns)
    big = 20_000
    server = _serve(folder, "app_text_20000", app_source(big))
    try:
        count = 10 if quick else 30
        changed = trio.run(functools.partial(measure_latency, server, big, count))
        deflated = trio.run(functools.partial(measure_latency, server, big, count, deflate=True, start=20_000))
        unchanged_cpu, unchanged_wire = trio.run(measure_unchanged_cpu, server, count)
    finally:
        server.stop()
    print(f"  {big} st.text, all changed: wire {changed.wire_bytes / 1024 / 1024:.2f} MiB per rerun "
          f"(deflate {deflated.wire_bytes / 1024 / 1024:.2f} MiB), median {changed.median_ms:.0f} ms, "
          f"server CPU {changed.cpu_ms:.0f} ms per rerun")
    print(f"  {big} st.text, unchanged rerun: server CPU {unchanged_cpu:.1f} ms per rerun, "
          f"wire {unchanged_wire:.0f} bytes")


def paced_floor_figures(folder: Path, reruns: int) -> None:
    """Print what this machine gives a paced rerun, next to the 10-element rows: a bare
    trio-websocket server answering the same client the same way (paced and back-to-back),
    the same with a worker-thread hand-off, the same Python work in one thread without I/O,
    and what a server with one connected session burns while idle."""
    rows = []
    for mode, label in (("reply", "bare trio-websocket server"),
                        ("thread", "bare server + a kept worker thread (SimpleQueue in, run_sync_soon back)")):
        server = BareServer(mode)
        try:
            paced = trio.run(functools.partial(measure_bare_latency, server, reruns, pace=PACE))
            b2b = trio.run(functools.partial(measure_bare_latency, server, reruns))
        finally:
            server.stop()
        rows.append((label, paced, b2b))
    print("  the floor on this machine (the same client, message and pauses; a frame of the 10-element size back):")
    for label, paced, b2b in rows:
        print(f"    {label}: paced median {paced.median_ms:5.2f} ms CPU {paced.cpu_ms:5.2f} ms | back-to-back median "
              f"{b2b.median_ms:5.2f} ms CPU {b2b.cpu_ms:5.2f} ms | paced/b2b {paced.median_ms / b2b.median_ms:4.2f}")
    hot, cold = python_work_floor(reruns, PACE)
    print(f"    the same pure-Python work in one thread ({COLD_FUNCTIONS} functions, no I/O): CPU {hot:.0f} µs "
          f"back-to-back, {cold:.0f} µs after a {PACE * 1000:.0f} ms pause ({cold / hot:.2f}x)")
    idle = _serve(folder, "idle_mixed_10", mixed_app_source(10))
    try:
        window = 5.0
        after, later = trio.run(measure_idle_cpu, idle, window)
    finally:
        idle.stop()
    print(f"  idle, one connected session (issue-19 app, 10 elements): server CPU {after:.2f} ms in the "
          f"{window:.0f} s after its last rerun, {later:.2f} ms in the {window:.0f} s after that")


def process_time(code: str, runs: int) -> float:
    """Median ms of a whole ``python -c CODE`` process: interpreter start, imports and exit."""
    results = []
    for _ in range(runs + 1):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], capture_output=True, env=_env(), check=True)
        results.append(time.perf_counter() - t0)
    return statistics.median(results[1:]) * 1000


def memory_floor(sessions: int) -> float:
    """KiB per idle connection of a bare trio-websocket server with ``sessions`` of them."""
    bare = BareServer()
    try:
        return trio.run(measure_bare_connections, bare, sessions)
    finally:
        bare.stop()


def memory_figures(script: Path, sessions: int) -> tuple[float, float]:
    """Print memory per idle session of the 100-element app next to the floor, measured in
    turn (the floor right after the app, so both see the same load); return both (KiB)."""
    server = Server(script)
    try:
        trio.run(measure_unchanged_bytes, server)  # the warm-up the full benchmark does first
        per_session, _ = trio.run(measure_sessions, server, sessions)
    finally:
        server.stop()
    floor = memory_floor(sessions)
    print(f"memory per idle session ({sessions} sessions, 100-element app): {per_session:.1f} KiB; "
          f"floor {floor:.1f} KiB; over the floor {per_session - floor:+.1f} KiB "
          f"(load {os.getloadavg()[0]:.1f})")
    return per_session, floor


def print_start_up(script: Path, runs: int) -> None:
    """Print the start-up figures of :func:`time_to_healthy` (medians of ``runs`` spawns)."""
    start = time_to_healthy(script, runs)
    print(f"time from `kernel run` to healthy: {start.healthy_ms:.0f} ms "
          f"(server CPU {start.healthy_cpu_ms:.0f} ms); "
          f"to the first finished run of a session (10 elements, over a WebSocket): {start.first_run_ms:.0f} ms "
          f"(server CPU {start.first_run_cpu_ms:.0f} ms) (medians; bytecode cached)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer reruns and sessions (not the reported figures)")
    parser.add_argument("--reruns-only", action="store_true", help="only the rerun figures (latency, CPU, bytes)")
    parser.add_argument("--memory-only", action="store_true",
                        help="only memory per idle session and its floor (a few seconds per round)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="with --memory-only: how many times to measure both, alternating")
    parser.add_argument("--start-up-only", type=int, nargs="?", const=7, default=None, metavar="SPAWNS",
                        help="only the start-up figures, the median of SPAWNS spawns (default 7)")
    args = parser.parse_args()
    reruns = 50 if args.quick else 200
    sessions = 50 if args.quick else 200
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        scripts = {}
        for n in (10, 100, 1000):
            scripts[n] = folder / f"app_{n}.py"
            scripts[n].write_text(app_source(n))

        if args.start_up_only is not None:
            print_start_up(scripts[10], args.start_up_only)
            print(f"load average during the run: {os.getloadavg()[0]:.1f}")
            return 0
        print(f"kernel live-loop benchmark ({reruns} reruns per app, {sessions} sessions, {os.cpu_count()} CPUs)")
        if args.memory_only:
            rounds = [memory_figures(scripts[100], sessions) for _ in range(args.rounds)]
            if len(rounds) > 1:
                kernel, floor = (statistics.median(column) for column in zip(*rounds, strict=True))
                print(f"medians over {len(rounds)} rounds: {kernel:.1f} KiB per idle session, floor {floor:.1f} KiB, "
                      f"over the floor {kernel - floor:+.1f} KiB (the floor moves by a few KiB from round to "
                      "round: compare medians)")
            return 0
        rerun_figures(folder, reruns, args.quick)
        if args.reruns_only:
            return 0

        server = Server(scripts[100])
        try:
            unchanged, frames = trio.run(measure_unchanged_bytes, server)
            per_session, burst = trio.run(measure_sessions, server, sessions)
        finally:
            server.stop()
        print(f"\nbytes per unchanged rerun (100 elements): {unchanged:.0f} bytes of payload in {frames} frames "
              f"(+ 2 bytes WebSocket header per frame)")
        floor = memory_floor(sessions)
        print(f"memory per idle session ({sessions} sessions, 100-element app): {per_session:.1f} KiB "
              f"(a bare trio-websocket server: {floor:.1f} KiB per idle connection, measured the same way)")
        print(f"burst: {sessions} sessions of the 100-element app rerun at once; last finished after "
              f"{burst * 1000:.0f} ms")
        print_start_up(scripts[10], 3 if args.quick else 7)
        print(f"import kernel.st: {import_time(3 if args.quick else 7):.0f} ms (median; bytecode cached)")
        runs = 5 if args.quick else 15
        print(f"python -c 'from kernel import st', whole process: {process_time('from kernel import st', runs):.0f} ms "
              f"(python -c pass: {process_time('pass', runs):.0f} ms; medians)")
        print(f"load average during the run: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
