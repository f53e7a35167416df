"""The ``disk`` backend: ``cache_data`` entries in one SQLite file, shared by processes.

SQLite's locking makes the file safe for several ``kernel run`` processes at once (WAL
mode, a generous busy timeout). Expiry uses wall-clock time so every process agrees.
Hit and miss counters are kept in memory and added to the file at most every
:data:`FLUSH_SECONDS`, on ``set`` and on ``statistics``, so a hit costs one read.
A database error is logged and treated as a miss, never raised into the app.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import weakref
from pathlib import Path
from typing import Any

from kernel.contracts import ALL_FUNCTIONS, CacheSettings, CacheStorageStatistics
from kernel.contracts.caching import BackendWideStorage, CacheBackendInfo

__all__ = ["FILE_NAME", "AbsentDiskView", "DiskCacheStorage", "DiskDatabase"]

log = logging.getLogger(__name__)

FILE_NAME = "cache.sqlite3"
FLUSH_SECONDS = 2.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    function_key TEXT NOT NULL,
    key TEXT NOT NULL,
    value BLOB NOT NULL,
    size INTEGER NOT NULL,
    expires REAL,
    accessed REAL NOT NULL,
    PRIMARY KEY (function_key, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS functions (
    function_key TEXT PRIMARY KEY,
    function_name TEXT NOT NULL,
    hits INTEGER NOT NULL DEFAULT 0,
    misses INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
"""


class DiskDatabase:
    """The SQLite file of one cache folder, opened once per process and app."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / FILE_NAME
        self.lock = threading.Lock()
        self._storages: weakref.WeakSet[DiskCacheStorage] = weakref.WeakSet()
        self.conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=False)
        with self.lock:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.executescript(_SCHEMA)

    def storage(self, settings: CacheSettings) -> DiskCacheStorage | _DiskBackendView:
        """A storage for ``settings.function_key``, or the backend-wide view."""
        if settings.function_key == ALL_FUNCTIONS:
            return _DiskBackendView(self)
        storage = DiskCacheStorage(settings, self)
        self._storages.add(storage)
        return storage

    def close(self) -> None:
        """Write pending hit and miss counters, then close the connection."""
        with self.lock:
            try:
                for storage in list(self._storages):
                    storage._flush()
            except sqlite3.Error as exc:
                log.warning("disk cache %s: could not save counters: %s", self.path, exc)
            self.conn.close()


class DiskCacheStorage:
    """One function's entries in a :class:`DiskDatabase`, with TTL, LRU entry and byte limits."""

    def __init__(self, settings: CacheSettings, db: DiskDatabase) -> None:
        self.settings = settings
        self._db = db
        self._pending_hits = 0
        self._pending_misses = 0
        self._last_flush = time.monotonic()
        self._lru = settings.max_entries is not None or settings.max_size_bytes is not None

    def get(self, key: str) -> Any:
        """The value under ``key``; ``KeyError`` when missing, expired or unreadable."""
        fk = self.settings.function_key
        now = time.time()
        try:
            with self._db.lock:
                row = self._db.conn.execute(
                    "SELECT value, expires FROM entries WHERE function_key = ? AND key = ?", (fk, key)
                ).fetchone()
                if row is not None and row[1] is not None and row[1] <= now:
                    self._db.conn.execute("DELETE FROM entries WHERE function_key = ? AND key = ?", (fk, key))
                    row = None
                elif row is not None and self._lru:
                    self._db.conn.execute(
                        "UPDATE entries SET accessed = ? WHERE function_key = ? AND key = ?", (now, fk, key)
                    )
                if row is None:
                    self._pending_misses += 1
                else:
                    self._pending_hits += 1
                if time.monotonic() - self._last_flush > FLUSH_SECONDS:
                    self._flush()
        except sqlite3.Error as exc:
            log.warning("disk cache %s unreadable, computing without it: %s", self._db.path, exc)
            raise KeyError(key) from None
        if row is None:
            raise KeyError(key)
        return row[0]

    def set(self, key: str, value: Any) -> None:
        """Store ``value`` (``bytes``), then evict least recently used entries over the limits."""
        if not isinstance(value, bytes | bytearray | memoryview):
            raise TypeError(f"the disk cache stores bytes, got {type(value).__name__}")
        s = self.settings
        now = time.time()
        expires = now + s.ttl_seconds if s.ttl_seconds is not None else None
        try:
            with self._db.lock:
                conn = self._db.conn
                conn.execute("BEGIN IMMEDIATE")
                try:
                    conn.execute(
                        "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?)",
                        (s.function_key, key, bytes(value), len(value), expires, now),
                    )
                    self._evict(conn)
                    self._flush()
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
        except sqlite3.Error as exc:
            log.warning("disk cache %s not writable, value not cached: %s", self._db.path, exc)

    def _evict(self, conn: sqlite3.Connection) -> None:
        s = self.settings
        if s.max_entries is not None:
            conn.execute(
                "DELETE FROM entries WHERE function_key = ?1 AND key IN (SELECT key FROM entries "
                "WHERE function_key = ?1 ORDER BY accessed DESC LIMIT -1 OFFSET ?2)",
                (s.function_key, s.max_entries),
            )
        if s.max_size_bytes is not None:
            rows = conn.execute(
                "SELECT key, size FROM entries WHERE function_key = ? ORDER BY accessed DESC", (s.function_key,)
            ).fetchall()
            total, doomed = 0, []
            for i, (key, size) in enumerate(rows):
                total += size
                if total > s.max_size_bytes and i > 0:
                    doomed.append((s.function_key, key))
            conn.executemany("DELETE FROM entries WHERE function_key = ? AND key = ?", doomed)

    def _flush(self) -> None:
        """Add pending counters to the file and record the function's name (lock held)."""
        s = self.settings
        self._db.conn.execute(
            "INSERT INTO functions VALUES (?1, ?2, ?3, ?4) ON CONFLICT(function_key) DO UPDATE SET "
            "function_name = ?2, hits = hits + ?3, misses = misses + ?4",
            (s.function_key, s.function_name, self._pending_hits, self._pending_misses),
        )
        self._pending_hits = self._pending_misses = 0
        self._last_flush = time.monotonic()

    def delete(self, key: str) -> None:
        """Remove ``key`` if present."""
        try:
            with self._db.lock:
                self._db.conn.execute(
                    "DELETE FROM entries WHERE function_key = ? AND key = ?", (self.settings.function_key, key)
                )
        except sqlite3.Error as exc:
            log.warning("disk cache %s: could not delete an entry: %s", self._db.path, exc)

    def clear(self) -> None:
        """Remove every entry of this function."""
        try:
            with self._db.lock:
                self._db.conn.execute("DELETE FROM entries WHERE function_key = ?", (self.settings.function_key,))
        except sqlite3.Error as exc:
            log.warning("disk cache %s: could not clear %s: %s", self._db.path, self.settings.function_name, exc)

    def statistics(self) -> CacheStorageStatistics:
        """Entries and bytes in the file; hits and misses of every process so far."""
        s = self.settings
        try:
            with self._db.lock:
                self._flush()
                entries, size = self._db.conn.execute(
                    "SELECT count(*), coalesce(sum(size), 0) FROM entries WHERE function_key = ?", (s.function_key,)
                ).fetchone()
                hits, misses = self._db.conn.execute(
                    "SELECT hits, misses FROM functions WHERE function_key = ?", (s.function_key,)
                ).fetchone()
        except sqlite3.Error as exc:
            log.warning("disk cache %s: could not read statistics: %s", self._db.path, exc)
            return CacheStorageStatistics(0, 0, 0, 0, s.function_key, s.function_name)
        return CacheStorageStatistics(entries, size, hits, misses, s.function_key, s.function_name)


