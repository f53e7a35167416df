"""Single flight across processes for the Redis cache: a claim key per entry being computed.

The process that computes an entry holds ``P:lock:<function key>:<key>`` (``SET NX PX``,
its value a random token); a renewal thread extends the claims this process holds every
third of :attr:`FlightClaims.ttl`, so a claim outlives its process by at most that TTL.
Other processes poll the key (10 ms, doubling to 100 ms) until it is gone, then read the
entry. Renewal and release are Lua scripts that act only on the holder's own token, so a
late release never frees another process's claim.
"""

from __future__ import annotations

import secrets
import threading
import time
from typing import TYPE_CHECKING

import redis

if TYPE_CHECKING:
    from kernel_contrib.cache_redis._redis import RedisBackend

__all__ = ["FlightClaims", "RedisFlight"]

_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""
_FIRST_POLL = 0.01
_LAST_POLL = 0.1


class FlightClaims:
    """The claims one backend (one process) holds, and the thread that keeps them alive."""

    def __init__(self, backend: RedisBackend, ttl: float, patience: float) -> None:
        self.backend = backend
        self.ttl = ttl
        self.patience = patience
        self._ttl_ms = max(1, int(ttl * 1000))
        self._renew = backend.client.register_script(_RENEW)
        self._release = backend.client.register_script(_RELEASE)
        self._held: dict[str, str] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def flight(self, name: str) -> RedisFlight:
        """The flight of the claim key ``name``."""
        return RedisFlight(self, name)

    def claim(self, name: str) -> bool | None:
        """Take the claim ``name``: ``True`` taken, ``False`` held by another process, ``None`` Redis is away."""
        token = secrets.token_hex(16)
        try:
            taken = self.backend.client.set(name, token, nx=True, px=self._ttl_ms)
        except redis.RedisError as exc:
            self.backend.failed("claim an entry to compute it", exc)
            return None
        self.backend.answered()
        if not taken:
            return False
        with self._lock:
            self._held[name] = token
            if self._thread is None:
                self._thread = threading.Thread(target=self._renew_loop, name="cache flight claims", daemon=True)
                self._thread.start()
        return True

    def held(self, name: str) -> bool | None:
        """Whether some process holds ``name``; ``None`` when Redis is away."""
        try:
            exists = bool(self.backend.client.exists(name))
        except redis.RedisError as exc:
            self.backend.failed("look for another worker computing an entry", exc)
            return None
        return exists

    def drop(self, name: str) -> None:
        """Release this process's claim ``name`` (if it still holds it)."""
        with self._lock:
            token = self._held.pop(name, None)
        if token is None:
            return
        try:
            self._release(keys=[name], args=[token])
        except redis.RedisError as exc:
            self.backend.failed("release a claim", exc)  # it expires by itself

    def _renew_loop(self) -> None:
        while True:
            time.sleep(self.ttl / 3)
            with self._lock:
                held = list(self._held.items())
                if not held:  # the next claim starts a new thread
                    self._thread = None
                    return
            for name, token in held:
                try:
                    self._renew(keys=[name], args=[token, self._ttl_ms])
                except redis.RedisError as exc:
                    self.backend.failed("renew a claim", exc)
                    break


class RedisFlight:
    """A :class:`kernel.contracts.caching.SharedFlight` on one claim key."""

    def __init__(self, claims: FlightClaims, name: str) -> None:
        self._claims = claims
        self._name = name
        self._leading = False
        self.patience = claims.patience

    def lead(self) -> bool:
        """Take the claim; ``True`` (compute here) also when Redis is away."""
        if not self._claims.backend.available:
            return True
        taken = self._claims.claim(self._name)
        self._leading = taken is True
        return taken is not False

    def wait(self, seconds: float) -> bool:
        """Poll until no process holds the claim (``True``) or ``seconds`` passed (``False``)."""
        deadline = time.monotonic() + seconds
        pause = _FIRST_POLL
        while True:
            if not self._claims.backend.available:
                return True
            held = self._claims.held(self._name)
            if not held:
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            time.sleep(min(pause, remaining))
            pause = min(pause * 2, _LAST_POLL)

    def release(self) -> None:
        """Release the claim if this flight took it."""
        if self._leading:
            self._leading = False
            self._claims.drop(self._name)
