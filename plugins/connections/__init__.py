"""Plugin ``connections``: ``st.connection``, ``st.connections`` and third-party connection types.

``st.connection(name, type=None, max_entries=None, ttl=None, **kwargs)`` makes a
connection object once and shares it through ``st.cache_resource``; ``SQLConnection``
(``type="sql"``) runs queries on SQLAlchemy and caches their frames through
``st.cache_data``; settings come from ``st.secrets`` (``[connections.<name>]``). The
plugin reaches caching and secrets only through those ``st`` commands, so replacing
either component keeps connections working. Other packages add connection types in the
``kernel.connections`` entry-point group. See ``docs/connections.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kernel import Command, KernelApp, hookimpl, lazy_exports

__all__ = ["BaseConnection", "SQLConnection", "StConnectionError"]

__getattr__ = lazy_exports(__name__, {
    "BaseConnection": "kernel_plugins.connections._base:BaseConnection",
    "SQLConnection": "kernel_plugins.connections._sql:SQLConnection",
    "StConnectionError": "kernel_plugins.connections._errors:StConnectionError",
})


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return [
        Command("connection", "kernel_plugins.connections._factory:connection", kind="module"),
        Command("connections", "kernel_plugins.connections._namespace:connections", kind="module"),
    ]


@hookimpl
def kernel_register_redactors(app: KernelApp) -> Sequence[Callable[[str], str]]:
    """Mask the passwords of connections (also those given as arguments, unknown to the secrets)."""
    from kernel_plugins.connections._redact import redact

    return [redact]


@hookimpl(optionalhook=True)
def kernel_secrets_changed(app: KernelApp) -> None:
    """A secrets file changed: connections whose section changed make their object again on next use."""
    import sys

    base = sys.modules.get("kernel_plugins.connections._base")
    if base is None:
        return  # no connection was ever made
    for conn in base.live_connections(app):
        try:
            conn._secrets_changed()
        except Exception:  # noqa: BLE001 - one connection must not break the reload for the others
            import logging

            logging.getLogger("kernel.connections").exception("resetting %r after a secrets change failed", conn)
