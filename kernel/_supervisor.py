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
(each one closes its sessions and releases them), waits up to :data:`STOP_TIMEOUT`
seconds, then kills what is left. Sessions move between workers only with scale-out on
(``[scaleout] backend = "redis"``); the supervisor warns otherwise.

With ``server.file_watcher_type = "auto"`` (the default) the supervisor, not each worker,
watches the script's folder and relays the changes to every worker's standard input
(``kernel/_source_relay.py``): rerun on save reaches every session of every worker.
"""

from __future__ import annotations

import logging
import os
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

__all__ = ["STOP_TIMEOUT", "parse_ports", "supervise"]

log = logging.getLogger("kernel.supervisor")

STOP_TIMEOUT = 15.0
"""Seconds the workers get to stop after SIGTERM before they are killed."""
RESTART_BACKOFF_MAX = 10.0
"""Longest wait before restarting a worker that keeps dying right after its start."""
POLL_SECONDS = 0.05


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
        for name, value in {**options.config_options, **overrides}.items():
            argv.append(f"--{name}={value}")
        if options.script_args:
            argv += ["--", *options.script_args]
        return argv

    def start(self, worker: _Worker) -> None:
        stdin = subprocess.PIPE if self.relay is not None else None
        worker.proc = subprocess.Popen(self.command(worker), stdin=stdin)
        worker.started = time.monotonic()
        print(f"  worker {worker.name} pid {worker.proc.pid} port {worker.port}", flush=True)

    def run(self) -> int:
        """Supervise until Ctrl-C or SIGTERM; the exit code (0)."""
        previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGINT, signal.SIGTERM)}
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
                time.sleep(POLL_SECONDS)
        finally:
            if self.relay is not None:
                self.relay.stop()
            self._stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return 0

    def _relay(self, line: bytes) -> None:
        """The watcher saw changes: tell every running worker (watcher thread)."""
        for worker in self.workers:
            proc = worker.proc
            send_to(proc.stdin if proc is not None else None, line)

    def _stop(self, signum: int, frame: Any) -> None:
        self.stopping = True

    def _watch(self) -> None:
        now = time.monotonic()
        for worker in self.workers:
            proc = worker.proc
            if proc is None:
                if now >= worker.restart_at:
                    self.start(worker)
                continue
            code = proc.poll()
            if code is None or self.stopping:
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


def supervise(app: KernelApp, script: Path, workers: int, worker_ports: str | None) -> int:
    """Serve ``script`` with ``workers`` worker processes until Ctrl-C or SIGTERM."""
    ports = parse_ports(worker_ports) if worker_ports else None
    if ports is not None and workers <= 1:
        workers = len(ports)
    if workers < 1:
        raise KernelError(f"--workers {workers}: give at least 1")
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    return Supervisor(app, script, workers, ports).run()
