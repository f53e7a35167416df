"""Who the runtime answers (Host, Origin) and the security headers of every response (#17)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
import trio

from kernel._app import AppOptions, build_app
from kernel._errors import ConfigError
from kernel_plugins.runtime import STREAM_PATH, HttpRuntime
from kernel_plugins.runtime._headers import content_security_policy
from kernel_plugins.runtime._origins import RequestGuard, normalize_origin
from tests.plugins.runtime.liveloop_client import Serve, StreamClient, connect, http_request, stream_url

APP = "from kernel import st\nst.text('hi')\n"
WS_HEADERS = [("upgrade", "websocket"), ("connection", "Upgrade"), ("sec-websocket-version", "13"),
              ("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")]


async def raw_request(runtime: HttpRuntime, head: str) -> bytes:
    """Send a request head as is (any Host header) and return the start of the reply."""
    assert runtime.url is not None
    host, port = runtime.url.split("//")[1].rstrip("/").rsplit(":", 1)
    stream = await trio.open_tcp_stream(host, int(port))
    async with stream:
        await stream.send_all(head.replace("\n", "\r\n").encode() + b"\r\n")
        reply = b""
        with trio.fail_after(5):
            while b"\r\n\r\n" not in reply or (reply.startswith(b"HTTP/1.1 4") and not reply.endswith(b"\n")):
                chunk = await stream.receive_some(4096)
                if not chunk:
                    break
                reply += chunk
    return reply


def upgrade_head(host: str, origin: str | None = None) -> str:
    lines = [f"GET {STREAM_PATH} HTTP/1.1", f"host: {host}"] + [f"{k}: {v}" for k, v in WS_HEADERS]
    if origin is not None:
        lines.append(f"origin: {origin}")
    return "\n".join(lines) + "\n"


def own_host(runtime: HttpRuntime) -> str:
    assert runtime.url is not None
    return runtime.url.split("//")[1].rstrip("/")


# -- the rules ------------------------------------------------------------------------


@pytest.mark.parametrize("host, allowed", [
    ("127.0.0.1:8501", True), ("localhost:8501", True), ("LOCALHOST", True), ("app.localhost:1", True),
    ("[::1]:8501", True), ("10.1.2.3", True), ("localhost.", True),
    ("evil.example:8501", False), ("evil.example", False), ("127.0.0.1.evil.example", False), ("", False),
    ("example.com", True), ("apps.example.org", True), ("example.org", True), ("deep.apps.example.org", True),
    ("notexample.org", False), (None, True),
])
def test_host_rules_of_a_loopback_server(host: str | None, allowed: bool) -> None:
    guard = RequestGuard("127.0.0.1", allowed_hosts=["example.com", ".example.org"])
    assert guard.host_allowed(host) is allowed


def test_a_server_on_every_interface_answers_any_host_until_names_are_configured() -> None:
    assert RequestGuard("0.0.0.0").host_allowed("whatever.example")
    named = RequestGuard("0.0.0.0", allowed_hosts=["apps.example.com"])
    assert named.host_allowed("apps.example.com") and named.host_allowed("192.168.1.5:8501")
    assert not named.host_allowed("evil.example")
    assert RequestGuard("127.0.0.1", allowed_hosts=["*"]).host_allowed("evil.example")


@pytest.mark.parametrize("origin, host, allowed", [
    (None, "127.0.0.1:8501", True),
    ("http://127.0.0.1:8501", "127.0.0.1:8501", True),
    ("HTTP://LOCALHOST:8501", "localhost:8501", True),
    ("https://apps.example.com", "apps.example.com", True),
    ("https://apps.example.com", "apps.example.com:443", True),
    ("http://[::1]:8501", "[::1]:8501", True),
    ("http://127.0.0.1:9000", "127.0.0.1:8501", False),
    ("http://localhost:8501", "127.0.0.1:8501", False),
    ("http://evil.example", "127.0.0.1:8501", False),
    ("null", "127.0.0.1:8501", False),
    ("not an origin", "127.0.0.1:8501", False),
    ("https://trusted.example:8443", "127.0.0.1:8501", True),
    ("https://TRUSTED.example:8443/", "127.0.0.1:8501", True),
    ("http://trusted.example:8443", "127.0.0.1:8501", False),
])
def test_origin_rules(origin: str | None, host: str, allowed: bool) -> None:
    guard = RequestGuard("127.0.0.1", allowed_origins=["https://trusted.example:8443"])
    assert guard.origin_allowed(origin, host) is allowed


def test_star_allows_any_origin_spelled_out() -> None:
    assert RequestGuard("127.0.0.1", allowed_origins=["*"]).origin_allowed("http://evil.example", "127.0.0.1:1")


def test_origins_are_normalized() -> None:
    assert normalize_origin("https://Example.COM:443") == "https://example.com"
    assert normalize_origin("http://example.com:8080/") == "http://example.com:8080"
    assert normalize_origin("ftp://example.com") is None
    assert normalize_origin("https://example.com/path") is None


@pytest.mark.parametrize("option, value, fragment", [
    ("server.allowed_origins", "example.com", "is not an origin"),
    ("server.allowed_origins", "https://example.com/app", "is not an origin"),
    ("server.allowed_hosts", "https://example.com", "is not a host name"),
    ("server.frame_ancestors", "'self'; script-src *", "is not a frame-ancestors source"),
])
def test_bad_entries_fail_at_start_up_saying_how_to_write_them(tmp_path: Path, option: str, value: str,
                                                               fragment: str) -> None:
    script = tmp_path / "app.py"
    script.write_text(APP)
    with pytest.raises(ConfigError, match=fragment):
        build_app(AppOptions(script_path=script, config_options={option: value}, cwd=tmp_path, home=tmp_path,
                             environ={}))


# -- over the wire --------------------------------------------------------------------


async def test_a_foreign_host_is_refused_over_http_and_websocket(serve: Serve,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    """DNS rebinding: the attacker's name resolves to 127.0.0.1, but the request says whose it is."""
    runtime = await serve(APP)
    with caplog.at_level(logging.WARNING, logger="kernel.runtime"):
        for _ in range(2):
            reply = await raw_request(runtime, "GET / HTTP/1.1\nhost: rebind.evil.example:8501\n")
            assert reply.startswith(b"HTTP/1.1 403"), reply
            assert b"server.allowed_hosts" in reply
        reply = await raw_request(runtime, upgrade_head("rebind.evil.example:8501"))
        assert reply.startswith(b"HTTP/1.1 403"), reply
    logged = [r.getMessage() for r in caplog.records if "rebind.evil.example" in r.getMessage()]
    assert len(logged) == 1, "a refused host is logged once"
    assert runtime.statistics().refused == 3
    assert len(runtime.sessions) == 0
    for host in ("localhost", own_host(runtime), "[::1]"):
        reply = await raw_request(runtime, f"GET /_kernel/health HTTP/1.1\nhost: {host}\n")
        assert reply.startswith(b"HTTP/1.1 200"), (host, reply)


