"""The ``[auth]`` secrets: ``redirect_uri``, ``cookie_secret`` and the OpenID Connect providers.

```toml
[auth]
redirect_uri = "http://localhost:8501/oauth2callback"
cookie_secret = "a long random string"
client_id = "..."                  # the default provider: st.login()
client_secret = "..."
server_metadata_url = "https://accounts.example.com/.well-known/openid-configuration"

[auth.okta]                        # a named provider: st.login("okta")
client_id = "..."
client_secret = "..."
server_metadata_url = "..."
client_kwargs = { scope = "openid profile email", prompt = "login" }
```

Messages name the missing or wrong keys and never show a value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import attrs

from kernel_plugins.auth._errors import AuthConfigError
from kernel_plugins.auth._paths import CALLBACK_PATH

__all__ = ["CALLBACK_PATH", "MIN_COOKIE_SECRET", "AuthConfig", "ProviderConfig", "parse_auth"]

MIN_COOKIE_SECRET = 16
"""Fewest characters accepted in ``cookie_secret``."""
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
TOKEN_KINDS = ("id", "access")
DEFAULT_SCOPE = "openid profile email"
_HOW_TO_SECRET = "e.g. the output of: python -c 'import secrets; print(secrets.token_hex(32))'"


@attrs.frozen
class ProviderConfig:
    """One OpenID Connect provider: ``name`` is ``""`` for the one in ``[auth]`` itself."""

    name: str
    client_id: str
    client_secret: str = attrs.field(repr=False)
    server_metadata_url: str
    client_kwargs: Mapping[str, Any] = attrs.field(factory=dict)

    @property
    def label(self) -> str:
        """How messages name it: ``[auth]`` or ``[auth.NAME]``."""
        return f"[auth.{self.name}]" if self.name else "[auth]"

    @property
    def scope(self) -> str:
        """The scopes asked for (``openid`` always among them)."""
        scope = str(self.client_kwargs.get("scope") or DEFAULT_SCOPE)
        return scope if "openid" in scope.split() else f"openid {scope}"


@attrs.frozen
class AuthConfig:
    """The whole ``[auth]`` section, checked."""

    redirect_uri: str
    cookie_secret: str = attrs.field(repr=False)
    providers: Mapping[str, ProviderConfig]
    expose_tokens: tuple[str, ...] = ()

    @property
    def secure(self) -> bool:
        """Whether the app is reached over https (its cookies then get ``Secure``)."""
        return self.redirect_uri.lower().startswith("https:")

    @property
    def origin(self) -> str:
        """``scheme://host[:port]`` of ``redirect_uri``: where the cookies live."""
        parts = urlsplit(self.redirect_uri)
        return f"{parts.scheme}://{parts.netloc}"

    def provider(self, name: str | None, *, caller: str = "st.login()") -> ProviderConfig:
        """The provider ``name`` (``None``: the one in ``[auth]``), or a clear error."""
        key = name or ""
        found = self.providers.get(key)
        if found is not None:
            return found
        known = ", ".join(repr(n) if n else "None (the one in [auth])" for n in self.providers) or "none"
        if key:
            raise AuthConfigError(
                f"{caller}: there is no provider {key!r}: add a section [auth.{key}] with "
                f"{', '.join(PROVIDER_KEYS)} to the secrets. Configured providers: {known}.")
        raise AuthConfigError(
            f"{caller}: [auth] names no provider of its own, so st.login() needs the name of one: "
            f"st.login({next(iter(self.providers))!r}). Or add {', '.join(PROVIDER_KEYS)} to [auth]. "
            f"Configured providers: {known}.")


def _text(section: Mapping[str, Any], key: str) -> str | None:
    value = section.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        return ""
    return value.strip()


