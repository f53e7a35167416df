"""What an open server WebSocket no longer needs from its opening handshake.

trio-websocket's connection keeps, for its whole life, wsproto's handshake object (with
the h11 connection that parsed the upgrade request and an empty event deque: about 2 KB),
two ``trio.Event`` objects a server connection never waits on, and the stream that replayed
the upgrade request. An app's idle
connections are most of its memory per session, so :func:`shed_handshake` lets them go
once the connection is open. It touches nothing when trio-websocket's or wsproto's
internals are not the ones it was written against (trio-websocket 0.11-0.12, wsproto
1.2-1.3): the connection then just keeps them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import trio

from kernel_plugins.runtime._stream import ReplayStream


class _Opened:
    """Stands in for wsproto's handshake once the connection is open.

    wsproto's ``WSConnection`` asks its handshake for nothing but pending events once its
    ``connection`` is set (every read, write and state goes to that), and an open
    handshake makes no more events.
    """

    __slots__ = ()

    def events(self) -> Iterator[Any]:
        """No events: the handshake is over."""
        return iter(())


_OPENED = _Opened()

_SET = trio.Event()
_SET.set()
"""One event that is set, shared by every open server connection: trio-websocket sets its
``_open_handshake`` on accepting and waits on it only in clients; it sets
``_for_testing_peer_closed_connection`` when the peer closes, for its own tests, and
nothing waits on it. Setting a set event again changes nothing."""


def shed_handshake(ws: Any, stream: trio.abc.Stream | None = None) -> bool:
    """Drop what the open server connection ``ws`` keeps of its handshake; ``True`` if it did.

    ``stream``: the stream under the :class:`~kernel_plugins.runtime._stream.ReplayStream`
    ``ws`` was given (which replayed the upgrade request that h11 had read); once the replay
    is read, ``ws`` reads and writes ``stream`` itself (one object and one coroutine less on
    every send).
    """
    replay = getattr(ws, "_stream", None)
    if stream is not None and isinstance(replay, ReplayStream) and replay.replayed and replay.inner is stream:
        ws._stream = stream
    proto = getattr(ws, "_wsproto", None)
    handshake = getattr(proto, "handshake", None)
    if (proto is None or getattr(proto, "connection", None) is None or getattr(proto, "client", True)
            or type(handshake).__name__ != "H11Handshake" or getattr(handshake, "_events", True)):
        return False  # not open, not a server, other internals, or events not yet taken
    opened = getattr(ws, "_open_handshake", None)
    testing = getattr(ws, "_for_testing_peer_closed_connection", None)
    if not isinstance(opened, trio.Event) or not opened.is_set() or not isinstance(testing, trio.Event):
        return False
    proto.handshake = _OPENED
    ws._open_handshake = ws._for_testing_peer_closed_connection = _SET
    return True
