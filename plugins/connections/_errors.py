"""The errors ``st.connection`` raises: each says what went wrong and how to fix it."""

from __future__ import annotations

from kernel import KernelAPIException

__all__ = ["ConnectionConfigError", "ConnectionDriverError", "ConnectionTypeError", "StConnectionError"]


class StConnectionError(KernelAPIException):
    """``st.connection`` could not make a connection. The message never holds a password."""


class ConnectionTypeError(StConnectionError):
    """The connection type is unknown, cannot be imported, or is not a ``BaseConnection``."""


class ConnectionConfigError(StConnectionError):
    """The connection's settings (secrets ``[connections.<name>]`` and keyword arguments) are wrong."""


class ConnectionDriverError(StConnectionError):
    """The database driver a URL names is not installed; the message says which package to install."""
