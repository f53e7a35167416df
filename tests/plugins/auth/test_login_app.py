"""``st.login``, ``st.logout`` and ``st.user`` in an app (AppTest): config errors, the redirect, the claims."""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest

from kernel.testing import AppTest
from kernel_plugins.auth._cookies import IDENTITY_COOKIE, CookieSigner

COOKIE_SECRET = "app-test-cookie-secret-0123456789"
CLIENT_SECRET = "Client-s3cret-value-42"
AUTH: dict[str, Any] = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": COOKIE_SECRET,
    "client_id": "kernel-app",
    "client_secret": CLIENT_SECRET,
    "server_metadata_url": "http://localhost:9/.well-known/openid-configuration",
}


def _app(source: str, auth: dict[str, Any] | None, cookie: str | None = None) -> AppTest:
    at = AppTest.from_string(source)
    if auth is not None:
        at.secrets["auth"] = auth
    if cookie is not None:
        # The cookie the browser sent with the request that opened the session's connection.
        at._ensure_session().state.client.set_request((("host", "localhost:8501"), ("cookie", cookie)), None)
    return at.run()


def _error(source: str, auth: dict[str, Any] | None, caplog: pytest.LogCaptureFixture) -> str:
    caplog.set_level(logging.DEBUG)
    at = _app(source, auth)
    assert at.exception, "the app should have failed"
    shown = at.exception[0]
    everything = " ".join([shown.message, shown.value, *shown.stack_trace, caplog.text])
    for secret in (COOKIE_SECRET, CLIENT_SECRET, "short-secret"):
        assert secret not in everything
    return str(shown.message)


LOGIN = "from kernel import st\nst.login()"


def test_login_without_auth_says_what_to_add(caplog: pytest.LogCaptureFixture) -> None:
    message = _error(LOGIN, None, caplog)
    assert "the secrets have no [auth] section" in message
    for key in ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url"):
        assert key in message


def test_incomplete_auth_names_every_missing_key(caplog: pytest.LogCaptureFixture) -> None:
    message = _error(LOGIN, {k: v for k, v in AUTH.items() if k != "cookie_secret"}, caplog)
    assert "[auth] in the secrets lacks cookie_secret" in message
    message = _error(LOGIN, {k: v for k, v in AUTH.items() if k not in ("client_id", "server_metadata_url")}, caplog)
    assert "[auth] in the secrets lacks client_id, server_metadata_url" in message
    message = _error(LOGIN, {**AUTH, "cookie_secret": "short-secret"}, caplog)
    assert "cookie_secret is too short (12 characters; at least 16" in message
    message = _error(LOGIN, {**AUTH, "redirect_uri": "http://localhost:8501/callback"}, caplog)
    assert "redirect_uri must be the app's address followed by /oauth2callback" in message


