"""The ``[server]`` config section."""

from __future__ import annotations

import attrs

DEFAULT_PORT = 8501


@attrs.define
class ServerConfig:
    """Where and how the app is served."""

    address: str = "127.0.0.1"
    """Interface to listen on; ``0.0.0.0`` to serve other machines."""
    port: int = DEFAULT_PORT
    """TCP port; 0 picks a free one."""
