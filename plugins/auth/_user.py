"""``st.user``: the read-only mapping of the logged-in user's identity claims.

Read from the signed identity cookie of the request that opened the session's
connection, on every access (so an expired or replaced cookie counts at once):

* no ``[auth]`` in the secrets: empty, as Streamlit's is when auth is not configured;
* ``[auth]`` configured, nobody logged in (no cookie, or one that is tampered with,
  signed with another ``cookie_secret`` or expired): ``{"is_logged_in": False}``;
* logged in: the ID token's claims (``name``, ``email``, ``sub``, ...) and
  ``is_logged_in: True``; ``tokens`` when ``[auth] expose_tokens`` asks for them.

A missing key is a ``KeyError`` (an ``AttributeError`` as an attribute); assigning raises.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from typing import Any

from kernel import KernelAPIException, StashKey
from kernel.context import get_run_context
from kernel_plugins.auth._config import AuthConfig
from kernel_plugins.auth._cookies import IDENTITY_COOKIE, BadCookie, CookieSigner, request_cookies
from kernel_plugins.auth._errors import AuthConfigError

__all__ = ["UserInfo", "claims_of", "user"]

log = logging.getLogger("kernel.auth")

_CLAIMS: StashKey[tuple[tuple[tuple[str, str], ...], dict[str, Any]]] = StashKey("auth.claims")
"""The claims worked out in this run, with the request headers they came from."""


def claims_of(config: AuthConfig | None, headers: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    """What ``st.user`` shows for a request with ``headers`` under ``config`` (``None``: auth not configured)."""
    if config is None:
        return {}
    raw = request_cookies(headers).get(IDENTITY_COOKIE)
    if raw is None:
        return {"is_logged_in": False}
    try:
        identity = CookieSigner(config.cookie_secret, "identity").open(raw)
    except BadCookie as exc:
        log.info("st.user: the identity cookie was refused (%s): not logged in", exc.reason)
        return {"is_logged_in": False}
    claims = identity.get("claims")
    if not isinstance(claims, dict) or str(identity.get("provider") or "") not in config.providers:
        return {"is_logged_in": False}
    shown: dict[str, Any] = {**claims, "is_logged_in": True}
    tokens = identity.get("tokens")
    if config.expose_tokens:
        shown["tokens"] = {kind: tokens[kind] for kind in config.expose_tokens
                           if isinstance(tokens, dict) and kind in tokens}
    return shown


def _current_claims() -> dict[str, Any]:
    ctx = get_run_context()
    if ctx is None:
        return {}
    headers = ctx.session.state.client.snapshot().headers
    cached = ctx.stash.get(_CLAIMS)
    if cached is not None and cached[0] == headers:
        return cached[1]  # a script reads st.user several times a run; the secrets do not change within one
    from kernel_plugins.auth._config import parse_auth
    from kernel_plugins.auth._settings import auth_section, secrets_for

    section = auth_section(secrets_for(None))
    if section is None:
        claims: dict[str, Any] = {}
    else:
        try:
            claims = claims_of(parse_auth(section, caller="st.user"), headers)
        except AuthConfigError as exc:
            log.warning("%s", exc)
            claims = {"is_logged_in": False}
    ctx.stash[_CLAIMS] = (headers, claims)
    return claims


class UserInfo(Mapping[str, Any]):
    """``st.user``: the identity claims of the logged-in user."""

    def _claims(self) -> dict[str, Any]:
        return _current_claims()

    def __getitem__(self, key: str) -> Any:
        claims = self._claims()
        try:
            return claims[key]
        except KeyError:
            why = "no user is logged in" if not claims.get("is_logged_in") else "the provider sent no such claim"
            raise KeyError(f'st.user has no key "{key}": {why}.') from None

    def __getattr__(self, key: str) -> Any:
        if key.startswith("__"):
            raise AttributeError(key)
        try:
            return self[key]
        except KeyError as exc:
            raise AttributeError(exc.args[0]) from None

    def __setattr__(self, key: str, value: Any) -> None:
        raise KernelAPIException("st.user cannot be modified: it holds the logged-in user's identity claims.")

    __setitem__ = __setattr__

    def __iter__(self) -> Iterator[str]:
        return iter(self._claims())

    def __len__(self) -> int:
        return len(self._claims())

    def to_dict(self) -> dict[str, Any]:
        """The claims as a plain dict."""
        return dict(self._claims())

    def __repr__(self) -> str:
        return f"st.user({self._claims()!r})"


user = UserInfo()
