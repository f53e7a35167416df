"""In-memory cache storage with LRU eviction."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

from kernel.contracts import CacheSettings, CacheStorageStatistics


class MemoryCacheStorage:
    """A thread-safe LRU dict with optional TTL and entry limit."""

    def __init__(self, settings: CacheSettings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, tuple[float | None, Any]] = OrderedDict()
        self._hits = 0
        self._misses = 0

    def get(self, key: str) -> Any:
        """The value under ``key``; ``KeyError`` when missing or expired."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or (entry[0] is not None and entry[0] <= time.monotonic()):
                if entry is not None:
                    del self._entries[key]
                self._misses += 1
                raise KeyError(key)
            self._entries.move_to_end(key)
            self._hits += 1
            return entry[1]

    def set(self, key: str, value: Any) -> None:
        """Store ``value``, evicting the least recently used entries over the limit."""
        ttl = self.settings.ttl_seconds
        expires = time.monotonic() + ttl if ttl is not None else None
        with self._lock:
            self._entries[key] = (expires, value)
            self._entries.move_to_end(key)
            limit = self.settings.max_entries
            while limit is not None and len(self._entries) > limit:
                self._entries.popitem(last=False)

    def delete(self, key: str) -> None:
        """Remove ``key`` if present."""
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        """Remove every entry."""
        with self._lock:
            self._entries.clear()

    def statistics(self) -> CacheStorageStatistics:
        """Entries, bytes (of ``bytes`` values), hits and misses."""
        with self._lock:
            size = sum(len(v) for _, v in self._entries.values() if isinstance(v, bytes))
            return CacheStorageStatistics(len(self._entries), size, self._hits, self._misses)