class _DiskBackendView(BackendWideStorage):
    """Every function of a :class:`DiskDatabase`."""

    def __init__(self, db: DiskDatabase) -> None:
        self._db = db

    def describe(self) -> CacheBackendInfo:
        """The disk backend and its folder."""
        return CacheBackendInfo("disk", f"in {self._db.path.parent}")

    def clear(self) -> None:
        """Delete every entry and counter in the file."""
        with self._db.lock:
            self._db.conn.execute("DELETE FROM entries")
            self._db.conn.execute("DELETE FROM functions")

    def statistics(self) -> CacheStorageStatistics:
        """Totals, with one record per function known to the file."""
        with self._db.lock:
            rows = self._db.conn.execute(
                "SELECT f.function_key, f.function_name, f.hits, f.misses, count(e.key), coalesce(sum(e.size), 0) "
                "FROM functions f LEFT JOIN entries e ON e.function_key = f.function_key "
                "GROUP BY f.function_key ORDER BY f.function_name"
            ).fetchall()
        per = tuple(CacheStorageStatistics(n, size, h, m, fk, name) for fk, name, h, m, n, size in rows)
        return CacheStorageStatistics(
            sum(s.entries for s in per), sum(s.size_bytes for s in per),
            sum(s.hits for s in per), sum(s.misses for s in per),
            ALL_FUNCTIONS, ALL_FUNCTIONS, per,
        )  # fmt: skip


class AbsentDiskView(BackendWideStorage):
    """The backend-wide view of a disk cache folder without a cache file: empty, and creating nothing."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder

    def describe(self) -> CacheBackendInfo:
        """The disk backend and its folder."""
        return CacheBackendInfo("disk", f"in {self._folder}")

    def clear(self) -> None:
        """Nothing to delete."""

    def statistics(self) -> CacheStorageStatistics:
        """No entries, no functions."""
        return CacheStorageStatistics(0, 0, 0, 0, ALL_FUNCTIONS, ALL_FUNCTIONS)
