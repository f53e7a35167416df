"""Plain HTTP routes on the runtime's port: shell, health, static files, renderers, errors."""

from __future__ import annotations

import json
import re
import socket

import trio

from kernel_plugins.runtime import DEFAULT_PORT, STREAM_PATH
from tests.plugins.runtime.liveloop_client import Serve, http_request

APP = "from kernel import st\nst.text('hi')\n"


def _config(body: bytes) -> dict[str, object]:
    match = re.search(rb'<script type="application/json" id="kernel-config">(.*?)</script>', body, re.S)
    assert match, body
    return json.loads(match.group(1))


def _without_nonce(body: bytes) -> bytes:
    return re.sub(rb'nonce="[^"]*"', b'nonce=""', body)


async def test_shell_page_boots_the_client_with_renderer_urls(serve: Serve) -> None:
    runtime = await serve(APP)
    status, headers, body = await http_request(runtime.url, "/")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "no-cache"
    assert b'<script type="module" src="/_kernel/static/client/main.js">' in body
    config = _config(body)
    assert config["streamPath"] == STREAM_PATH and config["protocolVersion"] == 1
    renderers = config["renderers"]
    assert isinstance(renderers, dict)
    assert {"text", "markdown", "heading", "code", "slider", "button", "exception", "columns"} <= set(renderers)


async def test_health(serve: Serve) -> None:
    runtime = await serve(APP)
    status, headers, body = await http_request(runtime.url, "/_kernel/health")
    assert (status, body) == (200, b"ok\n")
    assert headers["cache-control"] == "no-store"


async def test_client_modules_are_served_with_type_and_revalidation(serve: Serve) -> None:
    runtime = await serve(APP)
    status, headers, body = await http_request(runtime.url, "/_kernel/static/client/main.js")
    assert status == 200
    assert headers["content-type"] == "text/javascript; charset=utf-8"
    assert headers["cache-control"] == "no-cache"
    assert b"import { Connection }" in body
    etag = headers["etag"]
    status, headers, body = await http_request(runtime.url, "/_kernel/static/client/main.js",
                                               headers=[("if-none-match", etag)])
    assert (status, body) == (304, b"")
    status, headers, _ = await http_request(runtime.url, "/_kernel/static/client/style.css")
    assert (status, headers["content-type"]) == (200, "text/css; charset=utf-8")


async def test_every_renderer_module_and_its_siblings_are_served(serve: Serve) -> None:
    runtime = await serve(APP)
    _, _, body = await http_request(runtime.url, "/")
    for kind, url in _config(body)["renderers"].items():  # type: ignore[union-attr]
        status, headers, module = await http_request(runtime.url, url)
        assert status == 200, (kind, url)
        assert headers["content-type"].startswith("text/javascript")
        assert b"export function render" in module
    status, headers, _ = await http_request(runtime.url, "/_kernel/renderers/elements_text/code.css")
    assert (status, headers["content-type"]) == (200, "text/css; charset=utf-8")
    status, _, _ = await http_request(runtime.url, "/_kernel/renderers/elements_inputs/_common.js")
    assert status == 200
    # Python sources next to the renderers are not served.
    status, _, _ = await http_request(runtime.url, "/_kernel/renderers/elements_inputs/widgets.py")
    assert status == 404


async def test_unknown_path_is_a_clear_404(serve: Serve) -> None:
    runtime = await serve(APP)
    for target in ("/nope.txt", "/_kernel/nope", "/a/favicon.ico"):
        status, headers, body = await http_request(runtime.url, target)
        assert status == 404, target
        assert f"not found: {target}".encode() in body and b"served at /" in body


async def test_page_paths_get_the_shell(serve: Serve) -> None:
    """A multipage app's page URL (/settings) loads the web client, which asks for that page."""
    runtime = await serve(APP)
    _, _, root = await http_request(runtime.url, "/")
    for target in ("/settings", "/settings/", "/Sales_report?x=1"):
        status, headers, body = await http_request(runtime.url, target)
        # Each response has its own CSP nonce (#17): the same page apart from it.
        assert (status, _without_nonce(body)) == (200, _without_nonce(root)), target
        assert headers["content-type"].startswith("text/html")


async def test_no_path_traversal(serve: Serve) -> None:
    runtime = await serve(APP)
    for target in [
        "/_kernel/static/../../../pyproject.toml",
        "/_kernel/static/client/../../_runtime.py",
        "/_kernel/static/%2e%2e/%2e%2e/_runtime.py",
        "/_kernel/static/..%2f..%2f_runtime.py",
        "/_kernel/static/client/%00main.js",
        "/_kernel/static/client\\..\\..\\_runtime.py",
        "/_kernel/static/",
    ]:
        status, _, body = await http_request(runtime.url, target)
        assert status == 404, (target, body)


async def test_methods_other_than_get_and_head_are_refused(serve: Serve) -> None:
    runtime = await serve(APP)
    status, headers, _ = await http_request(runtime.url, "/", method="POST")
    assert status == 405 and headers["allow"] == "GET, HEAD"


