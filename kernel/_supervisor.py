"""``kernel run app.py --workers N``: a supervisor process and N worker processes.

Each worker is an ordinary ``kernel run`` of the same script, with the same ``-p`` and
``--section.option`` arguments, plus a worker name (``--scaleout.worker``) and a port:

* **one port** (the default on Linux): every worker binds ``server.port`` with
  ``SO_REUSEPORT`` and the operating system spreads the connections among them;
* **one port per worker** (``--worker-ports 8601-8604``): for a proxy in front
  (nginx, HAProxy, a Kubernetes Service), which spreads them.

The supervisor restarts a worker that exits while it is not stopping them (a crash,
``kill -9``), under the same name, after firing ``kernel_worker_exited`` so the session
store can drop the dead worker's lease at once. Ctrl-C or SIGTERM stops every worker
(each one drains: its sessions are released and its clients told to reconnect), waits up
to :data:`STOP_TIMEOUT` seconds, then kills what is left. Sessions move between workers
only with scale-out on (``[scaleout] backend = "redis"``); the supervisor warns otherwise.

**Rolling restart**: SIGHUP (``kernel restart --rolling`` sends it, finding the supervisor
by its pid file) replaces the workers one at a time: the worker is asked to stop
(SIGTERM: it drains), and once it has exited a new one starts under its name and port;
the next worker goes once the new one serves (it says so through a pipe). The script and
its modules are read afresh by each new worker: a deploy is a file change plus SIGHUP.

**Rerun on save**: with ``server.file_watcher_type = "auto"`` (the default) the
supervisor, not each worker, watches the script's folder and relays the changes to every
worker's standard input (``kernel/_source_relay.py``): rerun on save reaches every session
of every worker.
"""

from __future__ import annotations

import json
import logging
import os
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kernel._app import KernelApp
from kernel._errors import KernelError
from kernel._source_relay import SourceRelay, send_to

__all__ = ["DEFAULT_PID_FILE", "READY_FD_VARIABLE", "STOP_TIMEOUT", "parse_ports", "read_status", "supervise"]

log = logging.getLogger("kernel.supervisor")

STOP_TIMEOUT = 15.0
"""Seconds the workers get to stop after SIGTERM before they are killed."""
RESTART_BACKOFF_MAX = 10.0
"""Longest wait before restarting a worker that keeps dying right after its start."""
POLL_SECONDS = 0.05
READY_TIMEOUT = 120.0
"""Seconds a new worker of a rolling restart gets to serve before the restart gives up."""
READY_FD_VARIABLE = "KERNEL_READY_FD"
"""Environment variable naming the pipe a worker writes one byte to once it serves."""
DEFAULT_PID_FILE = Path(".kernel") / "supervisor.pid"
"""Where the supervisor writes its process id (relative to the working directory) for
``kernel restart --rolling``; a status file (``.status``, JSON) sits next to it."""


def parse_ports(text: str) -> list[int]:
    """``8601-8604`` or ``8601,8602,8610`` as a list of ports."""
    ports: list[int] = []
    try:
        for part in text.split(","):
            first, dash, last = part.strip().partition("-")
            ports += list(range(int(first), int(last) + 1)) if dash else [int(first)]
    except ValueError:
        raise KernelError(f"--worker-ports {text!r}: give a range (8601-8604) or a list (8601,8602)") from None
    if not ports or any(not 0 < p < 65536 for p in ports) or len(set(ports)) != len(ports):
        raise KernelError(f"--worker-ports {text!r}: give distinct ports between 1 and 65535")
    return ports


def _free_port(address: str) -> int:
    with socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET) as sock:
        sock.bind((address, 0))
        return int(sock.getsockname()[1])


