"""A real OpenID Connect provider for the login tests: the npm package ``oidc-provider`` under Node.

``tests/fixtures/oidc_provider/`` holds its ``package.json``, ``package-lock.json`` and a
small configuration (``provider.mjs``: one confidential client, PKCE required, a
development login page that accepts any user name). ``.ci/run`` installs Debian's
``nodejs``/``npm`` when missing and runs ``npm ci`` there; when ``node_modules`` is missing
(a fresh clone tested without ``.ci/run``) this module runs ``npm ci`` itself. The provider
listens on 127.0.0.1 and a free port, with the issuer ``http://localhost:PORT``, and is
always stopped. Without Node the tests that need it are skipped, saying how to install it.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import attrs
import pytest

__all__ = ["CLIENT_ID", "CLIENT_SECRET", "OidcProvider", "free_port", "oidc_provider"]

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "oidc_provider"
CLIENT_ID = "kernel-app"
CLIENT_SECRET = "provider-client-Secret-9d1e"
START_TIMEOUT = 30.0


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@attrs.frozen
class OidcProvider:
    """A running provider: its issuer and the discovery document's URL."""

    issuer: str
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET

    @property
    def metadata_url(self) -> str:
        """``server_metadata_url`` for ``[auth]``."""
        return f"{self.issuer}/.well-known/openid-configuration"


def _installed() -> bool:
    return (FIXTURE / "node_modules" / "oidc-provider" / "package.json").exists()


def _install() -> None:
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed, so the OIDC provider cannot be (apt-get install nodejs npm; .ci/run does)")
    done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=FIXTURE,
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0 or not _installed():
        raise RuntimeError(f"npm ci in {FIXTURE} failed ({done.returncode}): {done.stderr[-2000:]}")


@contextmanager
def oidc_provider(redirect_uri: str) -> Iterator[OidcProvider]:
    """Start the provider for a client whose callback is ``redirect_uri``; stop it afterwards."""
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("Node.js is not installed, so the OIDC provider cannot run (apt-get install nodejs npm; "
                    ".ci/run does)")
    if not _installed():
        _install()
    port = free_port()
    proc = subprocess.Popen([node, "provider.mjs", str(port), CLIENT_ID, CLIENT_SECRET, redirect_uri], cwd=FIXTURE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        ready = threading.Event()
        lines: list[str] = []

        def read() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                lines.append(line)
                if line.startswith("ready "):
                    ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(START_TIMEOUT):
            proc.kill()
            _, err = proc.communicate(timeout=10)
            raise RuntimeError(f"the OIDC provider did not start: {''.join(lines)} {err[-2000:]}")
        yield OidcProvider(f"http://localhost:{port}")
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
