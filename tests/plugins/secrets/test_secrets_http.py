"""Secrets files are never served over HTTP by the running server."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import trio

if TYPE_CHECKING:
    from tests.plugins.secrets.conftest import Dirs, MakeApp

VALUE = "http-leak-check-31415"


async def _get(port: int, target: str) -> bytes:
    stream = await trio.open_tcp_stream("127.0.0.1", port)
    async with stream:
        await stream.send_all(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := await stream.receive_some(65536):
            data += chunk
    assert data.startswith(b"HTTP/1.1 "), data[:100]
    return data


@pytest.mark.parametrize(
    "target",
    [
        "/.kernel/secrets.toml",
        "/.streamlit/secrets.toml",
        "/secrets.toml",
        "/../.kernel/secrets.toml",
        "/%2e%2e/.kernel/secrets.toml",
        "/static/../.kernel/secrets.toml",
        "/app.py/../.kernel/secrets.toml",
    ],
)
async def test_the_server_does_not_serve_secrets_files(dirs: Dirs, make_app: MakeApp, target: str) -> None:
    for relative in (".kernel/secrets.toml", ".streamlit/secrets.toml", "secrets.toml"):
        dirs.write(relative, f'token = "{VALUE}"\n')
    script = dirs.write("app.py", "from kernel import st\nst.text(st.secrets.token)\n")
    app = make_app(script=script, config={"server.port": "0", "server.address": "127.0.0.1"})
    runtime = app.make("runtime")
    async with trio.open_nursery() as nursery:
        url = await nursery.start(runtime.serve)
        port = int(url.rstrip("/").rsplit(":", 1)[1])
        response = await _get(port, target)
        nursery.cancel_scope.cancel()
    # Whatever the answer (404, or a page shell for unknown paths), the file is not in it.
    assert VALUE.encode() not in response and b"token =" not in response