class _Worker:
    def __init__(self, name: str, port: int) -> None:
        self.name = name
        self.port = port
        self.proc: subprocess.Popen[bytes] | None = None
        self.started = 0.0
        self.quick_deaths = 0
        self.restart_at = 0.0
        self.ready_pipe: int | None = None
        """Read end of the pipe the worker writes to once it serves (closed after)."""
        self.ready = False
        self.replacing = False
        """A rolling restart stopped it: its exit is not a crash, and it starts again later."""

    def poll_ready(self) -> bool:
        """Whether the worker said it serves (reads its pipe without blocking)."""
        if not self.ready and self.ready_pipe is not None:
            readable, _, _ = select.select([self.ready_pipe], [], [], 0)
            if readable:
                self.ready = bool(os.read(self.ready_pipe, 1))
                self.close_pipe()
        return self.ready

    def close_pipe(self) -> None:
        if self.ready_pipe is not None:
            os.close(self.ready_pipe)
            self.ready_pipe = None


class _Rolling:
    """One rolling restart in progress: the index of the worker being replaced and its phase."""

    def __init__(self) -> None:
        self.index = 0
        self.phase = "stop"
        """``stop`` (ask the worker to drain), ``draining`` (wait for its exit), ``starting``
        (wait for the new one to serve)."""
        self.began = time.monotonic()
        self.phase_began = self.began
        self.drain_times: list[float] = []


