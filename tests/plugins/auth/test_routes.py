"""The login routes served by the runtime: refusals at the callback (state, cookies), logout, the login start."""

from __future__ import annotations

import http.client
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import trio

from kernel._app import AppOptions, build_app
from kernel._lifecycle import serve_app
from kernel_plugins.auth._config import AuthConfig, parse_auth
from kernel_plugins.auth._cookies import FLOW_COOKIE_PREFIX, CookieSigner
from kernel_plugins.auth._logout import logout_token
from kernel_plugins.auth._routes import safe_next
from tests.plugins.auth.oidc_server import free_port

COOKIE_SECRET = "route-test-cookie-secret-0123456789"
CLIENT_SECRET = "Route-client-s3cret-77"
STATE = "AbCdEfGhIjKlMnOpQrStUvWxYz0123"

Response = tuple[int, dict[str, list[str]], str]


def _secrets(folder: Path, port: int, *, metadata_port: int | None = None) -> Path:
    path = folder / "secrets.toml"
    path.write_text(
        f'[auth]\nredirect_uri = "http://127.0.0.1:{port}/oauth2callback"\ncookie_secret = "{COOKIE_SECRET}"\n'
        f'client_id = "kernel-app"\nclient_secret = "{CLIENT_SECRET}"\n'
        f'server_metadata_url = "http://127.0.0.1:{metadata_port or 9}/.well-known/openid-configuration"\n')
    return path


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Callable[..., Any]]:
    """``await get(path, **headers)`` against an app served with ``[auth]`` (or without: ``auth=False``)."""
    port = free_port()
    script = tmp_path / "app.py"
    script.write_text("from kernel import st\n")
    stop = trio.Event()
    started: list[str] = []

    async def start(auth: bool = True) -> None:
        options = {"server.port": str(port), "server.file_watcher_type": "none"}
        if auth:
            options["secrets.files"] = f'["{_secrets(tmp_path, port, metadata_port=free_port())}"]'
        app = build_app(AppOptions(script_path=script, cwd=tmp_path, home=tmp_path, environ={},
                                   config_options=options))
        await nursery.start(_serve, app)

    async def _serve(app: Any, task_status: Any = trio.TASK_STATUS_IGNORED) -> None:
        await serve_app(app, stop, on_ready=lambda runtime: (started.append(runtime.url), task_status.started()))

    async def get(path: str, auth: bool = True, **headers: str) -> Response:
        if not started:
            await start(auth)

        def fetch() -> Response:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
            conn.request("GET", path, headers={k.replace("_", "-"): v for k, v in headers.items()})
            answer = conn.getresponse()
            found: dict[str, list[str]] = {}
            for key, value in answer.getheaders():
                found.setdefault(key.lower(), []).append(value)
            body = answer.read().decode()
            conn.close()
            return answer.status, found, body

        return await trio.to_thread.run_sync(fetch)

    async with trio.open_nursery() as nursery:
        yield get
        stop.set()


def _flow(state: str, *, secret: str = COOKIE_SECRET, **changes: Any) -> str:
    data = {"state": state, "nonce": "n", "verifier": "v", "provider": "", "next": "/", **changes}
    return f"{FLOW_COOKIE_PREFIX}{STATE}={CookieSigner(secret, 'flow').sign(data, 600)}"


async def test_the_callback_refuses_what_no_login_of_this_browser_started(served: Any) -> None:
    status, _, body = await served("/oauth2callback?code=c")
    assert status == 400 and "carries no valid state" in body
    status, _, body = await served(f"/oauth2callback?code=c&state={STATE}")
    assert status == 400 and "no login was started in this browser with this state" in body
    status, headers, body = await served(f"/oauth2callback?code=c&state={STATE}",
                                         cookie=_flow(STATE, secret="another-secret-0123456789abcdef"))
    assert status == 400 and "the login-state cookie was refused (bad signature" in body
    assert any(c.startswith(f"{FLOW_COOKIE_PREFIX}{STATE}=; Path=/; Max-Age=0") for c in headers["set-cookie"])
    status, _, body = await served(f"/oauth2callback?code=c&state={STATE}", cookie=_flow("another-state-0123456789"))
    assert status == 400 and "the state does not match the login started in this browser" in body
    # An identity cookie is never a login-state cookie, even with the same secret.
    identity = CookieSigner(COOKIE_SECRET, "identity").sign({"state": STATE}, 600)
    status, _, body = await served(f"/oauth2callback?code=c&state={STATE}",
                                   cookie=f"{FLOW_COOKIE_PREFIX}{STATE}={identity}")
    assert status == 400 and "bad signature" in body
    refused = f"/oauth2callback?error=access_denied&error_description=no+thanks&state={STATE}"
    status, headers, body = await served(refused, cookie=_flow(STATE))
    assert status == 403 and "the provider refused the login: access_denied (no thanks)" in body
    assert headers["cache-control"] == ["no-store"]
    status, _, body = await served(f"/oauth2callback?state={STATE}", cookie=_flow(STATE))
    assert status == 400 and "carries no code" in body


