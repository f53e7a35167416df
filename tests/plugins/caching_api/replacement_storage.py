"""A third-party CacheStorage component for tests: one dict per function, in this process.

Load it with ``-p tests.plugins.caching_api.replacement_storage`` and block the core one
with ``-p no:caching``: ``st.cache_data`` and ``st.cache_resource`` (from the essential
``caching_api`` plugin) then keep their entries here. It answers every request, whatever
backend it names, and passes ``kernel.testing.cache_conformance``.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

from kernel import StashKey, hookimpl
from kernel._app import KernelApp
from kernel.contracts import ALL_FUNCTIONS, CacheBackendInfo, CacheSettings, CacheStorageStatistics

_POOL: StashKey[DictPool] = StashKey("replacement_storage.pool")


class DictPool:
    """Every storage of one app and kind, by function key."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.storages: dict[tuple[str, str], DictStorage] = {}

    def storage(self, cache_kind: str, settings: CacheSettings) -> DictStorage | DictBackendView:
        """The storage of ``settings.function_key``, or the backend-wide view."""
        if settings.function_key == ALL_FUNCTIONS:
            return DictBackendView(self, cache_kind)
        with self.lock:
            slot = (cache_kind, settings.function_key)
            found = self.storages.get(slot)
            if found is None or found.settings != settings:
                found = self.storages[slot] = DictStorage(settings, self.lock)
            return found


class DictStorage:
    """Entries of one function: TTL, least-recently-used eviction by count and by bytes."""

    def __init__(self, settings: CacheSettings, lock: threading.RLock) -> None:
        self.settings = settings
        self._lock = lock
        self._entries: OrderedDict[str, tuple[Any, float | None]] = OrderedDict()
        self._hits = self._misses = 0

    def get(self, key: str) -> Any:
        """The value, or ``KeyError`` when missing or expired."""
        with self._lock:
            found = self._entries.get(key)
            if found is None or (found[1] is not None and found[1] < time.monotonic()):
                self._misses += 1
                if found is not None:
                    self.delete(key)
                raise KeyError(key)
            self._entries.move_to_end(key)
            self._hits += 1
            return found[0]

    def set(self, key: str, value: Any) -> None:
        """Store ``value``, evicting the least recently used entries beyond the limits."""
        ttl = self.settings.ttl_seconds
        with self._lock:
            self.delete(key)
            self._entries[key] = (value, None if ttl is None else time.monotonic() + ttl)
            limit, budget = self.settings.max_entries, self.settings.max_size_bytes
            while len(self._entries) > 1 and (
                (limit is not None and len(self._entries) > limit) or (budget is not None and self._size() > budget)
            ):
                self.delete(next(iter(self._entries)))

    def delete(self, key: str) -> None:
        """Remove ``key``, releasing a resource."""
        with self._lock:
            found = self._entries.pop(key, None)
        if found is not None and self.settings.on_evict is not None:
            self.settings.on_evict(found[0])

    def clear(self) -> None:
        """Remove every entry."""
        for key in list(self._entries):
            self.delete(key)

    def _size(self) -> int:
        return sum(len(v) for v, _ in self._entries.values() if isinstance(v, bytes))

    def statistics(self) -> CacheStorageStatistics:
        """Entries, bytes, hits and misses."""
        with self._lock:
            return CacheStorageStatistics(len(self._entries), self._size(), self._hits, self._misses,
                                          self.settings.function_key, self.settings.function_name)


class DictBackendView:
    """Every function of one kind."""

    def __init__(self, pool: DictPool, cache_kind: str) -> None:
        self._pool = pool
        self._kind = cache_kind

    def _storages(self) -> list[DictStorage]:
        with self._pool.lock:
            return [s for (kind, _), s in self._pool.storages.items() if kind == self._kind]

    def describe(self) -> CacheBackendInfo:
        """Named after the plugin; entries stay in this process."""
        return CacheBackendInfo("replacement", "in this process's dicts", shared=False)

    def get(self, key: str) -> Any:
        """Always a miss."""
        raise KeyError(key)

    def set(self, key: str, value: Any) -> None:
        """Refused: store through a function's storage."""
        raise TypeError("store through a function's storage")

    def delete(self, key: str) -> None:
        """Nothing to delete here."""

    def clear(self) -> None:
        """Empty every function of the kind."""
        for storage in self._storages():
            storage.clear()

    def statistics(self) -> CacheStorageStatistics:
        """Totals, with one record per function."""
        per = tuple(s.statistics() for s in self._storages())
        return CacheStorageStatistics(sum(s.entries for s in per), sum(s.size_bytes for s in per),
                                      sum(s.hits for s in per), sum(s.misses for s in per),
                                      ALL_FUNCTIONS, ALL_FUNCTIONS, per)


@hookimpl
def kernel_make_cache_storage(
    app: KernelApp, cache_kind: str, settings: CacheSettings
) -> DictStorage | DictBackendView:
    return app.stash.get_or_create(_POOL, DictPool).storage(cache_kind, settings)