class Supervisor:
    """Starts, watches, restarts and stops the workers (see the module docstring)."""

    def __init__(self, app: KernelApp, script: Path, workers: int, ports: Sequence[int] | None) -> None:
        server = app.config.sections.get("server")
        self.address = str(getattr(server, "address", "127.0.0.1"))
        port = int(getattr(server, "port", 8501))
        self.app = app
        self.script = script
        self.reuse_port = ports is None
        if self.reuse_port:
            if not hasattr(socket, "SO_REUSEPORT"):
                raise KernelError("this system has no SO_REUSEPORT, so workers cannot share one port: give each "
                                  "its own with --worker-ports FIRST-LAST and put a proxy in front")
            port = port or _free_port(self.address)
            ports = [port] * workers
        elif ports is not None and len(ports) != workers:
            raise KernelError(f"--workers {workers} with {len(ports)} --worker-ports: give one port per worker")
        assert ports is not None
        scaleout = app.config.sections.get("scaleout")
        base = str(getattr(scaleout, "worker", "") or socket.gethostname()).replace("|", "-")
        self.workers = [_Worker(f"{base}-w{i + 1}", p) for i, p in enumerate(ports)]
        self.stopping = False
        watcher = str(getattr(server, "file_watcher_type", "auto"))
        self.relay = SourceRelay(script.resolve().parent, self._relay) if watcher == "auto" else None
        self.rolling: _Rolling | None = None
        self.rolling_requested = False
        self.restarts_done = 0
        self.pid_file: Path | None = None
        backend = str(getattr(scaleout, "backend", ""))
        if backend in ("", "memory"):
            print(f"warning: [scaleout] backend = {backend!r}: each worker keeps its own sessions, and a session "
                  "is lost when its worker dies or a reconnect reaches another worker. Set [scaleout] backend = "
                  "\"redis\" (docs/scaleout.md) so that sessions move between workers.", file=sys.stderr, flush=True)

    def command(self, worker: _Worker) -> list[str]:
        """The argv of ``worker``: this invocation's plugin and config arguments, its name and port."""
        options = self.app.options
        argv = [sys.executable, "-m", "kernel"]
        for plugin in options.plugin_args:
            argv += ["-p", plugin]
        argv += ["run", str(self.script)]
        overrides = {"server.port": str(worker.port), "server.reuse_port": "true" if self.reuse_port else "false",
                     "scaleout.worker": worker.name, "server.headless": "true"}
        if self.relay is not None:
            overrides["server.file_watcher_type"] = "supervisor"
        # A worker warms up before it listens (kernel_warm_up), unless the command line says otherwise.
        defaults = {"server.warm_up": "true"}
        for name, value in {**defaults, **options.config_options, **overrides}.items():
            argv.append(f"--{name}={value}")
        if options.script_args:
            argv += ["--", *options.script_args]
        return argv

    def start(self, worker: _Worker) -> None:
        read_end, write_end = os.pipe()
        env = {**os.environ, READY_FD_VARIABLE: str(write_end)}
        stdin = subprocess.PIPE if self.relay is not None else None
        try:
            worker.proc = subprocess.Popen(self.command(worker), pass_fds=(write_end,), env=env, stdin=stdin)
        except BaseException:
            os.close(read_end)
            raise
        finally:
            os.close(write_end)
        worker.close_pipe()
        worker.ready_pipe, worker.ready = read_end, False
        worker.started = time.monotonic()
        print(f"  worker {worker.name} pid {worker.proc.pid} port {worker.port}", flush=True)

    def write_status(self) -> None:
        """The pid file's status companion: whether a rolling restart runs, and how many finished."""
        if self.pid_file is None:
            return
        status = {"pid": os.getpid(), "rolling": self.rolling is not None or self.rolling_requested,
                  "restarts_done": self.restarts_done, "workers": len(self.workers)}
        temporary = self.pid_file.with_name(self.pid_file.name + ".status.tmp")
        temporary.write_text(json.dumps(status))
        temporary.replace(self.pid_file.with_name(self.pid_file.name + ".status"))

    def run(self, pid_file: Path | None = None) -> int:
        """Supervise until Ctrl-C or SIGTERM; the exit code (0). SIGHUP: a rolling restart."""
        previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        previous[signal.SIGHUP] = signal.signal(signal.SIGHUP, self._roll)
        if pid_file is not None:
            pid_file.parent.mkdir(parents=True, exist_ok=True)
            pid_file.write_text(f"{os.getpid()}\n")
            self.pid_file = pid_file
            self.write_status()
        try:
            mode = "one port, SO_REUSEPORT" if self.reuse_port else "one port each, for a proxy"
            shown = f"[{self.address}]" if ":" in self.address else self.address
            where = (f"http://{shown}:{self.workers[0].port}/" if self.reuse_port
                     else ", ".join(f"http://{shown}:{w.port}/" for w in self.workers))
            print(f"\n  kernel supervises {len(self.workers)} workers of {self.script.name} ({mode}) at {where}\n"
                  f"  Press Ctrl-C to stop.\n", flush=True)
            for worker in self.workers:
                self.start(worker)
            if self.relay is not None:
                self.relay.start()
            while not self.stopping:
                self._watch()
                self._step_rolling()
                time.sleep(POLL_SECONDS)
        finally:
            if self.relay is not None:
                self.relay.stop()
            self._stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            for worker in self.workers:
                worker.close_pipe()
            if self.pid_file is not None and _owned(self.pid_file):
                for path in (self.pid_file, self.pid_file.with_name(self.pid_file.name + ".status")):
                    path.unlink(missing_ok=True)
        return 0

    def _relay(self, line: bytes) -> None:
        """The watcher saw changes: tell every running worker (watcher thread)."""
        for worker in self.workers:
            proc = worker.proc
            send_to(proc.stdin if proc is not None else None, line)

    def _stop(self, signum: int, frame: Any) -> None:
        self.stopping = True

    def _roll(self, signum: int, frame: Any) -> None:
        self.rolling_requested = True  # one more after the one in progress, if any

    def _step_rolling(self) -> None:
        """Advance the rolling restart by what has happened since the last look."""
        if self.rolling is None:
            if not self.rolling_requested:
                return
            self.rolling_requested = False
            self.rolling = _Rolling()
            print(f"  rolling restart of {len(self.workers)} workers", flush=True)
            self.write_status()
        rolling = self.rolling
        worker = self.workers[rolling.index]
        now = time.monotonic()
        if rolling.phase == "stop":
            worker.replacing = True
            rolling.phase, rolling.phase_began = "draining", now
            if worker.proc is not None and worker.proc.poll() is None:
                worker.proc.send_signal(signal.SIGTERM)  # it drains, then exits
        elif rolling.phase == "draining":
            proc = worker.proc
            if proc is not None and proc.poll() is None:
                if now - rolling.phase_began > STOP_TIMEOUT:
                    print(f"  worker {worker.name} did not drain within {STOP_TIMEOUT:g} s; killing it", flush=True)
                    proc.kill()
                return
            drained = now - rolling.phase_began
            rolling.drain_times.append(drained)
            if proc is not None:
                _close_stdin(proc)
            worker.proc = None
            worker.replacing = False
            worker.quick_deaths = 0
            print(f"  rolling restart: worker {worker.name} drained in {drained:.2f} s", flush=True)
            self.start(worker)
            rolling.phase, rolling.phase_began = "starting", now
        elif rolling.phase == "starting":
            if worker.proc is None or not worker.poll_ready():
                if now - rolling.phase_began > READY_TIMEOUT:
                    print(f"  rolling restart stopped: worker {worker.name} did not serve within "
                          f"{READY_TIMEOUT:g} s (the supervisor goes on restarting it)", flush=True)
                    self._end_rolling()
                return
            print(f"  rolling restart: worker {worker.name} serves again (pid {worker.proc.pid}) after "
                  f"{now - rolling.phase_began:.2f} s", flush=True)
            rolling.index += 1
            rolling.phase = "stop"
            if rolling.index == len(self.workers):
                longest = max(rolling.drain_times)
                print(f"  rolling restart done in {now - rolling.began:.2f} s (longest drain {longest:.2f} s)",
                      flush=True)
                self.restarts_done += 1
                self._end_rolling()

    def _end_rolling(self) -> None:
        self.rolling = None
        self.write_status()

    def _watch(self) -> None:
        now = time.monotonic()
        for worker in self.workers:
            proc = worker.proc
            if proc is None:
                if now >= worker.restart_at:
                    self.start(worker)
                continue
            code = proc.poll()
            if code is None or self.stopping or worker.replacing:
                continue
            worker.proc = None
            _close_stdin(proc)
            print(f"  worker {worker.name} (pid {proc.pid}) exited with {code}; starting it again", flush=True)
            try:
                self.app.hook.kernel_worker_exited(app=self.app, worker=worker.name, exitcode=code)
            except Exception:
                log.exception("a kernel_worker_exited hook failed for worker %s", worker.name)
            # A worker that dies right after its start (a broken script, a port taken) is
            # restarted later and later, not in a tight loop.
            worker.quick_deaths = worker.quick_deaths + 1 if now - worker.started < 2.0 else 0
            delay = min(RESTART_BACKOFF_MAX, 0.5 * 2 ** (worker.quick_deaths - 1)) if worker.quick_deaths else 0.0
            worker.restart_at = now + delay
            if worker.restart_at <= now:
                self.start(worker)

    def _stop_all(self) -> None:
        running = [w.proc for w in self.workers if w.proc is not None and w.proc.poll() is None]
        for proc in running:
            try:
                proc.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + STOP_TIMEOUT
        for proc in running:
            try:
                proc.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                print(f"  worker pid {proc.pid} did not stop within {STOP_TIMEOUT:g} s; killing it", flush=True)
                proc.kill()
                proc.wait()
        for worker in self.workers:
            if worker.proc is not None:
                _close_stdin(worker.proc)