async def test_head_sends_headers_without_a_body(serve: Serve) -> None:
    runtime = await serve(APP)
    status, headers, body = await http_request(runtime.url, "/_kernel/static/client/main.js", method="HEAD")
    assert status == 200 and body == b""
    assert int(headers["content-length"]) > 1000


async def test_stream_path_without_upgrade_says_so(serve: Serve) -> None:
    runtime = await serve(APP)
    status, headers, body = await http_request(runtime.url, STREAM_PATH)
    assert status == 426 and b"WebSocket" in body
    assert headers["upgrade"] == "websocket"


async def test_websocket_upgrade_elsewhere_is_a_404(serve: Serve) -> None:
    runtime = await serve(APP)
    status, _, body = await http_request(runtime.url, "/other", headers=[
        ("upgrade", "websocket"), ("connection", "Upgrade"), ("sec-websocket-version", "13"),
        ("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")])
    assert status == 404 and STREAM_PATH.encode() in body


async def test_garbage_request_gets_a_400_and_the_server_carries_on(serve: Serve) -> None:
    runtime = await serve(APP)
    assert runtime.url is not None
    host, port = runtime.url.split("//")[1].rstrip("/").rsplit(":", 1)
    stream = await trio.open_tcp_stream(host, int(port))
    async with stream:
        await stream.send_all(b"\x16\x03\x01 this is not http\r\n\r\n")
        reply = b""
        with trio.fail_after(5):
            while chunk := await stream.receive_some(4096):
                reply += chunk
    assert reply.startswith(b"HTTP/1.1 400")
    status, _, _ = await http_request(runtime.url, "/_kernel/health")
    assert status == 200


async def test_keep_alive_serves_several_requests_on_one_connection(serve: Serve) -> None:
    runtime = await serve(APP)
    assert runtime.url is not None
    host, port = runtime.url.split("//")[1].rstrip("/").rsplit(":", 1)
    stream = await trio.open_tcp_stream(host, int(port))
    async with stream:
        request = f"GET /_kernel/health HTTP/1.1\r\nhost: {host}\r\n\r\n".encode()
        await stream.send_all(request + request)
        reply = b""
        with trio.fail_after(5):
            while reply.count(b"ok\n") < 2:
                reply += await stream.receive_some(4096)
        assert reply.count(b"HTTP/1.1 200") == 2
        assert stream.socket.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


async def test_default_port_is_documented_value() -> None:
    assert DEFAULT_PORT == 8501


async def test_broken_websocket_handshake_does_not_hang_or_break_the_server(serve: Serve) -> None:
    runtime = await serve(APP)
    assert runtime.url is not None
    host, port = runtime.url.split("//")[1].rstrip("/").rsplit(":", 1)
    stream = await trio.open_tcp_stream(host, int(port))
    async with stream:
        await stream.send_all(f"GET {STREAM_PATH} HTTP/1.1\r\nhost: {host}\r\nupgrade: websocket\r\n"
                              "connection: Upgrade\r\n\r\n".encode())  # no key, no version
        reply = b""
        with trio.fail_after(5):
            while chunk := await stream.receive_some(4096):
                reply += chunk
    assert reply.startswith(b"HTTP/1.1 400")
    status, _, _ = await http_request(runtime.url, "/_kernel/health")
    assert status == 200


async def test_a_failing_route_is_a_500_and_the_server_carries_on(serve: Serve) -> None:
    runtime = await serve(APP)

    def broken(path: str, etag: str | None) -> None:
        raise OSError("disk on fire")

    runtime._static.respond = broken  # type: ignore[method-assign]
    status, _, body = await http_request(runtime.url, "/_kernel/static/client/main.js")
    assert status == 500 and b"see the server log" in body
    assert b"disk on fire" not in body, "exception texts stay in the server log"
    status, _, _ = await http_request(runtime.url, "/_kernel/health")
    assert status == 200


async def test_content_length_with_chunked_encoding_is_refused(serve: Serve) -> None:
    """Two framings of one body (a request-smuggling vector) get a 400 and the connection ends."""
    runtime = await serve(APP)
    assert runtime.url is not None
    host, port = runtime.url.split("//")[1].rstrip("/").rsplit(":", 1)
    stream = await trio.open_tcp_stream(host, int(port))
    async with stream:
        await stream.send_all(f"GET /_kernel/health HTTP/1.1\r\nhost: {host}:{port}\r\ncontent-length: 5\r\n"
                              "transfer-encoding: chunked\r\n\r\n0\r\n\r\n".encode())
        reply = b""
        with trio.fail_after(5):
            while chunk := await stream.receive_some(4096):
                reply += chunk
    assert reply.startswith(b"HTTP/1.1 400")
    assert b"both Content-Length and Transfer-Encoding" in reply
    status, _, _ = await http_request(runtime.url, "/_kernel/health")
    assert status == 200
