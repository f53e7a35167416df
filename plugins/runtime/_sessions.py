"""The session registry: sessions by token, their connections, flush tasks and expiry."""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

import trio

from kernel import KernelApp

if TYPE_CHECKING:
    from kernel.contracts import AppSession
    from kernel.contracts.messages import NewSession
    from kernel.contracts.runtime import MessageConnection
    from kernel.contracts.scaleout import SessionSnapshot, SessionStore


MOVED_CLOSE_CODE = 4002
"""WebSocket close code of a connection whose session another connection (on another
worker) took over: the page stops reconnecting and says so (a reload takes it back)."""

DRAIN_CLOSE_CODE = 1012
"""WebSocket close code of a drained worker's connections (RFC 6455 "service restart"):
the page reconnects after the delay its reason gives (``retry=<ms>``) and resumes its
session on another worker."""

DRAIN_SPREAD_MIN = 0.3
DRAIN_SPREAD_MAX = 5.0
DRAIN_SESSIONS_PER_SECOND = 200
"""A drain spreads its pages' reconnects over ``sessions / DRAIN_SESSIONS_PER_SECOND``
seconds, at least DRAIN_SPREAD_MIN and at most DRAIN_SPREAD_MAX. (At 100 per second with
a 0.5 s floor, the hinted wait alone took about 0.9 s of the 2 s reconnect budget (p95)
of a rolling restart of 4 workers under 200 pages, whose last workers hold 100-120 pages;
at 250 per second with a 0.2 s floor the resumes came too close together on a loaded
2-core machine and took longer instead. tests/contrib/scaleout_redis/rolling.py prints
both parts.)"""

DRAIN_CLOSE_WAIT = 0.5
"""Seconds a drained connection's page gets to answer the close."""

BATCH_WINDOW = 0.010
"""Seconds the flush task waits for the end of a run before sending what is queued."""


log = logging.getLogger("kernel.runtime")


class SessionEntry:
    """One session as the runtime sees it: its connection, flush task and counters.

    An idle session holds no task: the registry starts a flush task when something is
    queued (or a rerun request arrives, :meth:`arm`), and that task ends once it has sent
    everything.
    """

    __slots__ = ("bytes_sent", "closed", "expiry_scope", "flushing", "frames_sent",
                 "more", "more_urgent", "registry", "session", "token", "urgent", "ws")

    def __init__(self, session: AppSession, token: str, registry: SessionRegistry | None = None) -> None:
        self.session = session
        self.token = token
        self.registry = registry
        self.ws: MessageConnection | None = None
        """The live connection, or ``None`` while the client is away."""
        self.flushing = False
        """Whether a flush task runs (it sends what is queued, then ends)."""
        self.more = False
        """Something was queued that the flush task has not sent yet."""
        self.more_urgent = False
        """... and it is urgent."""
        self.urgent: trio.Event | None = None
        """Set by an urgent message while the flush task waits for the end of a short run."""
        self.expiry_scope: trio.CancelScope | None = None
        self.frames_sent = 0
        self.bytes_sent = 0
        self.closed = False

    def wake_up(self, urgent: bool) -> None:
        """Something was queued (trio main thread only); ``urgent``: send without waiting."""
        if self.closed:
            return
        self.more = True
        if urgent:
            self.more_urgent = True
            if self.urgent is not None:
                self.urgent.set()
        if not self.flushing and self.registry is not None:
            self.flushing = True
            self.registry.start_flush(self)

    def __call__(self, urgent: bool) -> None:
        """The queue's listener (the entry itself: no bound method kept per session):
        :meth:`wake_up` in the trio thread, from any thread.

        From another thread, a message that is not urgent wakes the event loop only when
        no flush task runs: one that runs sends it within BATCH_WINDOW, as it looks at
        :attr:`more` before it ends (and again after it cleared :attr:`flushing`). The
        runtime starts that task when a rerun request arrives (:meth:`arm`), so a run's
        first message costs the script thread no wake-up of the event loop.
        """
        registry = self.registry
        if registry is None:
            return
        if threading.get_ident() == registry.trio_thread:
            self.wake_up(urgent)
            return
        if not urgent:
            self.more = True  # before looking at `flushing`: the flush task clears them in the other order
            if self.flushing:
                return
        try:
            registry.run_sync_soon(self.wake_up, urgent)
        except trio.RunFinishedError:
            pass

    def arm(self) -> None:
        """A rerun request arrived (trio main thread): start the flush task now, while the
        event loop is awake anyway, so the run's first message need not wake it."""
        if not self.flushing and not self.closed and self.ws is not None:
            self.wake_up(False)