async def test_an_unreachable_provider_is_a_clear_error_without_secrets(served: Any) -> None:
    status, headers, body = await served(f"/oauth2callback?code=c&state={STATE}", cookie=_flow(STATE))
    assert status == 502 and "could not read the discovery document of [auth]" in body
    assert CLIENT_SECRET not in body + str(headers) and COOKIE_SECRET not in body + str(headers)
    status, headers, body = await served("/_kernel/auth/login")
    # Every value of the secrets is masked in what the browser gets, the metadata URL too.
    assert status == 502 and "could not read the discovery document of [auth] at ***: ConnectionError" in body
    assert "set-cookie" not in headers, "no login state is kept for a login that did not start"
    assert CLIENT_SECRET not in body + str(headers) and COOKIE_SECRET not in body + str(headers)


async def test_login_start(served: Any) -> None:
    status, _, body = await served("/_kernel/auth/login?provider=nope")
    assert status == 400 and "there is no provider 'nope'" in body
    # Reached under another host name than redirect_uri's: the login starts over there (its cookies live there).
    status, headers, _ = await served("/_kernel/auth/login?next=/page", host="localhost:1234")
    location = urlsplit(headers["location"][0])
    assert status == 302 and location.hostname == "127.0.0.1" and location.path == "/_kernel/auth/login"
    assert location.query == "next=%2Fpage&hop=1"


CLEARED = ["_kernel_user=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax",
           "_kernel_user_idt=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"]


def _identity(provider: str = "") -> str:
    return CookieSigner(COOKIE_SECRET, "identity").sign({"provider": provider, "claims": {"sub": "u1"}}, 3600)


def _config() -> AuthConfig:
    return parse_auth({"redirect_uri": "http://127.0.0.1:1/oauth2callback", "cookie_secret": COOKIE_SECRET,
                       "client_id": "kernel-app", "client_secret": CLIENT_SECRET,
                       "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}, caller="test")


async def test_logout_deletes_the_login_cookies_for_the_apps_own_link(served: Any) -> None:
    identity = _identity()
    token = logout_token(_config(), identity)
    status, headers, _ = await served(f"/_kernel/auth/logout?token={token}&next=/report",
                                      cookie=f"_kernel_user={identity}")
    # the provider cannot be reached for its discovery document: the logout stays local
    assert status == 302 and headers["location"] == ["/report"]
    assert headers["set-cookie"] == CLEARED
    # nobody logged in: nothing to protect, the cookies are deleted all the same
    status, headers, _ = await served("/_kernel/auth/logout?next=//evil.example/")
    assert status == 302 and headers["location"] == ["/"] and headers["set-cookie"] == CLEARED


@pytest.mark.parametrize("query, why", [
    ("", "the link has no logout token"),
    ("token=forged.value", "its logout token was refused (bad signature"),
    # a token made for another login (the attacker's own, say) does not log this user out
    ("token={other}", "its logout token was made for another login"),
])
async def test_a_logout_link_from_elsewhere_is_refused(served: Any, query: str, why: str) -> None:
    other = logout_token(_config(), _identity("someone-else"))
    status, headers, body = await served(f"/_kernel/auth/logout?{query.format(other=other)}&next=/",
                                         cookie=f"_kernel_user={_identity()}")
    assert status == 403 and "set-cookie" not in headers
    assert f"Logout refused: {why}" in body


async def test_the_providers_logout_comes_back_through_the_callback(served: Any) -> None:
    state = CookieSigner(COOKIE_SECRET, "post_logout").sign({"next": "/report?x=1"}, 600)
    status, headers, _ = await served(f"/oauth2callback?state={state}")
    assert status == 302 and headers["location"] == ["/report?x=1"]
    forged = CookieSigner("another-secret-0123456789", "post_logout").sign({"next": "/"}, 600)
    status, _, body = await served(f"/oauth2callback?state={forged}")
    assert status == 400 and "no valid state" in body


async def test_without_auth_the_callback_says_what_to_configure(served: Any) -> None:
    status, _, body = await served("/oauth2callback?code=c&state=" + STATE, auth=False)
    assert status == 500 and "the secrets have no [auth] section" in body


async def test_the_callback_is_one_exact_path(served: Any) -> None:
    status, _, body = await served("/oauth2callbackx")
    assert "Login failed" not in body
    status, _, body = await served("/oauth2callback/x")
    assert "Login failed" not in body


@pytest.mark.parametrize(("value", "expected"), [
    ("/", "/"), ("/page?x=1", "/page?x=1"), (None, "/"), ("", "/"), ("page", "/"), ("//evil.example", "/"),
    ("/\\evil.example", "/"), ("https://evil.example/", "/"), ("/a b", "/"), ("/é", "/"), ("/a\r\nx: y", "/"),
])
def test_safe_next_keeps_only_paths_of_this_app(value: str | None, expected: str) -> None:
    assert safe_next(value) == expected
