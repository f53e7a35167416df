"""The in-memory session store and bus: shared by the servers of one process.

Every store made with the same key prefix in one process sees the same sessions, so two
servers in one test (or one worker alone) behave as workers sharing a networked store:
ownership, fencing, write-ahead and checkpoints work the same way.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping

import attrs

from kernel.contracts.scaleout import ResumeTokens, SessionSnapshot, StateCodec, snapshot_from_entries

__all__ = ["MemoryBus", "MemorySessionStore", "MemorySpace", "space"]


@attrs.define
class _Record:
    owner: str
    generation: int
    expires: float
    entries: dict[str, bytes] = attrs.field(factory=dict)


class MemorySpace:
    """The sessions and bus subscribers of one key prefix in this process."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sessions: dict[str, _Record] = {}
        self.subscribers: dict[str, list[Callable[[bytes], None]]] = {}
        self.blobs: dict[str, tuple[float, bytes]] = {}

    def live(self, session_id: str, now: float) -> _Record | None:
        """The record of ``session_id`` unless it expired (then it is deleted). Hold :attr:`lock`."""
        record = self.sessions.get(session_id)
        if record is not None and record.expires <= now:
            del self.sessions[session_id]
            return None
        return record


_spaces: dict[str, MemorySpace] = {}
_spaces_lock = threading.Lock()


def space(prefix: str) -> MemorySpace:
    """The space of ``prefix`` in this process, made on first use."""
    with _spaces_lock:
        return _spaces.setdefault(prefix, MemorySpace())


class MemorySessionStore:
    """A :class:`kernel.contracts.scaleout.SessionStore` in this process's memory."""

    def __init__(self, shared: MemorySpace, tokens: ResumeTokens, codec: StateCodec, worker: str,
                 session_ttl: float) -> None:
        self.tokens = tokens
        self.codec = codec
        self.worker = worker
        self._space = shared
        self._ttl = session_ttl
        self._held: dict[str, int] = {}
        """The generation this worker holds, by session id."""

    def claim(self, session_id: str) -> SessionSnapshot | None:
        with self._space.lock:
            record = self._space.live(session_id, time.monotonic())
            if record is None:
                return None
            record.generation += 1
            record.owner = self.worker
            record.expires = time.monotonic() + self._ttl
            generation, entries = record.generation, dict(record.entries)
            self._held[session_id] = generation
        return snapshot_from_entries(self.codec, session_id, generation, entries)

    def _write(self, session_id: str, changed: Mapping[str, bytes], removed: frozenset[str]) -> bool:
        now = time.monotonic()
        with self._space.lock:
            record = self._space.live(session_id, now)
            held = self._held.get(session_id)
            if record is None:
                # A session this worker opened (or held past its snapshot's expiry): the
                # write makes the record.
                record = self._space.sessions[session_id] = _Record(self.worker, held or 1, now + self._ttl)
                self._held[session_id] = record.generation
            elif held != record.generation:
                return False  # another worker claimed it since
            record.entries.update(changed)
            for key in removed:
                record.entries.pop(key, None)
            record.expires = now + self._ttl
            return True

    def write_ahead(self, session_id: str, widgets: bytes) -> bool:
        from kernel.contracts.scaleout import WIDGETS_KEY

        return self._write(session_id, {WIDGETS_KEY: widgets}, frozenset())

    def checkpoint(self, session_id: str, changed: Mapping[str, bytes], removed: frozenset[str]) -> bool:
        return self._write(session_id, changed, removed)

    def superseded(self, session_id: str) -> bool:
        with self._space.lock:
            record = self._space.live(session_id, time.monotonic())
            return record is not None and self._held.get(session_id) != record.generation

    def release(self, session_id: str) -> None:
        with self._space.lock:
            self._held.pop(session_id, None)

    def forget(self, session_id: str) -> None:
        with self._space.lock:
            held = self._held.pop(session_id, None)
            record = self._space.sessions.get(session_id)
            if record is not None and record.generation == held:
                del self._space.sessions[session_id]

    def close(self) -> None:
        with self._space.lock:
            self._held.clear()

    def holds(self, session_id: str) -> bool:
        """Whether this worker holds the session (for tests and statistics)."""
        with self._space.lock:
            return session_id in self._held

    def share(self, name: str, data: bytes, ttl: float) -> None:
        with self._space.lock:
            self._space.blobs[name] = (time.monotonic() + ttl, data)

    def shared(self, name: str) -> bytes | None:
        with self._space.lock:
            item = self._space.blobs.get(name)
            if item is None or item[0] <= time.monotonic():
                self._space.blobs.pop(name, None)
                return None
            return item[1]

    def unshare(self, name: str) -> None:
        with self._space.lock:
            self._space.blobs.pop(name, None)


class MemoryBus:
    """A :class:`kernel.contracts.scaleout.MessageBus` within this process; callbacks run in
    the publisher's thread, after the message was handed to every subscriber."""

    def __init__(self, shared: MemorySpace) -> None:
        self._space = shared
        self._closed = False
        self._mine: list[tuple[str, Callable[[bytes], None]]] = []

    def publish(self, channel: str, message: bytes) -> None:
        with self._space.lock:
            callbacks = list(self._space.subscribers.get(channel, ()))
        for callback in callbacks:
            callback(message)

    def subscribe(self, channel: str, callback: Callable[[bytes], None]) -> Callable[[], None]:
        with self._space.lock:
            self._space.subscribers.setdefault(channel, []).append(callback)
            self._mine.append((channel, callback))

        def unsubscribe() -> None:
            with self._space.lock:
                callbacks = self._space.subscribers.get(channel, [])
                if callback in callbacks:
                    callbacks.remove(callback)

        return unsubscribe

    def close(self) -> None:
        with self._space.lock:
            for channel, callback in self._mine:
                callbacks = self._space.subscribers.get(channel, [])
                if callback in callbacks:
                    callbacks.remove(callback)
            self._mine.clear()
