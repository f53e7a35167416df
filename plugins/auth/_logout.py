"""Logging out safely: a logout link only the app's own page can make, and the provider's logout.

* ``st.logout()`` puts a **logout token** in the link it sends the page to: signed with
  ``cookie_secret`` and bound to the identity cookie the session was opened with (a digest
  of it), valid 10 minutes. The logout route deletes the cookies only for a token that
  matches the browser's identity cookie, so another site cannot log a user out by sending
  their browser to ``/_kernel/auth/logout`` (it can neither read the page's token nor
  make one).
* **RP-initiated logout** (OpenID Connect RP-Initiated Logout 1.0), as Streamlit does:
  when the provider's discovery document has an ``end_session_endpoint``, the browser is
  sent there with ``client_id``, ``id_token_hint`` (the ID token kept at login in its own
  cookie, when it fits), ``post_logout_redirect_uri`` = ``redirect_uri`` and a signed
  ``state`` holding the page to return to; the provider ends its session and sends the
  browser back to ``/oauth2callback``, which returns to the page.
"""

from __future__ import annotations

import hashlib
import logging
from urllib.parse import urlencode

from kernel_plugins.auth._config import AuthConfig
from kernel_plugins.auth._cookies import BadCookie, CookieSigner
from kernel_plugins.auth._errors import AuthError

__all__ = ["LOGOUT_TOKEN_MAX_AGE", "check_logout_token", "logout_token", "post_logout_next", "provider_logout_url"]

log = logging.getLogger("kernel.auth")

LOGOUT_TOKEN_MAX_AGE = 600
"""Seconds a logout link made by ``st.logout()`` stays valid."""
POST_LOGOUT_MAX_AGE = 600
"""Seconds the provider has to send the browser back after its logout."""


def _digest(identity_cookie: str) -> str:
    return hashlib.sha256(identity_cookie.encode("utf-8", "replace")).hexdigest()[:32]


def logout_token(config: AuthConfig, identity_cookie: str) -> str:
    """The token of a logout link for the browser whose identity cookie is ``identity_cookie``."""
    return CookieSigner(config.cookie_secret, "logout").sign({"of": _digest(identity_cookie)}, LOGOUT_TOKEN_MAX_AGE)


def check_logout_token(config: AuthConfig, token: str | None, identity_cookie: str) -> str | None:
    """``None`` if ``token`` was made by ``st.logout()`` for this identity cookie, else why not."""
    if not token:
        return "the link has no logout token"
    try:
        data = CookieSigner(config.cookie_secret, "logout").open(token)
    except BadCookie as exc:
        return f"its logout token was refused ({exc.reason})"
    if data.get("of") != _digest(identity_cookie):
        return "its logout token was made for another login"
    return None


def provider_logout_url(config: AuthConfig, provider_name: str, id_token: str | None, next_path: str) -> str | None:
    """Where to send the browser to end the provider's session too, or ``None`` when the
    provider has no ``end_session_endpoint`` (or cannot be reached: the logout stays local)."""
    from kernel_plugins.auth._oidc import client_for

    try:
        provider = config.provider(provider_name or None, caller="st.logout()")
        endpoint = client_for(provider, config.redirect_uri).end_session_endpoint()
    except AuthError as exc:
        log.warning("logout: the provider's logout was skipped: %s", exc)
        return None
    if not endpoint:
        return None
    state = CookieSigner(config.cookie_secret, "post_logout").sign({"next": next_path}, POST_LOGOUT_MAX_AGE)
    params = {"client_id": provider.client_id, "post_logout_redirect_uri": config.redirect_uri, "state": state}
    if id_token:
        params["id_token_hint"] = id_token
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"


def post_logout_next(config: AuthConfig, state: str) -> str | None:
    """The page to return to if ``state`` is one this app gave the provider's logout, else ``None``."""
    try:
        data = CookieSigner(config.cookie_secret, "post_logout").open(state)
    except BadCookie:
        return None
    return str(data.get("next") or "/")