def test_named_providers(caplog: pytest.LogCaptureFixture) -> None:
    provider = {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")}
    only_named = {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": COOKIE_SECRET, "okta": provider}
    message = _error("from kernel import st\nst.login('google')", only_named, caplog)
    assert "there is no provider 'google': add a section [auth.google]" in message and "'okta'" in message
    message = _error(LOGIN, only_named, caplog)
    assert "st.login() needs the name of one: st.login('okta')" in message
    message = _error("from kernel import st\nst.login('my_idp')", {**only_named, "my_idp": provider}, caplog)
    assert "provider names may not contain '_'" in message
    message = _error("from kernel import st\nst.login('okta')", {**only_named, "okta": {"client_id": "x"}}, caplog)
    assert "[auth.okta] in the secrets lacks client_secret, server_metadata_url" in message


def test_login_and_logout_send_the_page_to_their_routes() -> None:
    named = {**AUTH, "okta": {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")}}
    at = _app("from kernel import st\nst.login()\nst.login('okta')\nst.logout()\nst.text('after')", named)
    assert not at.exception
    urls = [node.props["url"] for node in at.get("auth_redirect")]
    assert urls == ["/_kernel/auth/login", "/_kernel/auth/login?provider=okta", "/_kernel/auth/logout"]
    assert [t.value for t in at.text] == ["after"], "the script goes on"


def test_login_without_authlib_says_what_to_install(monkeypatch: pytest.MonkeyPatch,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setitem(__import__("sys").modules, "authlib.integrations.requests_client", None)
    message = _error(LOGIN, AUTH, caplog)
    assert "pip install 'kernel[auth]'" in message


USER = "from kernel import st\nst.text(repr(st.user.to_dict()))"


def _shown(at: AppTest) -> str:
    assert not at.exception, [e.message for e in at.exception]
    return str(at.text[0].value)


def _identity(claims: dict[str, Any], *, secret: str = COOKIE_SECRET, max_age: int = 3600,
              tokens: dict[str, str] | None = None) -> str:
    data: dict[str, Any] = {"provider": "", "claims": claims}
    if tokens:
        data["tokens"] = tokens
    return f"{IDENTITY_COOKIE}={CookieSigner(secret, 'identity').sign(data, max_age)}"


def test_user_is_empty_without_auth_and_not_logged_in_without_a_cookie() -> None:
    assert _shown(_app(USER, None)) == "{}"
    assert _shown(_app(USER, None, cookie=_identity({"name": "Ada"}))) == "{}"
    assert _shown(_app(USER, AUTH)) == "{'is_logged_in': False}"


def test_user_shows_the_claims_of_a_valid_cookie() -> None:
    at = _app("from kernel import st\nst.text(st.user.name)\nst.text(str(st.user.is_logged_in))\n"
              "st.text(st.user['email'])", AUTH, cookie=_identity({"name": "Ada", "email": "ada@example.test"}))
    assert [t.value for t in at.text] == ["Ada", "True", "ada@example.test"]


def test_user_refuses_tampered_foreign_and_expired_cookies() -> None:
    good = _identity({"name": "Ada"})
    payload, _, tag = good.partition("=")[2].rpartition(".")
    tampered = f"{IDENTITY_COOKIE}={payload[:-2]}{'A' if payload[-2] != 'A' else 'B'}{payload[-1]}.{tag}"
    expired = _identity({"name": "Ada"}, max_age=-1)
    foreign = _identity({"name": "Ada"}, secret="another-cookie-secret-0123456789")
    for cookie in (tampered, expired, foreign, f"{IDENTITY_COOKIE}=garbage"):
        assert _shown(_app(USER, AUTH, cookie=cookie)) == "{'is_logged_in': False}", cookie


def test_user_tokens_only_when_exposed() -> None:
    cookie = _identity({"name": "Ada"}, tokens={"id": "id.token.value"})
    assert "tokens" not in _shown(_app(USER, AUTH, cookie=cookie))
    assert "'tokens': {'id': 'id.token.value'}" in _shown(_app(USER, {**AUTH, "expose_tokens": "id"}, cookie=cookie))


def test_user_is_read_only() -> None:
    at = _app("from kernel import st\ntry:\n    st.user.name = 'x'\nexcept st.errors.StreamlitAPIException as e:\n"
              "    st.text(str(e))", AUTH, cookie=_identity({"name": "Ada"}))
    assert _shown(at) == "st.user cannot be modified: it holds the logged-in user's identity claims."


def test_expiry_is_counted_from_signing() -> None:
    # A cookie signed now with the 30-day life verifies now and not 30 days later.
    value = CookieSigner(COOKIE_SECRET, "identity").sign({"provider": "", "claims": {}}, 30 * 24 * 3600)
    signer = CookieSigner(COOKIE_SECRET, "identity")
    assert signer.open(value) == {"provider": "", "claims": {}}
    with pytest.raises(ValueError):
        signer.open(value, now=time.time() + 30 * 24 * 3600 + 1)
