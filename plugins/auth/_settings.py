"""Reading ``[auth]`` through ``st.secrets`` (whichever plugin provides the secrets)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kernel_plugins.auth._config import AuthConfig, parse_auth

if TYPE_CHECKING:
    from kernel import KernelApp
    from kernel.contracts import Secrets

__all__ = ["auth_section", "load_auth", "secrets_for"]


def secrets_for(app: KernelApp | None) -> Secrets:
    """``st.secrets`` of ``app`` (``None``: of the running script)."""
    from kernel import st, using_app

    if app is None:
        secrets: Secrets = st.secrets
        return secrets
    with using_app(app):
        secrets = st.secrets
        return secrets


def auth_section(secrets: Secrets) -> Mapping[str, Any] | None:
    """``[auth]`` as plain nested dicts, or ``None`` when the secrets have none."""
    if "auth" not in secrets:
        return None
    section = secrets["auth"]
    if hasattr(section, "to_dict"):
        plain: Mapping[str, Any] = section.to_dict()
        return plain
    return section if isinstance(section, Mapping) else {"": section}


def load_auth(app: KernelApp | None, *, caller: str) -> AuthConfig:
    """The checked ``[auth]`` config; :class:`AuthConfigError` saying what is missing."""
    return parse_auth(auth_section(secrets_for(app)), caller=caller)
