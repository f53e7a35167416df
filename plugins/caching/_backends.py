"""The backends of one app: its memory pool and disk databases, and which one a function uses."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from kernel import KernelApp, StashKey
from kernel_plugins.caching._config import CacheConfig
from kernel_plugins.caching._memory import MemoryPool

if TYPE_CHECKING:
    from kernel.contracts import CacheSettings, CacheStorage
    from kernel_plugins.caching._disk import DiskDatabase

__all__ = ["Backends", "backends_of", "existing_backends"]

_KEY: StashKey[Backends] = StashKey("caching.backends")
_make_lock = threading.Lock()


class Backends:
    """The caching plugin's state for one app (kept in ``app.stash``)."""

    def __init__(self, app: KernelApp) -> None:
        self.app = app
        config: CacheConfig = app.config["cache"]
        self.config = config
        self.memory = MemoryPool(config.memory_max_bytes)
        self._disk: dict[Path, DiskDatabase] = {}
        self._lock = threading.Lock()

    def backend_for(self, cache_kind: str, persist: str | None) -> str:
        """The backend a function's entries go to: resources live in memory, ``persist`` picks disk."""
        if cache_kind == "resource":
            return "memory"
        return "disk" if persist == "disk" else self.config.backend

    def disk_folder(self) -> Path:
        """The configured disk folder, default ``~/.kernel/cache``."""
        return self.config.folder(self.app.options.home)

    def disk(self) -> DiskDatabase:
        """The disk backend's database (opened, and created, on first use)."""
        folder = self.disk_folder()
        with self._lock:
            db = self._disk.get(folder)
            if db is None:
                from kernel_plugins.caching._disk import DiskDatabase  # sqlite3 only when the disk backend is used

                key = None
                if self.config.signing_key is not None:
                    key = self.config.signing_key_bytes(self.app.options.home)
                db = self._disk[folder] = DiskDatabase(folder, key)
            return db

    def disk_storage(self, settings: CacheSettings) -> CacheStorage:
        """A disk storage; the backend-wide view of a folder without a cache file creates none."""
        from kernel.contracts import ALL_FUNCTIONS
        from kernel_plugins.caching._disk import FILE_NAME, AbsentDiskView

        folder = self.disk_folder()
        if settings.function_key == ALL_FUNCTIONS and folder not in self._disk and not (folder / FILE_NAME).is_file():
            return AbsentDiskView(folder)
        return self.disk().storage(settings)

    def close(self) -> None:
        """Close the disk databases (saving their counters)."""
        with self._lock:
            dbs = list(self._disk.values())
            self._disk.clear()
        for db in dbs:
            db.close()


def backends_of(app: KernelApp) -> Backends:
    """The backends of ``app``, made on first use."""
    backends = app.stash.get(_KEY)
    if backends is None:
        with _make_lock:
            backends = app.stash.get(_KEY)
            if backends is None:
                backends = app.stash[_KEY] = Backends(app)
    return backends


def existing_backends(app: KernelApp) -> Backends | None:
    """The backends of ``app`` if a storage was made in it."""
    return app.stash.get(_KEY)
