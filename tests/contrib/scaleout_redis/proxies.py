"""Real reverse proxies for the fleet tests: Debian's nginx and HAProxy, started by the
test on a free loopback port with everything they write (pid, logs, temp files) in the
test's folder, in the foreground, and always stopped.

``nginx_proxy`` / ``haproxy_proxy`` (fixtures in this folder's conftest) are factories:
``proxy = nginx_proxy(http_config)`` starts nginx with ``http_config`` (the text of
``kernel proxy-config nginx``, or any http-context configuration) included inside
``http { }``; ``proxy.port`` is where it listens (give ``listen {port}`` through
``proxy_port`` beforehand, see below). Both skip the test when the binary is absent;
``.ci/run`` installs them.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

NGINX = shutil.which("nginx", path="/usr/sbin:/usr/bin:/usr/local/sbin") or "/usr/sbin/nginx"
HAPROXY = shutil.which("haproxy", path="/usr/sbin:/usr/bin:/usr/local/sbin") or "/usr/sbin/haproxy"


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_listening(port: int, proc: subprocess.Popen[bytes], log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            pass
        if proc.poll() is not None:
            raise AssertionError(f"the proxy exited with {proc.returncode}: {_tail(log)}")
        if time.monotonic() > deadline:
            raise AssertionError(f"the proxy does not listen on {port} after {timeout:g} s: {_tail(log)}")
        time.sleep(0.05)


def _tail(path: Path) -> str:
    try:
        return path.read_text(errors="replace")[-3000:]
    except OSError:
        return "(no log)"


class _Proxy:
    """A proxy process we started; :meth:`stop` always ends it."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.port = port
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = folder / "error.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def ws_url(self, path: str = "/_kernel/stream?v=1") -> str:
        return f"ws://127.0.0.1:{self.port}{path}"

    def _start(self, argv: list[str]) -> None:
        self._out = self.log.open("ab")
        self.proc = subprocess.Popen(argv, stdout=self._out, stderr=subprocess.STDOUT, cwd=self.folder)
        try:
            _wait_listening(self.port, self.proc, self.log)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # both: a fast shutdown of every process they started
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
        if proc is not None:
            self._out.close()


class Nginx(_Proxy):
    """Debian's nginx with ``http_config`` inside ``http { }``, in ``folder`` (its prefix)."""

    def __init__(self, folder: Path, http_config: str, port: int) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        super().__init__(folder, port)
        for temp in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (folder / "tmp" / temp).mkdir(parents=True, exist_ok=True)
        (folder / "kernel.conf").write_text(http_config)
        user = "user root root;\n" if os.geteuid() == 0 else ""  # workers as root keep the tmp folder readable
        (folder / "nginx.conf").write_text(
            f"{user}"
            "daemon off;\n"
            "worker_processes 1;\n"
            f"pid {folder / 'nginx.pid'};\n"
            f"error_log {self.log} info;\n"
            "events { worker_connections 4096; }\n"
            "http {\n"
            f"    client_body_temp_path {folder / 'tmp/client_body'};\n"
            f"    proxy_temp_path {folder / 'tmp/proxy'};\n"
            f"    fastcgi_temp_path {folder / 'tmp/fastcgi'};\n"
            f"    uwsgi_temp_path {folder / 'tmp/uwsgi'};\n"
            f"    scgi_temp_path {folder / 'tmp/scgi'};\n"
            f"    include {folder / 'kernel.conf'};\n"
            "}\n")

    def start(self) -> Nginx:
        check = subprocess.run([NGINX, "-t", "-q", "-p", str(self.folder), "-c", str(self.folder / "nginx.conf")],
                               capture_output=True, text=True)
        assert check.returncode == 0, f"nginx -t refused the configuration: {check.stderr}"
        self._start([NGINX, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf")])
        return self


class HAProxy(_Proxy):
    """Debian's HAProxy with the complete configuration ``config``, in the foreground."""

    def __init__(self, folder: Path, config: str, port: int) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        super().__init__(folder, port)
        self.config = folder / "haproxy.cfg"
        self.config.write_text(config)

    def start(self) -> HAProxy:
        check = subprocess.run([HAPROXY, "-c", "-q", "-f", str(self.config)], capture_output=True, text=True)
        assert check.returncode == 0, f"haproxy -c refused the configuration: {check.stdout}{check.stderr}"
        self._start([HAPROXY, "-db", "-f", str(self.config)])
        return self


__all__ = ["HAPROXY", "NGINX", "HAProxy", "Nginx", "free_port"]
