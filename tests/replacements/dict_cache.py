"""A replacement ``caching`` backend: one dict per cached function, in this process.

It answers ``kernel_make_cache_storage`` for every cache kind; storages made for the same
kind and function key share their entries, and the backend-wide storage
(:data:`kernel.contracts.ALL_FUNCTIONS`) clears them all. No expiry and no size limit.
"""

from __future__ import annotations

import threading
from typing import Any

from kernel import StashKey, hookimpl
from kernel.contracts import ALL_FUNCTIONS, CacheSettings, CacheStorageStatistics

Shelves = dict[tuple[str, str], dict[str, Any]]
_SHELVES: StashKey[Shelves] = StashKey("dict_cache")
_lock = threading.Lock()


class DictStorage:
    """The entries of one cached function (or, for ``ALL_FUNCTIONS``, of every one)."""

    def __init__(self, shelves: Shelves, kind: str, function_key: str) -> None:
        self._shelves = shelves
        self._kind = kind
        self._key = function_key
        self.hits = self.misses = 0

    def _shelf(self) -> dict[str, Any]:
        with _lock:
            return self._shelves.setdefault((self._kind, self._key), {})

    def get(self, key: str) -> Any:
        """The value under ``key``; ``KeyError`` when missing."""
        try:
            value = self._shelf()[key]
        except KeyError:
            self.misses += 1
            raise
        self.hits += 1
        return value

    def set(self, key: str, value: Any) -> None:
        """Store ``value`` under ``key``."""
        if self._key == ALL_FUNCTIONS:
            raise TypeError("the backend-wide storage stores nothing; make a storage for the function")
        self._shelf()[key] = value

    def delete(self, key: str) -> None:
        """Remove ``key`` if present."""
        self._shelf().pop(key, None)

    def clear(self) -> None:
        """Remove every entry (of every function of this kind, for the backend-wide storage)."""
        with _lock:
            for (kind, function_key), shelf in self._shelves.items():
                if kind == self._kind and self._key in (ALL_FUNCTIONS, function_key):
                    shelf.clear()

    def statistics(self) -> CacheStorageStatistics:
        """Entry count and this storage's hits and misses."""
        return CacheStorageStatistics(len(self._shelf()), 0, self.hits, self.misses, self._key)


@hookimpl
def kernel_make_cache_storage(app: Any, cache_kind: str, settings: CacheSettings) -> DictStorage:
    """A storage over the app's shelves."""
    shelves = app.stash.get_or_create(_SHELVES, dict)
    return DictStorage(shelves, cache_kind, settings.function_key)
