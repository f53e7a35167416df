"""The session registry once the server's nursery has closed (shutdown)."""

from __future__ import annotations

from typing import Any

import trio

from kernel_plugins.runtime._sessions import SessionEntry, SessionRegistry
from tests.conftest import MakeApp


async def test_a_wake_up_after_the_server_closed_is_dropped(make_app: MakeApp) -> None:
    app = make_app()
    async with trio.open_nursery() as nursery:
        registry = SessionRegistry(app, nursery, 1.0)
    session: Any = object()  # wake_up never touches the session
    entry = SessionEntry(session, "token", registry)
    entry.wake_up(urgent=True)  # a script thread's last message, scheduled as the server stopped
    assert entry.more and not entry.flushing, "nothing is sent any more, and no flush task is pending"
