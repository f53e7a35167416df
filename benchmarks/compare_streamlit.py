"""The live-loop workloads on kernel and on Streamlit, interleaved in one run.

Run from the repository root:

    python benchmarks/compare_streamlit.py            # 200 reruns per app (a few minutes)
    python benchmarks/compare_streamlit.py --quick    # fewer reruns and sessions

The apps are the ones of ``bench_loop.py`` written once with ``import streamlit as st``
(a slider, then N - 1 ``st.text`` elements that all show its value; and issue 19's mix of
``st.write``/``st.markdown``/``st.text`` with a checkbox every tenth element); kernel runs them
through its ``streamlit`` alias, Streamlit as they are. Both servers run at the same
time and the reruns alternate between them (kernel, Streamlit, kernel, ...), so a busy
moment of the machine costs both the same. Every rerun moves the slider and is checked
to carry the new value in the last element.

Figures: rerun latency (median and p99) and bytes per rerun for 10, 100 and 1000
elements of each app; time from spawning the server to a healthy one and to the first finished run
of a session; memory per idle session (RSS growth over S sessions); the whole process
of importing the API (``from kernel import st`` / ``import streamlit``).

Streamlit comes from the ``bench-streamlit`` extra (one pinned version):

    pip install -e '.[bench-streamlit]'

Without it, only kernel's column is printed. Streamlit's wire protocol is protobuf over
a WebSocket; this client uses the message classes the installed ``streamlit`` package
generates (``streamlit.proto``), imported when Streamlit is there.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Protocol

import trio
import trio_websocket

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_loop  # noqa: E402
from bench_loop import _env, percentile  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10, 100, 1000)
HEALTH = {"kernel": "/_kernel/health", "streamlit": "/_stcore/health"}


def app_source(elements: int) -> str:
    """One slider and ``elements - 1`` texts showing its value, for both frameworks."""
    return (
        "import streamlit as st\n"
        "v = st.slider('v', 0, 1_000_000, 0)\n"
        f"for i in range({elements - 1}):\n"
        "    st.text(f'row {i}: {v}')\n"
    )


def mixed_app_source(elements: int) -> str:
    """Issue 19's app for both frameworks: ``bench_loop.py``'s mix with the ``streamlit`` import
    (``st.write``/``st.markdown``/``st.text`` in turn, a checkbox every tenth element, the last
    element a text showing the slider's value)."""
    return bench_loop.mixed_app_source(elements).replace("from kernel import st\n", "import streamlit as st\n", 1)


APPS = (("st.text", app_source), ("issue-19 mix", mixed_app_source))
"""The workloads: a label for the table and the source of the app with N elements."""


def streamlit_version() -> str | None:
    """The installed Streamlit's version, or ``None`` (without importing it)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("streamlit")
    except PackageNotFoundError:
        return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _command(framework: str, script: Path, port: int) -> list[str]:
    if framework == "kernel":
        return [sys.executable, "-m", "kernel", "run", str(script), f"--server.port={port}",
                "--server.file_watcher_type=none"]
    return [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
            "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false", "--global.developmentMode", "false"]


def _healthy(framework: str, port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
            conn.sendall(f"GET {HEALTH[framework]} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n".encode())
            return conn.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


class Server:
    """``kernel run`` or ``streamlit run`` of a script in a subprocess, once healthy."""

    def __init__(self, framework: str, script: Path) -> None:
        self.framework = framework
        self.host = "127.0.0.1"
        self.port = _free_port()
        self.proc = subprocess.Popen(_command(framework, script, self.port), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, env=_env(), cwd=script.parent)
        deadline = time.monotonic() + 60
        while not _healthy(framework, self.port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{framework} did not start on port {self.port}")
            time.sleep(0.01)

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
            self.proc.wait()


class Session(Protocol):
    """One app session over a WebSocket, whichever the framework."""

    bytes: int

    async def start(self) -> None:
        """Run the script once; learn the slider's widget id."""

    async def rerun(self, value: int) -> str:
        """Move the slider to ``value``; return the last element's text once the run finished."""


class KernelSession:
    """kernel's JSON protocol (docs/protocol.md)."""

    def __init__(self, ws: trio_websocket.WebSocketConnection) -> None:
        self.ws = ws
        self.bytes = 0
        self.slider_id = ""

    async def _run(self, states: dict[str, int]) -> str:
        await self.ws.send_message(json.dumps([{"type": "Rerun", "widget_states": states}]))
        frames = []
        while True:
            data = await self.ws.get_message()
            assert isinstance(data, str)
            self.bytes += len(data.encode())
            frames.append(data)
            if '"ScriptFinished"' in data and '"status":"rerun"' not in data:
                return "".join(frames)

    async def start(self) -> None:
        await self.ws.get_message()  # NewSession
        match = re.search(r'"id":"(slider-[0-9a-f]+)"', await self._run({}))
        assert match, "no slider in kernel's first run"
        self.slider_id = match.group(1)

    async def rerun(self, value: int) -> str:
        texts = re.findall(r'row \d+: \d+', await self._run({self.slider_id: value}))
        return texts[-1] if texts else ""


class StreamlitSession:
    """Streamlit's protobuf protocol, through the installed package's message classes."""

    def __init__(self, ws: trio_websocket.WebSocketConnection) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self.ws = ws
        self.bytes = 0
        self.slider_id = ""
        self._back = BackMsg
        self._forward = ForwardMsg

    async def _run(self, value: int | None) -> tuple[str, str]:
        """(slider id, last text) of one run."""
        msg = self._back()
        state = msg.rerun_script
        state.query_string = ""
        state.page_script_hash = ""
        if value is not None:
            widget = state.widget_states.widgets.add()
            widget.id = self.slider_id
            widget.double_array_value.data.append(float(value))
        await self.ws.send_message(msg.SerializeToString())
        slider = last = ""
        finished = self._forward.ScriptFinishedStatus
        while True:
            data = await self.ws.get_message()
            assert isinstance(data, bytes)
            self.bytes += len(data)
            forward = self._forward()
            forward.ParseFromString(data)
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                which = element.WhichOneof("type")
                if which == "text":
                    last = element.text.body
                elif which == "slider":
                    slider = element.slider.id
            elif kind == "script_finished" and forward.script_finished != finished.FINISHED_EARLY_FOR_RERUN:
                return slider, last

    async def start(self) -> None:
        slider, _ = await self._run(None)
        assert slider, "no slider in Streamlit's first run"
        self.slider_id = slider

    async def rerun(self, value: int) -> str:
        return (await self._run(value))[1]


@asynccontextmanager
async def open_session(server: Server) -> AsyncIterator[Session]:
    """A started session of ``server``'s app."""
    stream = await trio.open_tcp_stream(server.host, server.port)
    async with stream, trio.open_nursery() as nursery:
        session: Session
        if server.framework == "kernel":
            ws = await trio_websocket.wrap_client_stream(nursery, stream, server.host, "/_kernel/stream?v=1",
                                                         max_message_size=64 * 1024 * 1024)
            session = KernelSession(ws)
        else:
            ws = await trio_websocket.wrap_client_stream(nursery, stream, server.host, "/_stcore/stream",
                                                         subprotocols=["streamlit"],
                                                         max_message_size=64 * 1024 * 1024)
            session = StreamlitSession(ws)
        try:
            await session.start()
            yield session
        finally:
            await ws.aclose()
            nursery.cancel_scope.cancel()


async def interleaved_reruns(servers: list[Server], elements: int, reruns: int) -> dict[str, dict[str, float]]:
    """Median and p99 ms and bytes per rerun of each server, alternating rerun by rerun."""
    async with open_session(servers[0]) as first, open_session(servers[-1]) as second:
        sessions = [first, second][: len(servers)]
        for warm in range(1, 20):
            for session in sessions:
                await session.rerun(warm)
        times: list[list[float]] = [[] for _ in sessions]
        start_bytes = [s.bytes for s in sessions]
        for value in range(100, 100 + reruns):
            for i, session in enumerate(sessions):
                t0 = time.perf_counter()
                last = await session.rerun(value)
                times[i].append(time.perf_counter() - t0)
                if last != f"row {elements - 2}: {value}":
                    raise AssertionError(f"{servers[i].framework}: rerun {value} showed {last!r}")
        return {
            server.framework: {
                "median": statistics.median(t) * 1000,
                "p99": percentile(t, 99) * 1000,
                "bytes": (session.bytes - before) / reruns,
            }
            for server, session, t, before in zip(servers, sessions, times, start_bytes, strict=True)
        }


async def idle_sessions(server: Server, count: int) -> float:
    """KiB of server RSS per idle session: ``count`` sessions started at once, read after 1 s."""
    async with open_session(server) as warm:
        await warm.rerun(1)
    await trio.sleep(0.3)
    before = server.rss_kib()
    ready = trio.Event()
    release = trio.Event()
    started = 0

    async def one() -> None:
        nonlocal started
        async with open_session(server):
            started += 1
            if started == count:
                ready.set()
            await release.wait()

    async with trio.open_nursery() as nursery:
        for _ in range(count):
            nursery.start_soon(one)
        with trio.fail_after(300):
            await ready.wait()
        await trio.sleep(1.0)
        idle = server.rss_kib()
        release.set()
    return (idle - before) / count


def interleaved_starts(frameworks: list[str], script: Path, runs: int) -> dict[str, tuple[float, float]]:
    """Median ms from spawn to healthy and to the first finished run, starts alternating."""
    healthy: dict[str, list[float]] = {f: [] for f in frameworks}
    first: dict[str, list[float]] = {f: [] for f in frameworks}
    for attempt in range(runs + 1):  # the first round is a warm-up (bytecode, page cache)
        for framework in frameworks:
            port = _free_port()
            t0 = time.perf_counter()
            proc = subprocess.Popen(_command(framework, script, port), stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, env=_env(), cwd=script.parent)
            try:
                while not _healthy(framework, port):
                    if time.perf_counter() - t0 > 60:
                        raise RuntimeError(f"{framework} never became healthy")
                    time.sleep(0.002)
                t1 = time.perf_counter()

                async def first_run(port: int = port, framework: str = framework) -> None:
                    fake = Server.__new__(Server)
                    fake.framework, fake.host, fake.port = framework, "127.0.0.1", port
                    async with open_session(fake):
                        pass

                trio.run(first_run)
                t2 = time.perf_counter()
                if attempt:
                    healthy[framework].append((t1 - t0) * 1000)
                    first[framework].append((t2 - t0) * 1000)
            finally:
                proc.terminate()
                proc.wait(10)
    return {f: (statistics.median(healthy[f]), statistics.median(first[f])) for f in frameworks}


def interleaved_imports(frameworks: list[str], runs: int) -> dict[str, float]:
    """Median ms of a whole ``python -c IMPORT`` process, alternating."""
    code = {"kernel": "from kernel import st", "streamlit": "import streamlit"}
    found: dict[str, list[float]] = {f: [] for f in frameworks}
    for attempt in range(runs + 1):
        for framework in frameworks:
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", code[framework]], check=True, env=_env(), capture_output=True)
            if attempt:
                found[framework].append((time.perf_counter() - t0) * 1000)
    return {f: statistics.median(v) for f, v in found.items()}


def _fmt(value: float, unit: str) -> str:
    if unit == "B":
        return f"{value / 1024:.1f} KiB" if value >= 1024 else f"{value:.0f} B"
    return f"{value:.1f} {unit}" if value < 100 else f"{value:.0f} {unit}"


def print_table(rows: list[tuple[str, dict[str, float], str]], frameworks: list[str], st_version: str | None) -> None:
    """A Markdown table: one row per figure, a column per framework, Streamlit / kernel."""
    names = {"kernel": "kernel", "streamlit": f"Streamlit {st_version}"}
    header = ["figure", *(names[f] for f in frameworks)]
    if len(frameworks) == 2:
        header.append("Streamlit / kernel")
    print("| " + " | ".join(header) + " |")
    print("|---|" + "---:|" * (len(header) - 1))
    for label, values, unit in rows:
        cells = [label, *(_fmt(values[f], unit) for f in frameworks)]
        if len(frameworks) == 2:
            cells.append(f"{values['streamlit'] / values['kernel']:.1f}×" if values["kernel"] else "—")
        print("| " + " | ".join(cells) + " |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer reruns and sessions (not the reported figures)")
    parser.add_argument("--kernel-only", action="store_true", help="leave Streamlit out even if it is installed")
    args = parser.parse_args()
    reruns = 50 if args.quick else 200
    sessions = 50 if args.quick else 200
    starts = 3 if args.quick else 7
    version = None if args.kernel_only else streamlit_version()
    frameworks = ["kernel"] + (["streamlit"] if version else [])
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"compare_streamlit: {reruns} reruns per app, {sessions} idle sessions, {os.cpu_count()} CPUs, {when}")
    if version is None and not args.kernel_only:
        print("Streamlit is not installed: kernel's column only. For both, install the pinned version with\n"
              "    pip install -e '.[bench-streamlit]'")
    rows: list[tuple[str, dict[str, float], str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        scripts = {}
        for n in SIZES:
            scripts[n] = Path(tmp) / f"app_{n}.py"
            scripts[n].write_text(app_source(n))
        for label, make in APPS:
            for n in SIZES:
                script = Path(tmp) / f"{make.__name__}_{n}.py"
                script.write_text(make(n))
                servers = []
                try:
                    for framework in frameworks:
                        servers.append(Server(framework, script))
                    result = trio.run(interleaved_reruns, servers, n, reruns)
                finally:
                    for server in servers:
                        server.stop()
                for figure, key, unit in (("rerun, {}, {} elements, median", "median", "ms"),
                                          ("rerun, {}, {} elements, p99", "p99", "ms"),
                                          ("bytes per rerun, {}, {} elements changed", "bytes", "B")):
                    rows.append((figure.format(label, n), {f: r[key] for f, r in result.items()}, unit))
                print(f"  {label}, {n} elements done", file=sys.stderr)
        memory = {}
        for framework in frameworks:
            server = Server(framework, scripts[100])
            try:
                memory[framework] = trio.run(idle_sessions, server, sessions)
            finally:
                server.stop()
        rows.append((f"memory per idle session ({sessions} sessions, 100 elements)", memory, "KiB"))
        started = interleaved_starts(frameworks, scripts[10], starts)
        rows.append(("spawn → health 200", {f: v[0] for f, v in started.items()}, "ms"))
        rows.append(("spawn → first run finished (10 elements)", {f: v[1] for f, v in started.items()}, "ms"))
        rows.append(("`from kernel import st` / `import streamlit`, whole process",
                     interleaved_imports(frameworks, starts), "ms"))
    print()
    print_table(rows, frameworks, version)
    print(f"\nload average during the run: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
