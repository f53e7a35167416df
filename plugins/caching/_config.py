"""The ``[cache]`` config section: which backend stores ``st.cache_data`` entries, and its options."""

from __future__ import annotations

from pathlib import Path

import attrs

__all__ = ["BACKENDS", "CacheConfig"]

BACKENDS = ("memory", "disk", "redis")
"""Backends the kernel ships (``redis`` comes from the ``cache_redis`` plugin in ``contrib/``)."""


@attrs.define
class CacheConfig:
    """``[cache]``: where ``st.cache_data`` keeps its entries."""

    backend: str = "memory"
    """``"memory"`` (this process), ``"disk"`` (SQLite in ``disk_folder``) or ``"redis"``
    (``redis_url``; the ``cache_redis`` plugin in ``contrib/``). ``st.cache_resource`` always uses memory."""
    memory_max_bytes: int = 1 << 30
    """Total byte budget of pickled ``cache_data`` values held in memory; least recently
    used entries (of any function) are evicted beyond it."""
    disk_folder: Path | None = None
    """Folder of the disk backend's SQLite file; default ``~/.kernel/cache``."""
    redis_url: str = "redis://127.0.0.1:6379/0"
    """Server of the redis backend."""
    redis_key_prefix: str = "kernel-cache"
    """Prefix of every Redis key the cache writes, so apps can share a server."""
    redis_timeout: float = 2.0
    """Seconds to wait for Redis before computing without the cache."""
