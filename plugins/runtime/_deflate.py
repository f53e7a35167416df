"""permessage-deflate (RFC 7692) on the app's stream, for clients that offer it (browsers do).

trio-websocket takes no extensions: its server connection accepts the handshake with wsproto's
``AcceptConnection`` and no more. :func:`accept` does that step itself with a
:class:`StreamDeflate` when the client offered ``permessage-deflate`` (and falls back to the
plain accept when trio-websocket's internals are not the ones this was written against).

Each message is compressed on its own (``server_no_context_takeover`` and
``client_no_context_takeover``): no zlib state outlives a message, so an idle connection holds
none (a kept compressor is about 256 KiB), and what one message holds (the resume token in the
greeting, a secret a page shows) never shares a compression context with text another message
carries. zlib level 1: a rerun frame of 1000 changed elements (156 KB of JSON) becomes 11 KB in
0.2 ms; level 6 saves another 15 % for ten times the CPU.
"""

from __future__ import annotations

import logging
import zlib
from typing import TYPE_CHECKING, Any

from wsproto.extensions import PerMessageDeflate
from wsproto.frame_protocol import Opcode

if TYPE_CHECKING:
    import trio_websocket

LEVEL = 1
"""zlib compression level of outgoing messages."""

log = logging.getLogger("kernel.runtime")


class StreamDeflate(PerMessageDeflate):
    """wsproto's permessage-deflate, with no context kept in either direction and level :data:`LEVEL`."""

    def __init__(self) -> None:
        super().__init__(client_no_context_takeover=True, server_no_context_takeover=True)

    def accept(self, offer: str) -> bool | None | str:
        # A malformed offer (client_max_window_bits=x) is declined, not an error of the handshake.
        try:
            return super().accept(offer)
        except ValueError:
            return None

    def frame_outbound(self, proto: Any, opcode: Opcode, rsv: Any, data: bytes, fin: bool) -> tuple[Any, bytes]:
        if self._compressor is None and opcode in (Opcode.TEXT, Opcode.BINARY):
            bits = self.client_max_window_bits if proto.client else self.server_max_window_bits
            self._compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -bits)
        return super().frame_outbound(proto, opcode, rsv, data, fin)


def offers_deflate(request: trio_websocket.WebSocketRequest) -> bool:
    """Whether the client's handshake offers permessage-deflate."""
    event = getattr(request, "_event", None)
    offers = getattr(event, "extensions", None) or ()
    return any(isinstance(o, str) and o.split(";", 1)[0].strip().lower() == PerMessageDeflate.name for o in offers)


async def accept(request: trio_websocket.WebSocketRequest, *,
                 compress: bool) -> tuple[trio_websocket.WebSocketConnection, bool]:
    """Accept the WebSocket handshake, with permessage-deflate when ``compress`` and the
    client offered it; return the connection and whether its messages are compressed."""
    connection = getattr(request, "_connection", None)
    event = getattr(request, "_event", None)
    if not (compress and offers_deflate(request) and connection is not None and event is not None
            and hasattr(connection, "_send") and hasattr(connection, "_open_handshake")):
        return await request.accept(), False
    from wsproto.events import AcceptConnection

    # What WebSocketConnection._accept does (trio-websocket 0.11-0.12), with the extension.
    deflate = StreamDeflate()
    connection._subprotocol = None
    connection._path = event.target
    await connection._send(AcceptConnection(extensions=[deflate]))
    connection._open_handshake.set()
    return connection, deflate.enabled()
