"""A private PostgreSQL server from Debian's ``postgresql`` package, on 127.0.0.1 and a free port.

``initdb`` makes a cluster in a temporary folder; ``pg_ctl`` starts it (fsync off: test
data only) and always stops it. The binaries come from ``/usr/lib/postgresql/*/bin``
(Debian keeps them off ``PATH``) or from ``PATH``. PostgreSQL refuses to run as root, so
as root the server runs as the ``postgres`` user the package creates.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs

__all__ = ["PostgresServer", "find_bin_dir", "postgres_server"]

USER = "app"
PASSWORD = "Pw-s3cret-42/é"
DATABASE = "shop"


def find_bin_dir() -> Path | None:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres`` (newest version first), or ``None``."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: _version(p.parent.name), reverse=True)
    for folder in versions:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    initdb = shutil.which("initdb")
    if initdb is not None and shutil.which("pg_ctl") is not None:
        return Path(initdb).resolve().parent
    return None


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@attrs.frozen
class PostgresServer:
    """A running server: where it listens and how to log in."""

    host: str
    port: int
    user: str
    password: str
    database: str

    def connect(self, database: str | None = None) -> Any:
        """A psycopg connection (autocommit) for setting up data behind the app's back."""
        import psycopg

        return psycopg.connect(host=self.host, port=self.port, user=self.user, password=self.password,
                               dbname=database or self.database, autocommit=True)


def why_not_available() -> str | None:
    """Why the server cannot run here, or ``None`` when it can."""
    if find_bin_dir() is None:
        return ("PostgreSQL is not installed (no initdb/pg_ctl under /usr/lib/postgresql/*/bin nor on PATH); "
                "install it with: apt-get install -y postgresql (.ci/run does)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run the server as (apt-get install postgresql)"
        if shutil.which("runuser") is None:
            return "running as root without runuser(1) to start the server as the 'postgres' user"
    try:
        import psycopg  # noqa: F401
    except ModuleNotFoundError:
        return "the psycopg driver is not installed (pip install -e '.[test]')"
    return None


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """Start a fresh cluster with a password-protected user and database; stop and delete it after."""
    bin_dir = find_bin_dir()
    assert bin_dir is not None
    as_user: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="kernel-pg-"))
    try:
        if os.geteuid() == 0:
            entry = pwd.getpwnam("postgres")
            os.chown(folder, entry.pw_uid, entry.pw_gid)
            as_user = ["runuser", "-u", "postgres", "--"]
        data, sockets, log = folder / "data", folder / "sock", folder / "server.log"
        pwfile = folder / "pw"
        pwfile.write_text(PASSWORD + "\n", encoding="utf-8")
        sockets.mkdir()
        if as_user:
            entry = pwd.getpwnam("postgres")
            for path in (pwfile, sockets):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        subprocess.run([*as_user, str(bin_dir / "initdb"), "-D", str(data), "-U", USER, "-E", "UTF8",
                        "--auth=scram-sha-256", f"--pwfile={pwfile}", "--no-sync"],
                       check=True, capture_output=True, env=env, cwd=folder)
        port = _free_port()
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets} -F"
        started = subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log),
                                  "-w", "-t", "60", "start"], capture_output=True, env=env, cwd=folder)
        try:
            if started.returncode != 0:
                raise RuntimeError(f"pg_ctl start failed: {started.stderr!r} {log.read_text() if log.exists() else ''}")
            server = PostgresServer("127.0.0.1", port, USER, PASSWORD, DATABASE)
            with server.connect("postgres") as conn:
                conn.execute(f"create database {DATABASE}")
            yield server
        finally:
            subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                           capture_output=True, env=env, cwd=folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