def _close_stdin(proc: subprocess.Popen[bytes]) -> None:
    if proc.stdin is not None:
        try:
            proc.stdin.close()
        except OSError:  # the worker is gone and the pipe broken
            pass


def _owned(pid_file: Path) -> bool:
    """Whether ``pid_file`` still names this process (another supervisor may have taken it)."""
    try:
        return pid_file.read_text().strip() == str(os.getpid())
    except OSError:
        return False


def read_status(pid_file: Path) -> dict[str, Any] | None:
    """The supervisor's status next to ``pid_file`` (``None`` when there is none)."""
    try:
        status = json.loads(pid_file.with_name(pid_file.name + ".status").read_text())
    except (OSError, ValueError):
        return None
    return status if isinstance(status, dict) else None


def supervise(app: KernelApp, script: Path, workers: int, worker_ports: str | None,
              pid_file: Path | None = DEFAULT_PID_FILE) -> int:
    """Serve ``script`` with ``workers`` worker processes until Ctrl-C or SIGTERM."""
    ports = parse_ports(worker_ports) if worker_ports else None
    if ports is not None and workers <= 1:
        workers = len(ports)
    if workers < 1:
        raise KernelError(f"--workers {workers}: give at least 1")
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    return Supervisor(app, script, workers, ports).run(pid_file)
