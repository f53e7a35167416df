"""The ``[server]`` config section."""

from __future__ import annotations

from typing import Any

import attrs

DEFAULT_PORT = 8501
"""The port ``kernel run`` serves on unless ``--server.port`` says otherwise."""


def _check_origins(_: Any, __: Any, value: list[str]) -> None:
    from kernel_plugins.runtime._origins import check_origin_entry

    for entry in value:
        check_origin_entry(entry)


def _check_hosts(_: Any, __: Any, value: list[str]) -> None:
    from kernel_plugins.runtime._origins import RequestGuard

    RequestGuard("", allowed_hosts=value)


def _check_frame_ancestors(_: Any, __: Any, value: list[str]) -> None:
    from kernel_plugins.runtime._headers import frame_ancestors_source

    for entry in value:
        frame_ancestors_source(entry)


COMMON_OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("port", str(DEFAULT_PORT), "TCP port to serve on (0 picks a free one)"),
    ("address", "0.0.0.0", "interface to listen on (default 127.0.0.1: this machine only)"),
    ("run_on_save", "true", "rerun the app when its script or a module next to it is saved"),
    ("headless", "false", "open the app in a browser once it is served (default: do not)"),
)
"""The ``[server]`` options ``kernel run --help`` lists."""


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
    file_watcher_type: str = attrs.field(default="auto",
                                         validator=attrs.validators.in_(["auto", "none", "supervisor"]))
    """``"auto"`` watches the script's folder with watchfiles; ``"none"`` turns watching off;
    ``"supervisor"`` (set by ``kernel run --workers N`` for its workers) reads the changes
    its supervisor saw from standard input instead of watching (docs/scaleout.md)."""
    reuse_port: bool = False
    """Bind with ``SO_REUSEPORT`` (Linux, BSD): several processes serve one port and the
    operating system spreads the connections among them. ``kernel run --workers N`` sets it
    for its workers; it only makes sense with scale-out on (docs/scaleout.md)."""
    warm_up: bool = False
    """Before listening, fire ``kernel_warm_up``: the plugins import and build what a first
    session needs, so the first pages that reach this process (after a rolling restart, a
    whole worker's pages at once) do not wait for it. Costs start-up time before the port
    opens; ``kernel run --workers N`` turns it on for its workers (docs/scaleout.md)."""
    disconnected_session_ttl: float = 120.0
    """Seconds a session whose connection dropped is kept so the client can resume it."""
    max_message_size_bytes: int = attrs.field(default=16 * 1024 * 1024,
                                              metadata={"deprecated_names": ("max_message_size",)})
    """Largest WebSocket message accepted from a client, in bytes (formerly ``max_message_size``)."""
    headless: bool = True
    """Serve without opening a browser; ``false`` opens the app in the default browser
    once it is served (Streamlit's ``server.headless``)."""
    allowed_origins: list[str] = attrs.field(factory=list, validator=_check_origins)
    """Origins (``https://host[:port]``) of other sites' pages that may open the app's
    WebSocket or send it uploads, besides the app's own; ``["*"]`` allows any site."""
    allowed_hosts: list[str] = attrs.field(factory=list, validator=_check_hosts)
    """Host names the server answers to besides its bound address, IP addresses and
    ``localhost`` (``.example.com`` for a domain and its subdomains, ``"*"`` for any). A
    server bound to ``0.0.0.0`` answers any host until this lists names."""
    enable_websocket_compression: bool = True
    """Compress the stream's messages (permessage-deflate, each message on its own) for
    clients that offer it, as browsers do: a rerun that changes 1000 elements sends about
    a tenth of the bytes, for well under a millisecond of CPU. Streamlit's option of this
    name is off by default; see docs/security.md ("Compression") before turning it off or
    on."""
    frame_ancestors: list[str] = attrs.field(factory=lambda: ["'self'"], validator=_check_frame_ancestors)
    """Who may show the app in a frame (the CSP ``frame-ancestors`` sources): ``'self'``
    (the default), ``'none'``, or origins such as ``https://intranet.example.com``."""
