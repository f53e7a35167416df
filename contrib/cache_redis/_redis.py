"""Redis storage: one string per entry (TTL enforced by Redis), LRU order in a sorted set.

Key layout under ``[cache] redis_key_prefix`` (``P``): ``P:v:<function key>:<key>`` holds a
value, ``P:lru:<function key>`` orders a function's keys by last use (only with
``max_entries`` or ``max_size``), ``P:sz:<function key>`` their sizes (only with
``max_size``), ``P:functions`` maps function keys to names and ``P:stats:<function key>``
counts hits, misses and rejected entries, and ``P:lock:<function key>:<key>`` is held
by the process computing an entry (single flight across processes: :mod:`._flight`). A
connection failure is logged once per outage (:mod:`kernel.contracts.outages`) and then turns every
call into a miss for :data:`RETRY_SECONDS`, so the app computes without the cache, never
fails.

Every value is signed (:mod:`kernel.contracts.signed_values`; the key is ``[cache]
signing_key``, else the ``signing.key`` file of the disk folder) and verified before it
is returned, so a value someone else wrote into the server never reaches the unpickler:
it is deleted, counted as rejected and treated as a miss (logged once per reason).
The URL may carry a user, a password and ``rediss://`` for TLS; redis-py's ``from_url``
takes them, and :func:`safe_url` masks the password wherever the URL is shown.
"""

from __future__ import annotations

import logging
import re
import secrets
import threading
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

import redis

from kernel import KernelApp, StashKey
from kernel.contracts import ALL_FUNCTIONS, CacheSettings, CacheStorageStatistics
from kernel.contracts.caching import BackendWideStorage, CacheBackendInfo
from kernel.contracts.outages import service_for_url
from kernel.contracts.signed_values import OVERHEAD, BadSignature, OnceLogger, ValueSigner
from kernel_contrib.cache_redis._flight import FlightClaims, RedisFlight

__all__ = ["RETRY_SECONDS", "RedisBackend", "RedisCacheStorage"]

log = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
"""After a failure, how long calls skip Redis before trying it again."""
FLUSH_SECONDS = 2.0
"""Hit and miss counters are added to Redis at most this often (and on ``set``)."""

_KEY: StashKey[RedisBackend] = StashKey("cache_redis.backend")
_lock = threading.Lock()


def _text(value: Any) -> str:
    """A Redis reply (bytes) as text."""
    return value.decode() if isinstance(value, bytes) else str(value)



def safe_url(url: str) -> str:
    """``url`` with any password (user part or ``password=`` query) replaced by ``***``, for logs and messages."""
    try:
        parts = urllib.parse.urlsplit(url)
        password = parts.password
    except ValueError:
        return "(a redis URL that does not parse)"
    if password is not None:
        netloc = parts.netloc.rsplit("@", 1)
        user = parts.username or ""
        parts = parts._replace(netloc=f"{user}:***@{netloc[-1]}")
    if parts.query:
        parts = parts._replace(query=re.sub(r"(?i)(^|&)(password=)[^&]*", r"\1\2***", parts.query))
    return urllib.parse.urlunsplit(parts)