async def test_a_configured_host_name_is_served(serve: Serve) -> None:
    runtime = await serve(APP, **{"server.allowed_hosts": "apps.example.com"})
    reply = await raw_request(runtime, "GET /_kernel/health HTTP/1.1\nhost: apps.example.com:8501\n")
    assert reply.startswith(b"HTTP/1.1 200"), reply
    reply = await raw_request(runtime, upgrade_head("apps.example.com", "http://apps.example.com"))
    assert reply.startswith(b"HTTP/1.1 101"), reply


async def test_a_socket_from_another_origin_is_refused_and_logged_once(serve: Serve,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    runtime = await serve(APP)
    host = own_host(runtime)
    with caplog.at_level(logging.WARNING, logger="kernel.runtime"):
        for _ in range(3):
            reply = await raw_request(runtime, upgrade_head(host, "http://other.example:9000"))
            assert reply.startswith(b"HTTP/1.1 403"), reply
            assert b"server.allowed_origins" in reply and b"http://other.example:9000" in reply
    logged = [r.getMessage() for r in caplog.records if "other.example:9000" in r.getMessage()]
    assert len(logged) == 1 and "origin" in logged[0]
    assert len(runtime.sessions) == 0
    # The page's own origin, and a client that sends no Origin, are accepted.
    reply = await raw_request(runtime, upgrade_head(host, f"http://{host}"))
    assert reply.startswith(b"HTTP/1.1 101"), reply
    async with connect(stream_url(runtime)) as ws:
        await StreamClient(ws).new_session()


async def test_an_allowed_origin_opens_a_session(serve: Serve) -> None:
    runtime = await serve(APP, **{"server.allowed_origins": "http://other.example:9000, https://b.example"})
    async with connect(stream_url(runtime), extra_headers=[(b"origin", b"http://other.example:9000")]) as ws:
        hello = await StreamClient(ws).new_session()
    assert hello.session_id
    reply = await raw_request(runtime, upgrade_head(own_host(runtime), "http://third.example"))
    assert reply.startswith(b"HTTP/1.1 403"), reply


async def test_star_allows_any_origin(serve: Serve) -> None:
    runtime = await serve(APP, **{"server.allowed_origins": "*"})
    reply = await raw_request(runtime, upgrade_head(own_host(runtime), "http://anyone.example"))
    assert reply.startswith(b"HTTP/1.1 101"), reply


async def test_a_request_that_sends_data_from_another_origin_is_refused(serve: Serve) -> None:
    """Uploads over HTTP (any method but GET/HEAD/OPTIONS) get the socket's Origin rule."""
    runtime = await serve(APP)
    status, _, body = await http_request(runtime.url, "/_kernel/upload", method="POST",
                                         headers=[("origin", "http://other.example")])
    assert status == 403 and b"server.allowed_origins" in body
    status, _, _ = await http_request(runtime.url, "/", headers=[("origin", "http://other.example")])
    assert status == 200, "reads are left to the browser's same-origin rules"


# -- headers --------------------------------------------------------------------------


async def test_every_response_carries_the_security_headers(serve: Serve) -> None:
    runtime = await serve(APP)
    for target, status in [("/", 200), ("/_kernel/health", 200), ("/_kernel/static/client/main.js", 200),
                           ("/nope.txt", 404), (STREAM_PATH, 426)]:
        got, headers, _ = await http_request(runtime.url, target)
        assert got == status, target
        assert headers["x-content-type-options"] == "nosniff", target
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin", target
        csp = headers["content-security-policy"]
        assert "frame-ancestors 'self'" in csp and "object-src 'none'" in csp, target
        assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0], target
    status, headers, _ = await http_request(runtime.url, "/", headers=[("origin", "http://x.example")],
                                            method="POST")
    assert status == 403 and headers["x-content-type-options"] == "nosniff"
    reply = await raw_request(runtime, "\x16 not http\n")
    assert reply.startswith(b"HTTP/1.1 400") and b"content-security-policy: " in reply.lower()


