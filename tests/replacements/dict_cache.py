"""A replacement ``caching`` backend: one ordered dict per cached function, in this process.

It answers ``kernel_make_cache_storage`` for every cache kind. Storages made for the same
kind and function key share a *shelf* of entries, kept in order of use, so the least
recently used entry is the first; the function's settings bound it (``ttl_seconds``,
``max_entries``, ``max_size_bytes``) and a dropped resource goes to ``on_evict``. The
backend-wide storage (:data:`kernel.contracts.ALL_FUNCTIONS`) lists and clears every shelf.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from kernel import StashKey, hookimpl
from kernel.contracts import ALL_FUNCTIONS, CacheSettings, CacheStorageStatistics


class Shelf:
    """The entries of one function: key -> (value, time stored), least recently used first."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.entries: OrderedDict[str, tuple[Any, float]] = OrderedDict()
        self.hits = self.misses = 0
        self.on_evict: Callable[[Any], None] | None = None

    def drop(self, key: str) -> None:
        """Remove ``key``; a resource goes to ``on_evict``."""
        value, _ = self.entries.pop(key)
        if self.on_evict is not None:
            self.on_evict(value)

    def size(self) -> int:
        """Bytes of the ``bytes`` values."""
        return sum(len(v) for v, _ in self.entries.values() if isinstance(v, bytes))


Shelves = dict[tuple[str, str], Shelf]
_SHELVES: StashKey[Shelves] = StashKey("dict_cache")
_lock = threading.RLock()


class DictStorage:
    """One function's view of its shelf (or, for ``ALL_FUNCTIONS``, of every shelf)."""

    def __init__(self, shelves: Shelves, kind: str, settings: CacheSettings) -> None:
        self._shelves = shelves
        self._kind = kind
        self._settings = settings
        with _lock:
            self._shelf = shelves.setdefault((kind, settings.function_key), Shelf(settings.function_name))
            if settings.on_evict is not None:
                self._shelf.on_evict = settings.on_evict

    def get(self, key: str) -> Any:
        """The value under ``key``; ``KeyError`` when missing or older than the TTL."""
        ttl = self._settings.ttl_seconds
        with _lock:
            found = self._shelf.entries.get(key)
            if found is not None and ttl is not None and time.monotonic() - found[1] > ttl:
                self._shelf.drop(key)
                found = None
            if found is None:
                self._shelf.misses += 1
                raise KeyError(key)
            self._shelf.hits += 1
            self._shelf.entries.move_to_end(key)
            return found[0]

    def set(self, key: str, value: Any) -> None:
        """Store ``value``, then evict the least recently used entries over the bounds."""
        if self._settings.function_key == ALL_FUNCTIONS:
            raise TypeError("the backend-wide storage stores nothing; make a storage for the function")
        most, budget = self._settings.max_entries, self._settings.max_size_bytes
        with _lock:
            if key in self._shelf.entries:
                self._shelf.drop(key)
            self._shelf.entries[key] = (value, time.monotonic())
            entries = self._shelf.entries
            while len(entries) > 1 and ((most is not None and len(entries) > most)
                                        or (budget is not None and self._shelf.size() > budget)):
                self._shelf.drop(next(iter(entries)))

    def delete(self, key: str) -> None:
        """Remove ``key`` if present."""
        with _lock:
            if key in self._shelf.entries:
                self._shelf.drop(key)

    def clear(self) -> None:
        """Remove every entry (of every function of this kind, for the backend-wide storage)."""
        with _lock:
            if self._settings.function_key != ALL_FUNCTIONS:
                for key in list(self._shelf.entries):
                    self._shelf.drop(key)
                return
            for (kind, _), shelf in self._shelves.items():
                if kind == self._kind:
                    for key in list(shelf.entries):
                        shelf.drop(key)

    def statistics(self) -> CacheStorageStatistics:
        """This function's counters; the backend-wide storage lists every function."""
        with _lock:
            if self._settings.function_key != ALL_FUNCTIONS:
                return _stats(self._settings.function_key, self._shelf)
            functions = tuple(_stats(fkey, shelf) for (kind, fkey), shelf in self._shelves.items()
                              if kind == self._kind and fkey != ALL_FUNCTIONS)
            return CacheStorageStatistics(sum(f.entries for f in functions), sum(f.size_bytes for f in functions),
                                          sum(f.hits for f in functions), sum(f.misses for f in functions),
                                          ALL_FUNCTIONS, ALL_FUNCTIONS, functions)


def _stats(function_key: str, shelf: Shelf) -> CacheStorageStatistics:
    return CacheStorageStatistics(len(shelf.entries), shelf.size(), shelf.hits, shelf.misses, function_key, shelf.name)


@hookimpl
def kernel_make_cache_storage(app: Any, cache_kind: str, settings: CacheSettings) -> DictStorage:
    """A storage over the app's shelves."""
    return DictStorage(app.stash.get_or_create(_SHELVES, dict), cache_kind, settings)
