"""The ``[server]`` config section."""

from __future__ import annotations

import attrs

DEFAULT_PORT = 8501
"""The port ``kernel run`` serves on unless ``--server.port`` says otherwise."""


@attrs.define
class ServerConfig:
    """Where and how the app is served."""

    address: str = "127.0.0.1"
    """Interface to listen on; ``0.0.0.0`` to serve other machines."""
    port: int = DEFAULT_PORT
    """TCP port; 0 picks a free one."""
    run_on_save: bool = False
    """Rerun every session when the script (or a module next to it) is saved. When off,
    the page offers "Rerun" and "Always rerun" instead."""
    file_watcher_type: str = attrs.field(default="auto", validator=attrs.validators.in_(["auto", "none"]))
    """``"auto"`` watches the script's folder with watchfiles; ``"none"`` turns watching off."""
    disconnected_session_ttl: float = 120.0
    """Seconds a session whose connection dropped is kept so the client can resume it."""
    max_message_size: int = 16 * 1024 * 1024
    """Largest WebSocket message accepted from a client, in bytes."""