async def test_the_shell_page_has_a_fresh_nonce_its_policy_allows(serve: Serve) -> None:
    runtime = await serve(APP)
    nonces = []
    for _ in range(2):
        _, headers, body = await http_request(runtime.url, "/")
        match = re.search(rb'nonce="([^"]+)"', body)
        assert match is not None
        nonce = match.group(1).decode()
        assert f"'nonce-{nonce}'" in headers["content-security-policy"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
    _, headers, _ = await http_request(runtime.url, "/_kernel/static/client/main.js")
    assert "nonce-" not in headers["content-security-policy"]


async def test_frame_ancestors_come_from_config(serve: Serve) -> None:
    runtime = await serve(APP, **{"server.frame_ancestors": "none"})
    _, headers, _ = await http_request(runtime.url, "/")
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    runtime = await serve(APP, **{"server.frame_ancestors": "self, https://intranet.example.com"})
    _, headers, _ = await http_request(runtime.url, "/")
    assert "frame-ancestors 'self' https://intranet.example.com" in headers["content-security-policy"]


def test_the_policy_names_each_directive_once() -> None:
    names = [part.split()[0] for part in content_security_policy(["self"], nonce="abc").split("; ")]
    assert len(names) == len(set(names))


def test_only_a_sandboxing_policy_of_a_route_replaces_the_apps() -> None:
    """A route's own policy with `sandbox` (no allow-same-origin) keeps just the app's frame-ancestors."""
    from kernel_plugins.runtime._headers import SecurityHeaders

    security = SecurityHeaders(["'self'", "https://intranet.example.com"])
    sandboxed = dict(security.for_response((("content-security-policy", "sandbox allow-scripts"),)))
    assert sandboxed["content-security-policy"] == "frame-ancestors 'self' https://intranet.example.com"
    assert sandboxed["x-content-type-options"] == "nosniff"
    for own in ((("content-security-policy", "sandbox allow-scripts allow-same-origin"),),
                (("content-security-policy", "script-src *"),), (("cache-control", "no-cache"),), ()):
        assert security.for_response(own) == security.headers()