class RedisBackend:
    """The Redis client of one app, with the circuit breaker its storages share.

    ``key`` signs the values, or ``key_source()`` gives it on first use; without either a
    random key is made, so only this backend object can read what it stores (the app's
    backend, :meth:`of`, always uses the configured key).
    """

    def __init__(self, url: str, prefix: str, timeout: float, key: bytes | None = None,
                 key_source: Callable[[], bytes] | None = None, lock_ttl: float = 10.0,
                 lock_wait: float = 300.0) -> None:  # fmt: skip
        self.url = url
        self.prefix = prefix
        self.client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
        self._down_until = 0.0
        self._key = key
        self._key_source = key_source
        self._signer: ValueSigner | None = None
        self.once = OnceLogger(log)
        self.health = service_for_url("Redis", url)
        self.health.uses("st.cache_data", "st.cache_data is computing without the cache")
        self.claims = FlightClaims(self, lock_ttl, lock_wait)

    @classmethod
    def of(cls, app: KernelApp) -> RedisBackend:
        """The backend of ``app``, made from its ``[cache]`` config on first use."""
        backend = app.stash.get(_KEY)
        if backend is None:
            with _lock:
                backend = app.stash.get(_KEY)
                if backend is None:
                    config = app.config["cache"]
                    home = app.options.home
                    backend = cls(config.redis_url, config.redis_key_prefix, config.redis_timeout,
                                  key_source=lambda: config.signing_key_bytes(home),
                                  lock_ttl=config.redis_lock_ttl, lock_wait=config.redis_lock_wait)  # fmt: skip
                    app.stash[_KEY] = backend
        return backend

    @property
    def signer(self) -> ValueSigner:
        """Signs and verifies the values (the key is read, or made, on first use)."""
        signer = self._signer
        if signer is None:
            key = self._key
            if key is None:
                key = self._key_source() if self._key_source is not None else secrets.token_bytes(32)
            signer = self._signer = ValueSigner(key)
        return signer

    def rejected(self, function_name: str, reason: str) -> None:
        """Log (once per kind of reason) that an entry was unusable and is recomputed."""
        self.once.warning(
            f"rejected:{reason.partition(':')[0]}",
            "Redis cache at %s: an entry of %s was unusable (%s); it is deleted and recomputed. Further "
            "rejected entries are not logged; `kernel cache stats` counts them.",
            safe_url(self.url), function_name, reason,
        )  # fmt: skip

    def storage(self, settings: CacheSettings) -> RedisCacheStorage | _RedisBackendView:
        """A storage for ``settings.function_key``, or the backend-wide view."""
        if settings.function_key == ALL_FUNCTIONS:
            return _RedisBackendView(self)
        return RedisCacheStorage(settings, self)

    @property
    def available(self) -> bool:
        """``False`` while a recent failure says to skip Redis."""
        return time.monotonic() >= self._down_until

    def failed(self, action: str, exc: Exception) -> None:
        """Skip Redis for :data:`RETRY_SECONDS` after a failure (logged once per outage)."""
        self._down_until = time.monotonic() + RETRY_SECONDS
        self.health.failed(f"the cache (retried every {RETRY_SECONDS:g} s)", action, exc)

    def answered(self) -> None:
        """A call reached Redis: the outage, if there was one, is over."""
        if self.health.down:
            self.health.answered()

    def scan_delete(self, pattern: str) -> None:
        """Delete every key matching ``pattern``."""
        batch: list[bytes] = []
        for key in self.client.scan_iter(match=pattern, count=500):
            batch.append(key)
            if len(batch) >= 500:
                self.client.unlink(*batch)
                batch.clear()
        if batch:
            self.client.unlink(*batch)


