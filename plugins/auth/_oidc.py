"""The OpenID Connect client, on Authlib: authorization URL with PKCE, code exchange, ID token checks.

Authlib does the protocol: it loads the provider's discovery document, makes ``state``,
``nonce`` and the PKCE ``code_verifier`` (S256 challenge), exchanges the code with the
client's credentials, and checks the ID token (signature against the provider's JWKS,
``iss``, ``aud``, ``exp``, ``iat``, ``nonce``, ``at_hash``). Every call that reaches the
network blocks: the routes run them in a worker thread. Import this module only when a
login happens (Authlib and requests are the ``auth`` extra).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from typing import Any

import attrs

from kernel_plugins.auth._config import ProviderConfig
from kernel_plugins.auth._errors import AuthConfigError, AuthFlowError

__all__ = ["Authorization", "OidcClient", "client_for"]

TIMEOUT = 10.0
"""Seconds to wait for the provider on each request."""
METADATA_TTL = 3600.0
"""The discovery document and keys are fetched again after this many seconds."""
ID_TOKEN_LEEWAY = 60
"""Seconds of clock difference allowed when checking ``exp`` and ``iat``."""


@attrs.frozen
class Authorization:
    """Where to send the browser, and what the callback must check against."""

    url: str
    state: str
    nonce: str
    code_verifier: str = attrs.field(repr=False)


def _authlib() -> Any:
    """The client class on Authlib, or :class:`AuthConfigError` saying what to install."""
    try:
        from authlib.integrations.base_client.sync_app import BaseApp, OAuth2Mixin
        from authlib.integrations.base_client.sync_openid import OpenIDMixin
        from authlib.integrations.requests_client import OAuth2Session
    except ImportError as exc:
        raise AuthConfigError(
            f"st.login() needs Authlib and requests, which are not installed ({exc}). "
            "Install them with: pip install 'kernel[auth]'") from None

    class App(OAuth2Mixin, OpenIDMixin, BaseApp):  # type: ignore[misc]
        client_cls = OAuth2Session

    return App


class OidcClient:
    """One provider's client (thread-safe: each call makes its own HTTP session)."""

    def __init__(self, provider: ProviderConfig, redirect_uri: str, **metadata: Any) -> None:
        self.provider = provider
        self.redirect_uri = redirect_uri
        extra = {k: v for k, v in provider.client_kwargs.items() if k not in ("scope", "code_challenge_method")}
        self._authorize_params = {str(k): str(v) for k, v in extra.items()}
        self._app = _authlib()(
            framework=None, name=provider.name or "default",
            client_id=provider.client_id, client_secret=provider.client_secret,
            server_metadata_url=provider.server_metadata_url if not metadata else None,
            client_kwargs={"scope": provider.scope, "code_challenge_method": "S256", "default_timeout": TIMEOUT},
            **metadata,
        )

    def _metadata(self) -> Mapping[str, Any]:
        metadata: Mapping[str, Any] = self._app.server_metadata
        loaded = metadata.get("_loaded_at")
        if isinstance(loaded, float) and time.time() - loaded > METADATA_TTL:
            self._app.server_metadata.clear()
        try:
            metadata = self._app.load_server_metadata()
        except Exception as exc:  # noqa: BLE001 - any failure to read the document is the same to the user
            raise AuthFlowError(
                f"could not read the discovery document of {self.provider.label} at "
                f"{self.provider.server_metadata_url}: {_brief(exc)}. Check server_metadata_url and that the "
                "provider is reachable from the server.", status=502) from None
        for key in ("authorization_endpoint", "token_endpoint", "issuer"):
            if not metadata.get(key):
                raise AuthFlowError(f"the discovery document of {self.provider.label} has no {key}: is "
                                    "server_metadata_url an OpenID Connect provider's?", status=502)
        return metadata

    def end_session_endpoint(self) -> str | None:
        """The provider's ``end_session_endpoint`` (RP-initiated logout), if its discovery
        document has an http(s) one."""
        endpoint = self._metadata().get("end_session_endpoint")
        if not isinstance(endpoint, str) or not endpoint.lower().startswith(("https://", "http://")):
            return None
        return endpoint

    def authorization(self) -> Authorization:
        """A new authorization request: its URL, with fresh ``state``, ``nonce`` and PKCE challenge."""
        self._metadata()
        result = self._app.create_authorization_url(redirect_uri=self.redirect_uri, **self._authorize_params)
        return Authorization(result["url"], result["state"], result["nonce"], result["code_verifier"])

    def finish(self, code: str, *, code_verifier: str, nonce: str) -> dict[str, Any]:
        """Exchange ``code`` for tokens and return the checked ID token's claims and the raw tokens.

        The result is ``{"claims": {...}, "id": <ID token>, "access": <access token>}``.
        """
        self._metadata()
        try:
            token = self._app.fetch_access_token(redirect_uri=self.redirect_uri, code=code,
                                                 code_verifier=code_verifier)
        except Exception as exc:  # noqa: BLE001 - the provider refused, or could not be reached
            raise AuthFlowError(f"{self.provider.label}: the provider did not exchange the login code for "
                                f"tokens: {_brief(exc)}. Start the login again.", status=502) from None
        return {"claims": self.check_id_token(token, nonce), "id": token.get("id_token"),
                "access": token.get("access_token")}

    def check_id_token(self, token: Mapping[str, Any], nonce: str) -> dict[str, Any]:
        """The claims of ``token["id_token"]`` after Authlib's checks (signature, issuer, audience, expiry, nonce)."""
        if not token.get("id_token"):
            raise AuthFlowError(f"{self.provider.label}: the provider sent no ID token (is 'openid' among the "
                                "scopes, and is this an OpenID Connect provider?)", status=502)
        try:
            claims = self._app.parse_id_token(dict(token), nonce=nonce, leeway=ID_TOKEN_LEEWAY)
        except Exception as exc:  # noqa: BLE001 - every failed check means: do not log this user in
            raise AuthFlowError(f"{self.provider.label}: the ID token was refused: {_brief(exc)}.",
                                status=502) from None
        return dict(claims)


def _brief(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    name = type(exc).__name__
    return f"{name}: {text[:300]}" if text else name


_clients: dict[tuple[str, ...], OidcClient] = {}
_lock = threading.Lock()


def client_for(provider: ProviderConfig, redirect_uri: str) -> OidcClient:
    """The client of ``provider`` (kept, so its discovery document and keys are fetched once an hour)."""
    key = (redirect_uri, provider.name, provider.client_id, provider.client_secret, provider.server_metadata_url,
           repr(sorted(provider.client_kwargs.items())))
    with _lock:
        client = _clients.get(key)
        if client is None:
            client = _clients[key] = OidcClient(provider, redirect_uri)
        return client
