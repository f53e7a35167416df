"""Signed cookies: the identity of the logged-in user and the state of a login in progress.

A value is ``<payload>.<tag>``: the payload is base64url JSON holding the data and an
expiry (``exp``, seconds since the epoch), the tag base64url HMAC-SHA256 of the payload
under a key derived from ``cookie_secret`` and the cookie's purpose, so a login-state
cookie can never pass for an identity cookie. A value whose tag does not verify, that
is malformed or that has expired is refused with :class:`BadCookie`.

The cookies are ``HttpOnly`` (no script of the page reads them), ``SameSite=Lax`` (other
sites' requests do not carry them, but the provider's redirect back does), ``Path=/``,
``Max-Age`` set, and ``Secure`` when the app is served over https.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import http.cookies
import json
import time
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "FLOW_COOKIE_PREFIX",
    "FLOW_MAX_AGE",
    "IDENTITY_COOKIE",
    "IDENTITY_MAX_AGE",
    "ID_TOKEN_COOKIE",
    "MAX_COOKIE_BYTES",
    "BadCookie",
    "CookieSigner",
    "clear_cookie",
    "request_cookies",
    "set_cookie",
]

IDENTITY_COOKIE = "_kernel_user"
"""Holds the logged-in user's claims."""
IDENTITY_MAX_AGE = 30 * 24 * 3600
ID_TOKEN_COOKIE = "_kernel_user_idt"
"""The provider's ID token, kept only to ask the provider's logout for this user (``id_token_hint``)."""
"""How long a login lasts: 30 days, as in Streamlit."""
FLOW_COOKIE_PREFIX = "_kernel_auth_flow_"
"""Followed by the login's ``state``: one cookie per login in progress (several tabs may log in at once)."""
FLOW_MAX_AGE = 600
"""How long the user has to complete a login at the provider."""
MAX_COOKIE_BYTES = 4000
"""Browsers keep cookies of up to 4096 bytes (name, value and attributes)."""


class BadCookie(ValueError):
    """A cookie value that is refused; :attr:`reason` says why, for a log line (never the value)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class CookieSigner:
    """Signs and opens cookie values for one purpose (``"identity"``, ``"flow"``) with ``cookie_secret``."""

    __slots__ = ("_key",)

    def __init__(self, cookie_secret: str, purpose: str) -> None:
        self._key = hmac.digest(cookie_secret.encode(), b"kernel auth cookie: " + purpose.encode(), "sha256")

    def _tag(self, payload: str) -> str:
        return _b64encode(hmac.digest(self._key, payload.encode("ascii"), "sha256"))

    def sign(self, data: Mapping[str, Any], max_age: int, *, now: float | None = None) -> str:
        """A cookie value holding ``data`` (JSON-ready) that expires ``max_age`` seconds from ``now``."""
        expires = int((time.time() if now is None else now) + max_age)
        body = json.dumps({"exp": expires, "data": dict(data)}, separators=(",", ":"), sort_keys=True)
        payload = _b64encode(body.encode())
        return f"{payload}.{self._tag(payload)}"

    def open(self, value: str, *, now: float | None = None) -> dict[str, Any]:
        """The data of ``value`` if it verifies and has not expired; else :class:`BadCookie`."""
        payload, dot, tag = value.rpartition(".")
        if not dot or not payload:
            raise BadCookie("not a signed value")
        try:
            expected = self._tag(payload)
        except UnicodeEncodeError:
            raise BadCookie("not a signed value") from None
        if not hmac.compare_digest(expected.encode(), tag.encode("ascii", "replace")):
            raise BadCookie("bad signature (altered, or signed with another cookie_secret)")
        try:
            body = json.loads(_b64decode(payload))
        except (ValueError, binascii.Error):
            raise BadCookie("signed but unreadable") from None
        if not isinstance(body, dict) or not isinstance(body.get("data"), dict) or not isinstance(body.get("exp"), int):
            raise BadCookie("signed but of another shape")
        if body["exp"] <= (time.time() if now is None else now):
            raise BadCookie("expired")
        data: dict[str, Any] = body["data"]
        return data


def set_cookie(name: str, value: str, max_age: int, *, secure: bool) -> tuple[str, str]:
    """A ``Set-Cookie`` header for ``name=value`` with the attributes above."""
    header = f"{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax"
    return ("set-cookie", header + "; Secure" if secure else header)


def clear_cookie(name: str, *, secure: bool) -> tuple[str, str]:
    """A ``Set-Cookie`` header that deletes cookie ``name``."""
    return set_cookie(name, "", 0, secure=secure)


def request_cookies(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The cookies of a request, from its (lower-cased) headers; unreadable ``Cookie`` headers are skipped."""
    jar: http.cookies.SimpleCookie = http.cookies.SimpleCookie()
    for name, value in headers:
        if name.lower() != "cookie":
            continue
        try:
            jar.load(value)
        except http.cookies.CookieError:
            continue
    return {name: morsel.value for name, morsel in jar.items()}