class RedisCacheStorage:
    """One cached function's entries in Redis."""

    def __init__(self, settings: CacheSettings, backend: RedisBackend) -> None:
        self.settings = settings
        self._backend = backend
        self._r = backend.client
        p, fk = backend.prefix, settings.function_key
        self._value_prefix = f"{p}:v:{fk}:"
        self._lru_key = f"{p}:lru:{fk}"
        self._size_key = f"{p}:sz:{fk}"
        self._stats_key = f"{p}:stats:{fk}"
        self._functions_key = f"{p}:functions"
        self._lock_prefix = f"{p}:lock:{fk}:"
        self._lru = settings.max_entries is not None or settings.max_size_bytes is not None
        self._lock = threading.Lock()
        self._pending = [0, 0, 0]
        self._last_flush = time.monotonic()

    def get(self, key: str) -> Any:
        """The value under ``key``; ``KeyError`` when missing, expired or Redis is unreachable."""
        if not self._backend.available:
            raise KeyError(key)
        try:
            if self._lru or time.monotonic() - self._last_flush > FLUSH_SECONDS:
                pipe = self._r.pipeline(transaction=False)
                pipe.get(self._value_prefix + key)
                if self._lru:
                    pipe.zadd(self._lru_key, {key: time.time()}, xx=True)
                self._flush(pipe)
                value = pipe.execute()[0]
            else:
                value = self._r.get(self._value_prefix + key)
        except redis.RedisError as exc:
            self._backend.failed("read an entry", exc)
            raise KeyError(key) from None
        self._backend.answered()
        if value is None:
            self._count(misses=1)
            raise KeyError(key)
        try:
            payload = self._backend.signer.open(value, self.settings.function_key, key)
        except BadSignature as exc:
            self._drop(key, exc.reason, misses=1)
            raise KeyError(key) from None
        self._count(hits=1)
        return payload

    def _count(self, hits: int = 0, misses: int = 0, rejected: int = 0) -> None:
        with self._lock:
            self._pending[0] += hits
            self._pending[1] += misses
            self._pending[2] += rejected

    def reject(self, key: str, reason: str) -> None:
        """Drop an entry ``get`` returned but the caller could not use (it counts as a rejected miss)."""
        self._drop(key, reason, hits=-1, misses=1)

    def _drop(self, key: str, reason: str, hits: int = 0, misses: int = 0) -> None:
        self._backend.rejected(self.settings.function_name, reason)
        self._count(hits=hits, misses=misses, rejected=1)
        self.delete(key)

    def set(self, key: str, value: Any) -> None:
        """Store ``value`` (``bytes``) with the function's TTL; evict over ``max_entries``/``max_size``."""
        if not isinstance(value, bytes | bytearray | memoryview):
            raise TypeError(f"the Redis cache stores bytes, got {type(value).__name__}")
        if not self._backend.available:
            return
        s = self.settings
        ttl_ms = max(1, int(s.ttl_seconds * 1000)) if s.ttl_seconds is not None else None
        signed = self._backend.signer.sign(value, s.function_key, key)
        try:
            pipe = self._r.pipeline(transaction=False)
            pipe.set(self._value_prefix + key, signed, px=ttl_ms)
            if self._lru:
                pipe.zadd(self._lru_key, {key: time.time()})
            if s.max_size_bytes is not None:
                pipe.hset(self._size_key, key, len(value))
            self._flush(pipe)
            pipe.execute()
            if self._lru:
                self._evict(key)
        except redis.RedisError as exc:
            self._backend.failed("store an entry", exc)
            return
        self._backend.answered()

    def flight(self, key: str) -> RedisFlight:
        """Single flight across processes for ``key`` (a claim key in Redis; see :mod:`._flight`)."""
        return self._backend.claims.flight(self._lock_prefix + key)

    def _flush(self, pipe: Any) -> None:
        with self._lock:
            hits, misses, rejected = self._pending
            self._pending = [0, 0, 0]
        pipe.hset(self._functions_key, self.settings.function_key, self.settings.function_name)
        if hits:
            pipe.hincrby(self._stats_key, "hits", hits)
        if misses:
            pipe.hincrby(self._stats_key, "misses", misses)
        if rejected:
            pipe.hincrby(self._stats_key, "rejected", rejected)
        self._last_flush = time.monotonic()

    def _evict(self, just_set: str) -> None:
        s = self.settings
        if s.ttl_seconds is not None:
            self._r.zremrangebyscore(self._lru_key, "-inf", time.time() - s.ttl_seconds)
        doomed: list[str] = []
        if s.max_entries is not None:
            extra = self._r.zcard(self._lru_key) - s.max_entries
            if extra > 0:
                doomed = [_text(m) for m in self._r.zrange(self._lru_key, 0, extra - 1)]
        if s.max_size_bytes is not None:
            newest_first = [_text(m) for m in self._r.zrevrange(self._lru_key, 0, -1)]
            sizes = self._r.hmget(self._size_key, newest_first) if newest_first else []
            total = 0
            for i, (member, size) in enumerate(zip(newest_first, sizes, strict=True)):
                total += int(size or 0)
                if total > s.max_size_bytes and i > 0 and member not in doomed:
                    doomed.append(member)
        if doomed:
            pipe = self._r.pipeline(transaction=False)
            pipe.unlink(*[self._value_prefix + k for k in doomed])
            pipe.zrem(self._lru_key, *doomed)
            if s.max_size_bytes is not None:
                pipe.hdel(self._size_key, *doomed)
            pipe.execute()

    def delete(self, key: str) -> None:
        """Remove ``key`` if present."""
        try:
            pipe = self._r.pipeline(transaction=False)
            pipe.unlink(self._value_prefix + key)
            pipe.zrem(self._lru_key, key)
            pipe.hdel(self._size_key, key)
            pipe.execute()
        except redis.RedisError as exc:
            self._backend.failed("delete an entry", exc)

    def clear(self) -> None:
        """Remove every entry of this function."""
        try:
            self._backend.scan_delete(self._value_prefix + "*")
            self._r.unlink(self._lru_key, self._size_key)
        except redis.RedisError as exc:
            self._backend.failed("clear a function's entries", exc)

    def statistics(self) -> CacheStorageStatistics:
        """Entries and bytes in Redis; hits and misses of every process so far."""
        return _function_statistics(self._backend, self.settings.function_key, self.settings.function_name, self)


