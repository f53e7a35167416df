"""The Redis session store: snapshots in one hash per session, a lease per worker, fencing in Lua.

Blocking (sync redis-py): the runtime calls it through ``trio.to_thread``, the mirror from
script threads, the lease renewal from a daemon thread of its own. A failure is logged once
per outage (one line per process for the server, shared with the bus and the cache:
:mod:`kernel.contracts.outages`) and then skips Redis for :data:`RETRY_SECONDS` (each call
raises at once), so sessions go on in memory, and a claim gives a fresh session, while
Redis is away. The lease renewal keeps probing Redis meanwhile (every third of
``lease_ttl``), so the store is back within that long after Redis is, and :attr:`epoch`
counts the outages: a session's next write after one writes every key again (Redis may
have come back empty).
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Mapping
from typing import Any

import redis

from kernel.contracts.outages import ServiceHealth, service_health
from kernel.contracts.scaleout import (
    RELEASE,
    ResumeTokens,
    SessionSnapshot,
    StateCodec,
    snapshot_from_entries,
    worker_channel,
)
from kernel_contrib.scaleout_redis import _lua

__all__ = ["HANDOFF_SECONDS", "RETRY_SECONDS", "RedisSessionStore", "StoreUnavailable", "keys"]

log = logging.getLogger("kernel.scaleout.redis")

RETRY_SECONDS = 5.0
"""After a failure, how long calls skip Redis (raising :class:`StoreUnavailable`) before trying again."""
HANDOFF_SECONDS = 1.0
"""How long a claim waits for a live owner to let go of the session before it takes it anyway."""
_FIELD = "k:"


class StoreUnavailable(ConnectionError):
    """Redis failed recently; the store does not try again until :data:`RETRY_SECONDS` passed."""


def keys(prefix: str) -> tuple[str, str, str]:
    """The prefixes of session hashes, worker leases and bus channels under ``prefix``."""
    return f"{prefix}:s:", f"{prefix}:lease:", f"{prefix}:bus:"


def _text(value: Any) -> str:
    return value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else str(value)


class RedisSessionStore:
    """A :class:`kernel.contracts.scaleout.SessionStore` in a Redis server shared by the workers."""

    def __init__(self, client: redis.Redis, prefix: str, tokens: ResumeTokens, codec: StateCodec, worker: str,
                 session_ttl: float, lease_ttl: float, handoff: float = HANDOFF_SECONDS,
                 health: ServiceHealth | None = None) -> None:
        if "|" in worker:
            raise ValueError(f"[scaleout] worker names may not contain '|': {worker!r}")
        self.tokens = tokens
        self.codec = codec
        self.worker = worker
        self.client = client
        self._sessions, self._leases, self._channels = keys(prefix)
        self._blobs = f"{prefix}:blob:"
        self._ttl_ms = max(1, int(session_ttl * 1000))
        self._lease_ms = max(1, int(lease_ttl * 1000))
        self._handoff = handoff
        self.incarnation = secrets.token_hex(8)
        """Tells this process from an earlier one with the same worker name (a restart)."""
        self._me = f"{worker}|{self.incarnation}"
        self._held: dict[str, int] = {}
        """The generation this worker holds, by session id (0: opened here, not written yet)."""
        self._lock = threading.Lock()
        self._down_until = 0.0
        self.epoch = 0
        """Counts the outages of Redis this store saw (see the module docstring)."""
        self.health = health if health is not None else service_health(f"Redis of the scale-out store {prefix}")
        self.health.uses("the scale-out store", "sessions go on in each worker's memory (no checkpoints; a page "
                         "that reconnects gets a fresh session)")
        self._claim = client.register_script(_lua.CLAIM)
        self._write = client.register_script(_lua.WRITE)
        self._release = client.register_script(_lua.RELEASE)
        self._forget = client.register_script(_lua.FORGET)
        self._stop = threading.Event()
        self._renew()
        self._renewer = threading.Thread(target=self._renew_loop, name=f"scaleout lease {worker}", daemon=True)
        self._renewer.start()

    # -- the circuit breaker ----------------------------------------------------------

    def _call(self, action: str, fn: Any, *args: Any, probe: bool = False, **kwargs: Any) -> Any:
        """``fn(*args, **kwargs)`` through the circuit breaker; ``probe`` calls Redis even while it is open."""
        if not probe and time.monotonic() < self._down_until:
            raise StoreUnavailable(f"the Redis session store is unavailable (retrying {action} soon)")
        try:
            result = fn(*args, **kwargs)
        except redis.RedisError as exc:
            with self._lock:
                if not self._down_until:
                    self.epoch += 1
                self._down_until = time.monotonic() + RETRY_SECONDS
            self.health.failed(f"the scale-out store (retried every {self._lease_ms / 3000:.1f} s)", action, exc)
            raise StoreUnavailable(f"the Redis session store failed to {action}: {exc}") from exc
        if self._down_until:
            with self._lock:
                self._down_until = 0.0
        self.health.answered()
        return result

    # -- the lease ----------------------------------------------------------------------

    def _renew(self) -> None:
        try:
            self._call("renew this worker's lease", self.client.set, self._leases + self.worker,
                       self.incarnation, px=self._lease_ms, probe=True)
        except StoreUnavailable:
            pass

    def _renew_loop(self) -> None:
        while not self._stop.wait(self._lease_ms / 3000):
            self._renew()

    def stop_renewing(self, timeout: float) -> None:
        """Stop renewing this worker's lease (it lapses within its TTL, as when the process
        ends); wait up to ``timeout`` seconds for the renewal thread to end."""
        self._stop.set()
        if self._renewer is not threading.current_thread():
            self._renewer.join(timeout)

    def clear_lease(self, worker: str) -> None:
        """Delete the lease of ``worker`` (known dead): its sessions can be claimed at once."""
        self._call("clear a lease", self.client.delete, self._leases + worker)

    # -- the SessionStore contract ------------------------------------------------------

    def claim(self, session_id: str) -> SessionSnapshot | None:
        key = self._sessions + session_id
        deadline = time.monotonic() + self._handoff
        asked = False
        while True:
            force = time.monotonic() >= deadline
            reply = self._call("claim a session", self._claim, keys=[key],
                               args=[self._me, self._ttl_ms, self._leases, "1" if force else "0"])
            if reply is None:
                return None
            if _text(reply[0]) == "busy":
                if not asked:
                    owner = _text(reply[1]).partition("|")[0]
                    self._call("ask for a handoff", self.client.publish,
                               self._channels + worker_channel(owner), RELEASE + session_id.encode())
                    asked = True
                time.sleep(0.01)
                continue
            generation = int(reply[1])
            flat = reply[2]
            break
        with self._lock:
            self._held[session_id] = generation
        entries = {_text(flat[i])[len(_FIELD):]: flat[i + 1] for i in range(0, len(flat), 2)
                   if _text(flat[i]).startswith(_FIELD)}
        return snapshot_from_entries(self.codec, session_id, generation, entries)

    def _fenced(self, session_id: str, changed: Mapping[str, bytes], removed: frozenset[str]) -> bool:
        with self._lock:
            held = self._held.get(session_id, 0)
        args: list[Any] = [held, self._me, self._ttl_ms, len(changed)]
        for name, data in changed.items():
            args += [_FIELD + name, data]
        args += [_FIELD + name for name in removed]
        generation = int(self._call("write a session", self._write, keys=[self._sessions + session_id], args=args))
        if generation == 0:
            return False
        with self._lock:
            self._held[session_id] = generation
        return True

    def write_ahead(self, session_id: str, widgets: bytes) -> bool:
        from kernel.contracts.scaleout import WIDGETS_KEY

        return self._fenced(session_id, {WIDGETS_KEY: widgets}, frozenset())

    def checkpoint(self, session_id: str, changed: Mapping[str, bytes], removed: frozenset[str]) -> bool:
        return self._fenced(session_id, changed, removed)

    def superseded(self, session_id: str) -> bool:
        generation = self._call("read a session's generation", self.client.hget,
                                self._sessions + session_id, "__gen__")
        with self._lock:
            held = self._held.get(session_id, 0)
        return generation is not None and int(generation) != held

    def release(self, session_id: str) -> None:
        with self._lock:
            held = self._held.pop(session_id, None)
        if held:
            self._call("release a session", self._release, keys=[self._sessions + session_id],
                       args=[held, self._me])

    def forget(self, session_id: str) -> None:
        with self._lock:
            held = self._held.pop(session_id, None)
        if held:
            self._call("delete a session", self._forget, keys=[self._sessions + session_id], args=[held])

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            held = list(self._held)
        for session_id in held:
            try:
                self.release(session_id)
            except StoreUnavailable:
                break
        try:
            self._call("drop this worker's lease", self.client.delete, self._leases + self.worker)
        except StoreUnavailable:
            pass
        # The last use of the worker's client (its bus stopped at kernel_shutdown): close its sockets
        # rather than leave them to the garbage collector (a ResourceWarning in tests).
        self.client.connection_pool.disconnect()

    def share(self, name: str, data: bytes, ttl: float) -> None:
        self._call("share an item", self.client.set, self._blobs + name, data, px=max(1, int(ttl * 1000)))

    def shared(self, name: str) -> bytes | None:
        data = self._call("read a shared item", self.client.get, self._blobs + name)
        return data if isinstance(data, bytes) else None

    def unshare(self, name: str) -> None:
        self._call("forget a shared item", self.client.delete, self._blobs + name)

    def holds(self, session_id: str) -> bool:
        """Whether this worker holds the session (for tests and statistics)."""
        with self._lock:
            return session_id in self._held