class SessionRegistry:
    """Creates, resumes, expires and closes sessions; runs one flush task per session.

    Lives in the trio main thread. The script thread reaches it only through the
    queue listener, which schedules :meth:`SessionEntry.wake_up` with the trio token.
    """

    def __init__(self, app: KernelApp, nursery: trio.Nursery, ttl: float,
                 store: SessionStore | None = None) -> None:
        self._app = app
        self.store = store
        """Where sessions outlive this process (scale-out), or ``None``."""
        self._nursery = nursery
        self._ttl = ttl
        self.run_sync_soon = trio.lowlevel.current_trio_token().run_sync_soon
        """Schedules a call in the trio thread (from any thread)."""
        self.trio_thread = threading.get_ident()
        self._by_token: dict[str, SessionEntry] = {}
        self._by_id: dict[str, SessionEntry] = {}
        self.closed_frames = 0
        """Frames sent by sessions already disposed of."""
        self.closed_bytes = 0
        """Bytes sent by sessions already disposed of."""

    def __iter__(self) -> Iterator[SessionEntry]:
        return iter(list(self._by_id.values()))

    def __len__(self) -> int:
        return len(self._by_id)

    def sessions(self) -> dict[str, AppSession]:
        """The live sessions by id."""
        return {sid: e.session for sid, e in self._by_id.items()}

    def open(self, snapshot: SessionSnapshot | None = None) -> SessionEntry:
        """Make a new session through the factory hook; its queue wakes the registry.

        With a ``snapshot`` (claimed from the session store) the session gets its id and
        state before ``kernel_session_opened``, and ``kernel_session_restored`` follows.
        """
        import uuid  # here, not at the top: ~0.4 ms of start-up before the server is healthy

        session_id = snapshot.session_id if snapshot is not None else uuid.uuid4().hex
        session: AppSession = self._app.make("app_session", session_id=session_id)
        if snapshot is not None:
            from kernel.contracts.scaleout import apply_snapshot

            apply_snapshot(session, snapshot)
        if self.store is not None:
            token = self.store.tokens.issue(session_id)
        else:
            import secrets

            token = secrets.token_urlsafe(18)
        entry = SessionEntry(session, token, self)
        self._by_token[entry.token] = entry
        self._by_id[session.id] = entry
        session.queue.set_listener(entry)
        try:
            self._app.hook.kernel_session_opened(session=session)
        except BaseException:
            # The caller gives up on the session: it has no connection and no grace
            # period, so nothing else would ever close it.
            self.dispose(entry, "error")
            raise
        if snapshot is not None:
            try:
                self._app.hook.kernel_session_restored(session=session, dropped_keys=list(snapshot.dropped))
            except Exception:
                log.exception("session %s: a kernel_session_restored hook failed", session_id)
        return entry

    def close_moved(self, session_id: str, reason: str) -> None:
        """The session moved to another worker (scale-out): close this worker's copy and
        its connection. Callable from any thread; returns at once."""
        if threading.get_ident() == self.trio_thread:
            self._close_moved(session_id, reason)
            return
        try:
            self.run_sync_soon(self._close_moved, session_id, reason)
        except trio.RunFinishedError:
            pass

    def _close_moved(self, session_id: str, reason: str) -> None:
        entry = self._by_id.get(session_id)
        if entry is None or not self._forget(entry):
            return
        log.info("session %s moved to another worker (%s); this worker closes its copy", session_id, reason)
        ws, entry.ws = entry.ws, None
        try:
            if ws is not None:
                self._nursery.start_soon(close_quietly, ws, MOVED_CLOSE_CODE, "the session moved elsewhere")
            self._nursery.start_soon(self._close_off_thread, entry, reason)
        except RuntimeError:  # shutting down: every session is closed anyway
            self._close_session(entry, reason)

    async def close_superseded(self, entry: SessionEntry) -> None:
        """Close this worker's stale copy of a session another worker claimed since (scale-out),
        and wait until it is closed: its release must not undo the claim that follows."""
        if not self._forget(entry):
            return
        log.info("session %s was taken over by another worker; this worker's copy is stale and closes",
                 entry.session.id)
        ws, entry.ws = entry.ws, None
        if ws is not None:
            self._nursery.start_soon(close_quietly, ws, 4000, "session taken over by a newer connection")
        await self._close_off_thread(entry, "superseded")

    def start_flush(self, entry: SessionEntry) -> None:
        """Start the flush task of ``entry`` (trio main thread; called by :meth:`SessionEntry.wake_up`).

        Once the server's nursery closed (it is shutting down) nothing is sent any more:
        a wake-up scheduled from a script thread just before then is dropped, instead of
        failing inside trio's ``run_sync_soon`` (which trio reports as an internal error).
        """
        try:
            self._nursery.start_soon(self._flush, entry)
        except RuntimeError:  # "Nursery is closed to new arrivals"
            entry.flushing = False

    def resume(self, token: str | None) -> SessionEntry | None:
        """The live session with ``token``, if any."""
        if not token:
            return None
        entry = self._by_token.get(token)
        return None if entry is None or entry.closed else entry

    def greeting(self, entry: SessionEntry, *, resumed: bool) -> NewSession:
        """The :class:`NewSession` a new connection of ``entry`` is greeted with, sent
        before :meth:`attach`; until then the session does not expire (see :meth:`release`).

        The runtime sends it itself rather than through the queue: so it is the first
        frame of the connection, and connecting starts no flush task (in a burst of
        connections, the flush tasks' short-lived objects would interleave with every
        new session's long-lived ones and leave the heap fragmented).
        """
        if entry.expiry_scope is not None:
            entry.expiry_scope.cancel()
            entry.expiry_scope = None
        script = self._app.script_path.name if self._app.script_path else ""
        from kernel.contracts.messages import NewSession

        return NewSession(entry.session.id, entry.token, resumed=resumed, script_name=script,
                          keep_token=self.store is not None)

    def release(self, entry: SessionEntry) -> None:
        """A connection was greeted but never attached: if the session has no other, its
        grace period starts (again)."""
        if entry.ws is None and not entry.closed and entry.expiry_scope is None:
            try:
                self._nursery.start_soon(self._expire, entry)
            except RuntimeError:  # the server is shutting down: every session is closed anyway
                pass

    def attach(self, entry: SessionEntry, ws: MessageConnection) -> bool:
        """Make ``ws`` (greeted already) the session's connection; ``False`` if the
        session was closed meanwhile."""
        if entry.closed:
            return False
        old, entry.ws = entry.ws, ws
        if old is not None and old is not ws:
            self._nursery.start_soon(close_quietly, old, 4000, "session taken over by a newer connection")
        if entry.expiry_scope is not None:
            entry.expiry_scope.cancel()
            entry.expiry_scope = None
        queue = entry.session.queue
        queue.flush()  # whatever was meant for a dead connection is not sent now
        queue.reset_shown()
        return True

    def detach(self, entry: SessionEntry, ws: MessageConnection) -> None:
        """``ws`` went away; keep the session for the grace period, then dispose of it."""
        if entry.ws is not ws or entry.closed:
            return
        entry.ws = None
        self._nursery.start_soon(self._expire, entry)

    async def _expire(self, entry: SessionEntry) -> None:
        with trio.CancelScope() as scope:
            entry.expiry_scope = scope
            await trio.sleep(self._ttl)
        # Out of the scope: _forget cancels the entry's expiry scope, and a cancelled scope
        # would keep the worker thread below from ever starting (the session forgotten, never closed).
        if entry.expiry_scope is scope:
            entry.expiry_scope = None
        if scope.cancelled_caught or entry.ws is not None or not self._forget(entry):
            return
        await self._close_off_thread(entry, "disconnected")

    async def _close_off_thread(self, entry: SessionEntry, reason: str) -> None:
        """Close a forgotten session in a worker thread: closing joins the script thread
        (up to a few seconds for a busy script), and no other session waits for that."""
        try:
            await trio.to_thread.run_sync(self._close_session, entry, reason)
        except trio.Cancelled:
            # The server is shutting down before the thread started; the session is no
            # longer registered, so shutdown would not close it: close it here.
            self._close_session(entry, reason)
            raise

    def dispose(self, entry: SessionEntry, reason: str) -> None:
        """Close the session, stop its flush task and forget it."""
        if self._forget(entry):
            self._close_session(entry, reason)

    def _forget(self, entry: SessionEntry) -> bool:
        """Stop the entry's tasks and drop it from the registry; ``False`` if already done."""
        if entry.closed:
            return False
        entry.closed = True
        self.closed_frames += entry.frames_sent
        self.closed_bytes += entry.bytes_sent
        self._by_token.pop(entry.token, None)
        self._by_id.pop(entry.session.id, None)
        if entry.expiry_scope is not None:
            entry.expiry_scope.cancel()
        entry.session.queue.set_listener(None)
        return True

    @staticmethod
    def _close_session(entry: SessionEntry, reason: str) -> None:
        try:
            entry.session.close(reason)
        except Exception:  # a failing plugin hook must not take the server down
            log.exception("closing session %s failed", entry.session.id)

    def dispose_all(self, reason: str) -> None:
        """Close every session (shutdown).

        Every script is asked to stop first, so the joins that follow overlap: shutdown
        waits for the slowest script, not for the sum of them.
        """
        entries = list(self)
        for entry in entries:
            try:
                entry.session.request_stop()
            except Exception:
                log.exception("stopping session %s failed", entry.session.id)
        for entry in entries:
            self.dispose(entry, reason)

    async def drain(self, spread: float) -> None:
        """Drain every session (see ``HttpRuntime.drain``): all runs are asked to stop at
        once, then each session is closed (its run ends, it is released) and its page
        told to come back after a random delay of up to ``spread`` seconds."""
        from kernel.contracts.scaleout import DRAINING

        entries = list(self)
        for entry in entries:
            entry.session.stash[DRAINING] = True
            try:
                entry.session.request_stop()
            except Exception:
                log.exception("stopping session %s failed", entry.session.id)
        async with trio.open_nursery() as nursery:
            for entry in entries:
                nursery.start_soon(self.drain_one, entry, random.uniform(0, spread))

    async def drain_one(self, entry: SessionEntry, delay: float) -> None:
        """Close one session for a drain: its run stops and checkpoints (an interrupted one
        is stored as pending), it is released, what it queued last is sent, and its
        connection closes with :data:`DRAIN_CLOSE_CODE` and ``retry=<delay in ms>``."""
        from kernel.contracts.scaleout import DRAINING

        entry.session.stash[DRAINING] = True
        if not self._forget(entry):  # from now on the page's messages are not accepted
            return
        await trio.to_thread.run_sync(self._close_session, entry, "drained")
        ws, entry.ws = entry.ws, None
        if ws is None:
            return
        while entry.flushing:  # a flush task in the middle of a send
            await trio.sleep(BATCH_WINDOW)
        from trio_websocket import ConnectionClosed

        from kernel.contracts.messages import encode_forward_frame

        msgs = entry.session.queue.flush()
        # A page that does not answer the close in time has its connection cut.
        with trio.move_on_after(DRAIN_CLOSE_WAIT):
            try:
                if msgs:
                    await ws.send_message(encode_forward_frame(msgs))
                await ws.aclose(DRAIN_CLOSE_CODE, f"retry={round(delay * 1000)}")
            except (ConnectionClosed, trio.BrokenResourceError, trio.ClosedResourceError):
                pass

    async def _flush(self, entry: SessionEntry) -> None:
        """Send what is queued, and what gets queued meanwhile; end when nothing is left.

        A disposed session's task ends at its next step (at most BATCH_WINDOW later);
        it needs no cancel scope of its own.
        """
        try:
            while not entry.closed:
                if not entry.more_urgent:
                    # Unless something urgent is queued, wait for it (the end of the
                    # run): a short run goes out whole in one frame, a long one every
                    # BATCH_WINDOW seconds.
                    entry.urgent = trio.Event()
                    with trio.move_on_after(BATCH_WINDOW):
                        await entry.urgent.wait()
                    entry.urgent = None
                    if entry.closed:
                        return
                entry.more = entry.more_urgent = False
                # A helper, so an idle session keeps nothing of its last batch alive.
                try:
                    await _send_batch(entry)
                except Exception:
                    # One session's broken message must not take the server down.
                    log.exception("session %s: sending failed; the session is closed", entry.session.id)
                    if self._forget(entry):
                        await self._close_off_thread(entry, "error")
                    return
                if not entry.more:
                    # Cleared before the last look: a script thread that set `more` after
                    # it either sees no flush task and wakes the loop, or is seen here.
                    entry.flushing = False
                    if not entry.more:
                        return
                    entry.flushing = True
        finally:
            entry.flushing = False
            entry.urgent = None
            entry.more = entry.more_urgent = False


async def _send_batch(entry: SessionEntry) -> None:
    from trio_websocket import ConnectionClosed

    from kernel.contracts.messages import encode_forward_frame

    msgs = entry.session.queue.flush()
    ws = entry.ws
    if not msgs or ws is None:
        return
    frame = encode_forward_frame(msgs)
    try:
        await ws.send_message(frame)
    except (ConnectionClosed, trio.BrokenResourceError, trio.ClosedResourceError):
        return
    entry.frames_sent += 1
    entry.bytes_sent += len(frame)


async def close_quietly(ws: MessageConnection, code: int, reason: str) -> None:
    """Close ``ws``, ignoring a client that has already gone."""
    from trio_websocket import ConnectionClosed

    try:
        await ws.aclose(code, reason)
    except (ConnectionClosed, trio.BrokenResourceError, trio.ClosedResourceError):
        pass
