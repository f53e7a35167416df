"""The Caching contract: storage behind ``st.cache_data`` and ``st.cache_resource``."""

from __future__ import annotations

from typing import Any, Literal, Protocol, runtime_checkable

import attrs

CacheKind = Literal["data", "resource"]


@attrs.frozen
class CacheSettings:
    """What a storage needs to know about the cached function it stores for."""

    function_key: str
    function_name: str
    ttl_seconds: float | None = None
    max_entries: int | None = None
    persist: str | None = None
    backend: str | None = None


@attrs.frozen
class CacheStorageStatistics:
    """Counters of one storage."""

    entries: int
    size_bytes: int
    hits: int
    misses: int


@runtime_checkable
class CacheStorage(Protocol):
    """Key/value storage for one cached function.

    Made by ``kernel_make_cache_storage`` for a cache kind and :class:`CacheSettings`.
    Called from script threads of many sessions at once: it must be thread safe.
    ``data`` storages hold ``bytes``; ``resource`` storages may hold any object.
    """

    def get(self, key: str) -> Any:
        """The value under ``key``; raises ``KeyError`` when missing or expired."""
        ...

    def set(self, key: str, value: Any) -> None:
        """Store ``value`` under ``key``."""
        ...

    def delete(self, key: str) -> None:
        """Remove ``key`` if present."""
        ...

    def clear(self) -> None:
        """Remove every entry."""
        ...

    def statistics(self) -> CacheStorageStatistics:
        """Current counters."""
        ...
