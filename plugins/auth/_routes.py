"""The login routes the runtime serves: start a login, the provider's callback, logout.

* ``/_kernel/auth/login?provider=NAME&next=/page`` (``st.login`` sends the page here):
  asks the provider's discovery document, keeps ``state``, ``nonce`` and the PKCE verifier
  in a signed, short-lived cookie named after the state, and redirects to the provider.
* ``/oauth2callback?code=...&state=...`` (the ``redirect_uri``): the state must match a
  login-state cookie of this browser; the code is exchanged (with the verifier), the ID
  token checked (nonce included), and the claims kept in the signed identity cookie; then
  back to the page the login started from.
* ``/_kernel/auth/logout?token=...`` (``st.logout`` sends the page here): checks the logout
  token (see :mod:`._logout`), deletes the login cookies, and goes to the provider's logout
  when it has one (which comes back through ``/oauth2callback``), else back to the app,
  which starts a new session.

Handlers run in the trio thread; the calls to the provider run in a worker thread.
Errors answer ``text/plain`` with what went wrong, passed through the secrets' redactor.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode, urlsplit

from kernel import HttpRequest, HttpResponse
from kernel_plugins.auth._config import AuthConfig
from kernel_plugins.auth._cookies import (
    FLOW_COOKIE_PREFIX,
    FLOW_MAX_AGE,
    ID_TOKEN_COOKIE,
    IDENTITY_COOKIE,
    IDENTITY_MAX_AGE,
    MAX_COOKIE_BYTES,
    BadCookie,
    CookieSigner,
    clear_cookie,
    request_cookies,
    set_cookie,
)
from kernel_plugins.auth._errors import AuthError
from kernel_plugins.auth._logout import check_logout_token, post_logout_next, provider_logout_url
from kernel_plugins.auth._paths import AUTH_PREFIX, LOGIN_PATH, LOGOUT_PATH
from kernel_plugins.auth._settings import load_auth, secrets_for

if TYPE_CHECKING:
    from kernel import KernelApp

__all__ = ["AUTH_PREFIX", "LOGIN_PATH", "LOGOUT_PATH", "answer_auth", "answer_callback", "safe_next"]

log = logging.getLogger("kernel.auth")

_STATE = re.compile(r"[A-Za-z0-9_-]{16,128}")
_NO_STORE = ("cache-control", "no-store")

Handler = Callable[[HttpRequest], HttpResponse | None | Awaitable[HttpResponse | None]]


def safe_next(value: str | None) -> str:
    """``value`` if it is a path of this app (``/page?x=1``), else ``/``: never another site."""
    if (not value or not value.startswith("/") or value.startswith("//") or "\\" in value
            or not value.isascii() or any(ord(c) < 0x21 or ord(c) == 0x7F for c in value)):
        return "/"
    return value


def _query(request: HttpRequest) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(request.query, keep_blank_values=True).items()}


def _redirect(location: str, *cookies: tuple[str, str]) -> HttpResponse:
    return HttpResponse(302, f"Redirecting to {location}\n".encode(), "text/plain; charset=utf-8",
                        (("location", location), _NO_STORE, *cookies))


def _error(app: KernelApp, message: str, status: int, *cookies: tuple[str, str]) -> HttpResponse:
    try:
        message = secrets_for(app).redact(message)
    except Exception:  # noqa: BLE001 - the message is ours and holds no secret; redacting is belt and braces
        pass
    body = f"Login failed: {message}\n\nBack to the app: /\n"
    return HttpResponse(status, body.encode(), "text/plain; charset=utf-8", (_NO_STORE, *cookies))


def _config(app: KernelApp, caller: str) -> AuthConfig:
    return load_auth(app, caller=caller)


def _same_origin(request: HttpRequest, config: AuthConfig) -> bool:
    host = (request.header("host") or "").lower()
    return not host or host == urlsplit(config.redirect_uri).netloc.lower()


def _login(app: KernelApp, request: HttpRequest) -> HttpResponse | Awaitable[HttpResponse]:
    try:
        config = _config(app, "login")
    except AuthError as exc:
        return _error(app, str(exc), 500)
    query = _query(request)
    try:
        provider = config.provider(query.get("provider") or None, caller="login")
    except AuthError as exc:
        return _error(app, str(exc), 400)
    if not _same_origin(request, config) and "hop" not in query:
        # The cookies must live on redirect_uri's host: start the login there.
        return _redirect(f"{config.origin}{LOGIN_PATH}?{urlencode({**query, 'hop': '1'})}")
    return _start_login(app, config, provider.name, safe_next(query.get("next")))


async def _start_login(app: KernelApp, config: AuthConfig, provider: str, next_path: str) -> HttpResponse:
    import trio

    from kernel_plugins.auth._oidc import client_for

    client = client_for(config.provider(provider or None), config.redirect_uri)
    try:
        auth = await trio.to_thread.run_sync(client.authorization)
    except AuthError as exc:
        log.warning("login: %s", exc)
        return _error(app, str(exc), getattr(exc, "status", 500))
    flow = CookieSigner(config.cookie_secret, "flow").sign(
        {"state": auth.state, "nonce": auth.nonce, "verifier": auth.code_verifier, "provider": provider,
         "next": next_path}, FLOW_MAX_AGE)
    cookie = set_cookie(FLOW_COOKIE_PREFIX + auth.state, flow, FLOW_MAX_AGE, secure=config.secure)
    return _redirect(auth.url, cookie)


def _callback(app: KernelApp, request: HttpRequest) -> HttpResponse | Awaitable[HttpResponse]:
    try:
        config = _config(app, "login callback")
    except AuthError as exc:
        return _error(app, str(exc), 500)
    query = _query(request)
    state = query.get("state", "")
    if "code" not in query and "error" not in query:
        back = post_logout_next(config, state)
        if back is not None:  # the provider's logout sends the browser back here
            return _redirect(safe_next(back))
    if not _STATE.fullmatch(state):
        return _error(app, "the provider's answer carries no valid state. Start the login again from the app.", 400)
    name = FLOW_COOKIE_PREFIX + state
    drop = clear_cookie(name, secure=config.secure)
    raw = request_cookies(request.headers).get(name)
    if raw is None:
        log.warning("login callback refused: no login in progress for its state in this browser")
        return _error(app, "no login was started in this browser with this state (it took longer than "
                      f"{FLOW_MAX_AGE // 60} minutes, was started in another browser, or the link was forged). "
                      "Start the login again from the app.", 400)
    try:
        flow = CookieSigner(config.cookie_secret, "flow").open(raw)
    except BadCookie as exc:
        log.warning("login callback refused: login-state cookie %s", exc.reason)
        return _error(app, f"the login-state cookie was refused ({exc.reason}). Start the login again.", 400, drop)
    if flow.get("state") != state:
        log.warning("login callback refused: state mismatch")
        return _error(app, "the state does not match the login started in this browser. Start the login again.",
                      400, drop)
    if "error" in query:
        detail = query.get("error_description", "")
        return _error(app, f"the provider refused the login: {query['error'][:100]}"
                      + (f" ({detail[:300]})" if detail else ""), 403, drop)
    code = query.get("code", "")
    if not code:
        return _error(app, "the provider's answer carries no code. Start the login again.", 400, drop)
    return _finish_login(app, config, flow, code, drop)


async def _finish_login(app: KernelApp, config: AuthConfig, flow: dict[str, Any], code: str,
                        drop: tuple[str, str]) -> HttpResponse:
    import trio

    from kernel_plugins.auth._oidc import client_for

    try:
        provider = config.provider(str(flow.get("provider") or "") or None, caller="login callback")
        client = client_for(provider, config.redirect_uri)
        result = await trio.to_thread.run_sync(
            lambda: client.finish(code, code_verifier=str(flow["verifier"]), nonce=str(flow["nonce"])))
    except AuthError as exc:
        log.warning("login callback: %s", exc)
        return _error(app, str(exc), getattr(exc, "status", 400), drop)
    identity: dict[str, Any] = {"provider": provider.name, "claims": result["claims"]}
    tokens = {kind: result[kind] for kind in config.expose_tokens if result.get(kind)}
    if tokens:
        identity["tokens"] = tokens
    value = CookieSigner(config.cookie_secret, "identity").sign(identity, IDENTITY_MAX_AGE)
    cookie = set_cookie(IDENTITY_COOKIE, value, IDENTITY_MAX_AGE, secure=config.secure)
    if len(cookie[1]) > MAX_COOKIE_BYTES:
        return _error(app, f"the user's claims are too large for a cookie ({len(cookie[1])} bytes; browsers keep "
                      f"{MAX_COOKIE_BYTES}). Ask for fewer scopes in client_kwargs, or expose fewer tokens.",
                      500, drop)
    cookies = [cookie, drop]
    if result.get("id"):
        # Kept apart (only to ask the provider's logout), and only when it fits in a cookie.
        hint = set_cookie(ID_TOKEN_COOKIE, CookieSigner(config.cookie_secret, "id_token").sign(
            {"token": result["id"]}, IDENTITY_MAX_AGE), IDENTITY_MAX_AGE, secure=config.secure)
        if len(hint[1]) <= MAX_COOKIE_BYTES:
            cookies.append(hint)
    log.info("login: user logged in with %s", provider.label)
    return _redirect(safe_next(str(flow.get("next") or "/")), *cookies)


def _logout(app: KernelApp, request: HttpRequest) -> HttpResponse | Awaitable[HttpResponse]:
    query = _query(request)
    next_path = safe_next(query.get("next"))
    try:
        config = _config(app, "logout")
    except AuthError:
        return _redirect(next_path, clear_cookie(IDENTITY_COOKIE, secure=False))
    cookies = request_cookies(request.headers)
    identity = cookies.get(IDENTITY_COOKIE)
    clears = (clear_cookie(IDENTITY_COOKIE, secure=config.secure), clear_cookie(ID_TOKEN_COOKIE, secure=config.secure))
    if identity is None:
        return _redirect(next_path, *clears)  # nobody is logged in here: nothing to protect
    refused = check_logout_token(config, query.get("token"), identity)
    if refused is not None:
        log.warning("logout refused: %s", refused)
        body = (f"Logout refused: {refused}. Only the app's own page can log you out (st.logout() makes the link "
                "for this browser); a link from elsewhere, or an old one, is not followed.\n\nBack to the app: /\n")
        return HttpResponse(403, body.encode(), "text/plain; charset=utf-8", (_NO_STORE,))
    return _end_session(config, identity, cookies.get(ID_TOKEN_COOKIE), next_path, clears)


async def _end_session(config: AuthConfig, identity: str, id_token_cookie: str | None, next_path: str,
                       clears: tuple[tuple[str, str], ...]) -> HttpResponse:
    import trio

    try:
        provider = str(CookieSigner(config.cookie_secret, "identity").open(identity).get("provider") or "")
    except BadCookie:
        return _redirect(next_path, *clears)  # no valid login: only the cookies to delete
    id_token = None
    if id_token_cookie is not None:
        try:
            id_token = str(CookieSigner(config.cookie_secret, "id_token").open(id_token_cookie).get("token") or "")
        except BadCookie:
            id_token = None
    if provider not in config.providers:
        return _redirect(next_path, *clears)
    url = await trio.to_thread.run_sync(lambda: provider_logout_url(config, provider, id_token or None, next_path))
    log.info("logout: user logged out%s", " (and sent to the provider's logout)" if url else "")
    return _redirect(url or next_path, *clears)


def answer_auth(app: KernelApp, request: HttpRequest) -> HttpResponse | None | Awaitable[HttpResponse]:
    """A request under ``AUTH_PREFIX``: a login, a logout, or not found."""
    if request.path == LOGIN_PATH:
        return _login(app, request)
    if request.path == LOGOUT_PATH:
        return _logout(app, request)
    return None


def answer_callback(app: KernelApp, request: HttpRequest) -> HttpResponse | Awaitable[HttpResponse]:
    """The provider's callback (``CALLBACK_PATH``)."""
    return _callback(app, request)