def _function_statistics(
    backend: RedisBackend, function_key: str, name: str, storage: RedisCacheStorage | None = None
) -> CacheStorageStatistics:
    r, p = backend.client, backend.prefix
    try:
        if storage is not None:
            pipe = r.pipeline(transaction=False)
            storage._flush(pipe)
            pipe.execute()
        keys = list(r.scan_iter(match=f"{p}:v:{function_key}:*", count=500))
        pipe = r.pipeline(transaction=False)
        for key in keys:
            pipe.strlen(key)
        sizes = pipe.execute() if keys else []
        counters = r.hgetall(f"{p}:stats:{function_key}")
    except redis.RedisError as exc:
        backend.failed("read statistics", exc)
        return CacheStorageStatistics(0, 0, 0, 0, function_key, name)
    return CacheStorageStatistics(
        sum(1 for s in sizes if s), sum(max(0, s - OVERHEAD) for s in sizes if s),
        int(counters.get(b"hits", 0)), int(counters.get(b"misses", 0)), function_key, name,
        rejected=int(counters.get(b"rejected", 0)),
    )  # fmt: skip


class _RedisBackendView(BackendWideStorage):
    """Every function stored under the backend's key prefix."""

    def __init__(self, backend: RedisBackend) -> None:
        self._backend = backend

    def describe(self) -> CacheBackendInfo:
        """The redis backend and its server, the password masked."""
        return CacheBackendInfo("redis", f"at {safe_url(self._backend.url)}")

    def clear(self) -> None:
        """Delete every key under the prefix."""
        try:
            self._backend.scan_delete(f"{self._backend.prefix}:*")
        except redis.RedisError as exc:
            self._backend.failed("clear the cache", exc)

    def statistics(self) -> CacheStorageStatistics:
        """Totals, with one record per function known to Redis."""
        try:
            names = self._backend.client.hgetall(f"{self._backend.prefix}:functions")
        except redis.RedisError as exc:
            self._backend.failed("read statistics", exc)
            names = {}
        per = tuple(
            sorted(
                (_function_statistics(self._backend, _text(fk), _text(n)) for fk, n in names.items()),
                key=lambda s: s.function_name,
            )
        )
        return CacheStorageStatistics(
            sum(s.entries for s in per), sum(s.size_bytes for s in per),
            sum(s.hits for s in per), sum(s.misses for s in per),
            ALL_FUNCTIONS, ALL_FUNCTIONS, per, rejected=sum(s.rejected for s in per),
        )  # fmt: skip
