"""The session registry: its flush tasks and wake-ups, and what it does once the server's nursery has closed."""

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


class _Queue:
    """What a flush task takes from a session: the messages queued so far."""

    def __init__(self) -> None:
        self.msgs: list[Any] = []

    def flush(self) -> list[Any]:
        msgs, self.msgs = self.msgs, []
        return msgs


class _Session:
    id = "s"

    def __init__(self) -> None:
        self.queue = _Queue()


class _Socket:
    def __init__(self) -> None:
        self.frames: list[str | bytes] = []

    async def send_message(self, frame: str | bytes) -> None:
        self.frames.append(frame)


async def _armed_entry(make_app: MakeApp, nursery: trio.Nursery) -> tuple[SessionEntry, _Socket, list[bool]]:
    """An attached entry whose registry counts the wake-ups scheduled from other threads."""
    from kernel.contracts.messages import ScriptStarted

    registry = SessionRegistry(make_app(), nursery, 1.0)
    woken: list[bool] = []
    schedule = registry.run_sync_soon

    def counted(fn: Any, urgent: bool) -> None:
        woken.append(urgent)
        schedule(fn, urgent)

    registry.run_sync_soon = counted  # type: ignore[method-assign]
    session: Any = _Session()
    session.queue.msgs.append(ScriptStarted(1))
    entry = SessionEntry(session, "token", registry)
    socket = _Socket()
    entry.ws = socket  # type: ignore[assignment]
    return entry, socket, woken


async def test_a_run_armed_by_its_request_wakes_the_loop_only_for_its_end(make_app: MakeApp) -> None:
    from kernel.contracts.messages import ScriptFinished

    async with trio.open_nursery() as nursery:
        entry, socket, woken = await _armed_entry(make_app, nursery)
        entry.arm()  # the rerun request arrived: the flush task waits for the run
        assert entry.flushing
        await trio.to_thread.run_sync(entry, False)  # the run's first message, from the script thread
        assert woken == [], "a flush task runs: the first message wakes nobody"
        entry.session.queue.msgs.append(ScriptFinished(1, "ok"))
        await trio.to_thread.run_sync(entry, True)  # the run's end is urgent
        assert woken == [True]
        with trio.fail_after(5):
            while entry.flushing:
                await trio.sleep(0.001)
    assert len(socket.frames) == 1 and "ScriptStarted" in socket.frames[0] and "ScriptFinished" in socket.frames[0]


async def test_a_message_after_the_flush_task_ended_wakes_the_loop(make_app: MakeApp) -> None:
    from kernel.contracts.messages import ScriptStarted

    async with trio.open_nursery() as nursery:
        entry, socket, woken = await _armed_entry(make_app, nursery)
        entry.arm()
        with trio.fail_after(5):  # nothing urgent comes: the task sends after BATCH_WINDOW and ends
            while entry.flushing:
                await trio.sleep(0.001)
        assert len(socket.frames) == 1
        entry.session.queue.msgs.append(ScriptStarted(2))
        await trio.to_thread.run_sync(entry, False)
        assert woken == [False], "no flush task runs: the message wakes the loop"
        with trio.fail_after(5):
            while len(socket.frames) < 2:
                await trio.sleep(0.001)
        assert "ScriptStarted" in socket.frames[1]


async def test_a_closed_or_detached_entry_is_not_armed(make_app: MakeApp) -> None:
    async with trio.open_nursery() as nursery:
        entry, _, _ = await _armed_entry(make_app, nursery)
        entry.ws = None
        entry.arm()
        assert not entry.flushing, "no connection: nothing to send to"
        entry.ws = _Socket()  # type: ignore[assignment]
        entry.closed = True
        entry.arm()
        assert not entry.flushing
