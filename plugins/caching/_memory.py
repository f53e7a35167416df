"""The ``memory`` backend: LRU storages in this process under one total byte budget."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from typing import Any

from kernel.contracts import ALL_FUNCTIONS, CacheSettings, CacheStorageStatistics
from kernel.contracts.caching import BackendWideStorage, CacheBackendInfo

__all__ = ["MemoryCacheStorage", "MemoryPool"]

log = logging.getLogger(__name__)


class MemoryPool:
    """Every memory storage of one app, and the total byte budget they share.

    ``bytes`` values count against ``max_bytes``; when a ``set`` goes over it, the least
    recently used entries of any function are evicted. Storages made again for the same
    kind and function key are the same object, so their entries are shared.
    """

    def __init__(self, max_bytes: int | None) -> None:
        self.max_bytes = max_bytes
        self.lock = threading.Lock()
        self.total_bytes = 0
        self._order: OrderedDict[tuple[MemoryCacheStorage, str], None] = OrderedDict()
        self._storages: dict[tuple[str, str], MemoryCacheStorage] = {}

    def storage(self, cache_kind: str, settings: CacheSettings) -> MemoryCacheStorage | _MemoryBackendView:
        """The storage of ``settings.function_key`` (made on first use), or the backend-wide view."""
        if settings.function_key == ALL_FUNCTIONS:
            return _MemoryBackendView(self, cache_kind)
        with self.lock:
            storage = self._storages.get((cache_kind, settings.function_key))
            if storage is None:
                storage = MemoryCacheStorage(settings, self)
                self._storages[(cache_kind, settings.function_key)] = storage
            else:
                storage.settings = settings
            return storage

    def storages(self, cache_kind: str) -> list[MemoryCacheStorage]:
        """The storages of one kind made so far."""
        with self.lock:
            return [s for (kind, _), s in self._storages.items() if kind == cache_kind]

    # Called with self.lock held -------------------------------------------------

    def _touch(self, storage: MemoryCacheStorage, key: str) -> None:
        self._order.move_to_end((storage, key))

    def _added(self, storage: MemoryCacheStorage, key: str, size: int) -> list[Any]:
        self._order[(storage, key)] = None
        self.total_bytes += size
        evicted: list[Any] = []
        while self.max_bytes is not None and self.total_bytes > self.max_bytes and len(self._order) > 1:
            victim, victim_key = next(iter(self._order))
            if victim is storage and victim_key == key:
                break
            evicted.extend(victim._remove(victim_key))
        return evicted

    def _removed(self, storage: MemoryCacheStorage, key: str, size: int) -> None:
        self._order.pop((storage, key), None)
        self.total_bytes -= size


class MemoryCacheStorage:
    """A thread-safe LRU mapping for one function, with TTL, entry and byte limits.

    Sized entries (``bytes``) also live in the pool's global LRU order, so the app-wide
    budget evicts the least recently used value of any function.
    """

    def __init__(self, settings: CacheSettings, pool: MemoryPool | None = None) -> None:
        self.settings = settings
        self._pool = pool if pool is not None else MemoryPool(None)
        self._lock = self._pool.lock
        # key -> (expires at, value, size)
        self._entries: OrderedDict[str, tuple[float | None, Any, int]] = OrderedDict()
        self._size = 0
        self._hits = 0
        self._misses = 0
        self._rejected = 0

    def get(self, key: str) -> Any:
        """The value under ``key``; ``KeyError`` when missing or expired."""
        expired: list[Any] = []
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] is not None and entry[0] <= time.monotonic():
                expired = self._remove(key)
                entry = None
            if entry is None:
                self._misses += 1
            else:
                self._entries.move_to_end(key)
                if entry[2]:
                    self._pool._touch(self, key)
                self._hits += 1
        self._release(expired)
        if entry is None:
            raise KeyError(key)
        return entry[1]

    def set(self, key: str, value: Any) -> None:
        """Store ``value``, evicting least recently used entries over the limits."""
        settings = self.settings
        expires = time.monotonic() + settings.ttl_seconds if settings.ttl_seconds is not None else None
        size = len(value) if isinstance(value, bytes | bytearray) else 0
        if settings.max_size_bytes is not None and size > settings.max_size_bytes:
            log.warning(
                "cached value of %s is %d bytes, over its max_size of %d bytes; it is kept alone",
                settings.function_name, size, settings.max_size_bytes,
            )  # fmt: skip
        with self._lock:
            dropped = self._remove(key) if key in self._entries else []
            self._entries[key] = (expires, value, size)
            self._size += size
            if size:
                dropped += self._pool._added(self, key, size)
            limit = settings.max_entries
            while limit is not None and len(self._entries) > limit:
                dropped += self._remove(next(iter(self._entries)))
            budget = settings.max_size_bytes
            while budget is not None and self._size > budget and len(self._entries) > 1:
                dropped += self._remove(next(iter(self._entries)))
        self._release(dropped)

    def reject(self, key: str, reason: str) -> None:
        """Drop an entry ``get`` returned but the caller could not use (it counts as a rejected miss)."""
        with self._lock:
            dropped = self._remove(key) if key in self._entries else []
            self._hits -= 1
            self._misses += 1
            self._rejected += 1
        self._release(dropped)

    def delete(self, key: str) -> None:
        """Remove ``key`` if present."""
        with self._lock:
            dropped = self._remove(key) if key in self._entries else []
        self._release(dropped)

    def clear(self) -> None:
        """Remove every entry."""
        with self._lock:
            dropped: list[Any] = []
            for key in list(self._entries):
                dropped += self._remove(key)
        self._release(dropped)

    def statistics(self) -> CacheStorageStatistics:
        """Entries, bytes (of ``bytes`` values), hits and misses."""
        with self._lock:
            return CacheStorageStatistics(
                len(self._entries), self._size, self._hits, self._misses,
                self.settings.function_key, self.settings.function_name, rejected=self._rejected,
            )  # fmt: skip

    def _remove(self, key: str) -> list[Any]:
        """Drop ``key`` (lock held); returns ``(on_evict, value, name)`` to release outside the lock."""
        _, value, size = self._entries.pop(key)
        self._size -= size
        if size:
            self._pool._removed(self, key, size)
        on_evict = self.settings.on_evict
        return [(on_evict, value, self.settings.function_name)] if on_evict is not None else []

    @staticmethod
    def _release(dropped: list[Any]) -> None:
        for on_evict, value, name in dropped:
            try:
                on_evict(value)
            except Exception:
                log.exception("on_release of %s raised", name)


class _MemoryBackendView(BackendWideStorage):
    """The backend-wide view of one cache kind's memory storages."""

    def __init__(self, pool: MemoryPool, cache_kind: str) -> None:
        self._pool = pool
        self._kind = cache_kind

    def describe(self) -> CacheBackendInfo:
        """The memory backend: entries only this process sees."""
        return CacheBackendInfo("memory", shared=False)

    def clear(self) -> None:
        """Clear every memory storage of this kind."""
        for storage in self._pool.storages(self._kind):
            storage.clear()

    def statistics(self) -> CacheStorageStatistics:
        """Totals, with one record per function."""
        per = tuple(s.statistics() for s in self._pool.storages(self._kind))
        return CacheStorageStatistics(
            sum(s.entries for s in per), sum(s.size_bytes for s in per),
            sum(s.hits for s in per), sum(s.misses for s in per),
            ALL_FUNCTIONS, ALL_FUNCTIONS, per, rejected=sum(s.rejected for s in per),
        )  # fmt: skip