def _provider(name: str, section: Mapping[str, Any], caller: str) -> ProviderConfig:
    label = f"[auth.{name}]" if name else "[auth]"
    missing = [key for key in PROVIDER_KEYS if not _text(section, key)]
    if missing:
        raise AuthConfigError(
            f"{caller}: {label} in the secrets lacks {', '.join(missing)} (each a non-empty string). "
            "Copy them from the OpenID Connect client you registered with the provider; "
            "server_metadata_url is its discovery document, ending in /.well-known/openid-configuration.")
    metadata_url = _text(section, "server_metadata_url") or ""
    if urlsplit(metadata_url).scheme.lower() not in ("http", "https"):
        raise AuthConfigError(f"{caller}: {label} server_metadata_url must be an http(s) URL.")
    kwargs = section.get("client_kwargs") or {}
    if not isinstance(kwargs, Mapping):
        raise AuthConfigError(f"{caller}: {label} client_kwargs must be a table, e.g. "
                              '{ scope = "openid profile email", prompt = "login" }.')
    return ProviderConfig(name, _text(section, "client_id") or "", _text(section, "client_secret") or "",
                          metadata_url, dict(kwargs))


def parse_auth(section: Mapping[str, Any] | None, *, caller: str = "st.login()") -> AuthConfig:
    """Check the ``[auth]`` section (plain nested dicts) and return it; :class:`AuthConfigError` if wrong."""
    if section is None:
        raise AuthConfigError(
            f"{caller}: the secrets have no [auth] section. Add one to .kernel/secrets.toml "
            "(or .streamlit/secrets.toml) with "
            'redirect_uri (e.g. "http://localhost:8501/oauth2callback"), cookie_secret '
            f"({_HOW_TO_SECRET}), and the provider's client_id, client_secret and server_metadata_url. "
            "See docs/auth.md.")
    if not isinstance(section, Mapping):
        raise AuthConfigError(f"{caller}: auth in the secrets must be a table ([auth]), not a single value.")
    missing = [key for key in ("redirect_uri", "cookie_secret") if not _text(section, key)]
    if missing:
        raise AuthConfigError(
            f"{caller}: [auth] in the secrets lacks {', '.join(missing)}. redirect_uri is the app's address "
            f'followed by {CALLBACK_PATH} (e.g. "http://localhost:8501{CALLBACK_PATH}"); cookie_secret is '
            f"a long random string ({_HOW_TO_SECRET}).")
    redirect_uri = _text(section, "redirect_uri") or ""
    parts = urlsplit(redirect_uri)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or parts.path.rstrip("/") != CALLBACK_PATH:
        raise AuthConfigError(
            f"{caller}: [auth] redirect_uri must be the app's address followed by {CALLBACK_PATH}, e.g. "
            f'"http://localhost:8501{CALLBACK_PATH}" (the same URL registered with the provider); '
            f"it is {redirect_uri!r}.")
    cookie_secret = _text(section, "cookie_secret") or ""
    if len(cookie_secret) < MIN_COOKIE_SECRET:
        raise AuthConfigError(
            f"{caller}: [auth] cookie_secret is too short ({len(cookie_secret)} characters; at least "
            f"{MIN_COOKIE_SECRET} are needed). It signs the login cookie: use a long random string, {_HOW_TO_SECRET}.")
    providers: dict[str, ProviderConfig] = {}
    if any(key in section for key in PROVIDER_KEYS):
        providers[""] = _provider("", section, caller)
    for name, value in section.items():
        if not isinstance(value, Mapping) or name == "client_kwargs":
            continue
        if "_" in name or not name:
            raise AuthConfigError(f"{caller}: [auth.{name}]: provider names may not contain '_'; rename it.")
        providers[name] = _provider(name, value, caller)
    if not providers:
        raise AuthConfigError(
            f"{caller}: [auth] configures no provider. Add client_id, client_secret and server_metadata_url "
            "to [auth], or a section [auth.NAME] with them for st.login(\"NAME\").")
    exposed = section.get("expose_tokens", ())
    if isinstance(exposed, str):
        exposed = (exposed,)
    if not isinstance(exposed, list | tuple) or any(kind not in TOKEN_KINDS for kind in exposed):
        raise AuthConfigError(f'{caller}: [auth] expose_tokens must be "id", "access" or a list of them.')
    return AuthConfig(redirect_uri, cookie_secret, providers, tuple(dict.fromkeys(exposed)))
