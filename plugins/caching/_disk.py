"""The ``disk`` backend: ``cache_data`` entries in one SQLite file, shared by processes.

SQLite's locking makes the file safe for several ``kernel run`` processes at once (WAL
mode, a generous busy timeout). Expiry uses wall-clock time so every process agrees.
Hit and miss counters are kept in memory and added to the file at most every
:data:`FLUSH_SECONDS`, on ``set`` and on ``statistics``, so a hit costs one read.
A database error is logged and treated as a miss, never raised into the app.

Every value is signed (:mod:`kernel.contracts.signed_values`, key from ``[cache]
signing_key`` or ``signing.key`` in the folder) and verified before it is returned, so
nothing that another writer put in the file reaches the unpickler. An entry that does not
verify is deleted, counted as *rejected* and treated as a miss (logged once per reason).
A file that is not a database, or is damaged, is moved aside (``cache.sqlite3.corrupt-…``)
and a new one created. The folder is created 0700 and the file 0600.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
import weakref
from pathlib import Path
from typing import Any

from kernel.contracts import ALL_FUNCTIONS, CacheSettings, CacheStorageStatistics
from kernel.contracts.caching import BackendWideStorage, CacheBackendInfo
from kernel.contracts.signed_values import (
    BadSignature,
    OnceLogger,
    ValueSigner,
    load_or_create_key,
    private_file,
    private_folder,
)
from kernel_plugins.caching._config import KEY_FILE

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
    misses INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
"""

_CORRUPT = frozenset({11, 26})
"""SQLite result codes of a damaged file (SQLITE_CORRUPT) and of one that is no database (SQLITE_NOTADB)."""


def is_corrupt(exc: sqlite3.Error) -> bool:
    """Whether ``exc`` says the database file is damaged or not a database."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _CORRUPT
    text = str(exc)
    return "not a database" in text or "malformed" in text


class DiskDatabase:
    """The SQLite file of one cache folder, opened once per process and app.

    ``key`` signs the values (default: the key in ``signing.key`` in ``folder``, made on first use).
    """

    def __init__(self, folder: Path, key: bytes | None = None) -> None:
        private_folder(folder)
        self.path = folder / FILE_NAME
        self.lock = threading.Lock()
        self.once = OnceLogger(log)
        self._key = key
        self._signer: ValueSigner | None = None
        self._storages: weakref.WeakSet[DiskCacheStorage] = weakref.WeakSet()
        self._identity: tuple[int, int] | None = None
        with self.lock:
            self.conn = self._open_or_replace()

    @property
    def signer(self) -> ValueSigner:
        """Signs and verifies this file's values (the key file is read, or made, on first use)."""
        signer = self._signer
        if signer is None:
            key = self._key if self._key is not None else load_or_create_key(self.path.parent / KEY_FILE)
            signer = self._signer = ValueSigner(key)
        return signer

    def _open(self) -> sqlite3.Connection:
        """Connect to the file (created 0600 first if missing), in WAL mode, with the schema."""
        private_file(self.path)
        conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.executescript(_SCHEMA)
            columns = {row[1] for row in conn.execute("PRAGMA table_info(functions)")}
            if "rejected" not in columns:  # a file from before signing
                conn.execute("ALTER TABLE functions ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0")
        except BaseException:
            conn.close()
            raise
        stat = os.stat(self.path)
        self._identity = (stat.st_dev, stat.st_ino)
        return conn

    def _move_aside(self, exc: sqlite3.Error) -> None:
        """Rename the damaged file (with its WAL) out of the way, so a new one can be made (lock held)."""
        aside = self.path.with_name(f"{FILE_NAME}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}")
        for suffix in ("", "-wal", "-shm"):
            try:
                os.replace(f"{self.path}{suffix}", f"{aside}{suffix}")
            except FileNotFoundError:
                pass
        log.warning(
            "disk cache %s is damaged or not a database (%s): moved it aside to %s and started an empty one",
            self.path, exc, aside.name,
        )  # fmt: skip

    def failed(self, action: str, exc: sqlite3.Error) -> None:
        """Log a database error once per kind; a damaged file is moved aside and a new one opened."""
        if is_corrupt(exc):
            with self.lock:
                self._recover(exc)
            return
        self.once.warning(
            f"db:{action}:{type(exc).__name__}",
            "disk cache %s: could not %s (%s: %s); computing without it. Further errors like this are not logged.",
            self.path, action, type(exc).__name__, exc,
        )  # fmt: skip

    def _recover(self, exc: sqlite3.Error) -> None:
        try:
            stat = os.stat(self.path)
            same = (stat.st_dev, stat.st_ino) == self._identity
        except FileNotFoundError:
            same = False
        try:
            self.conn.close()
        except sqlite3.Error:
            pass
        if same:  # else another process replaced it already: open theirs
            self._move_aside(exc)
        self.conn = self._open_or_replace()

    def _open_or_replace(self) -> sqlite3.Connection:
        """Open the file; one that is not a database is moved aside and a new one opened."""
        try:
            return self._open()
        except sqlite3.DatabaseError as exc:
            if not is_corrupt(exc):
                raise
            self._move_aside(exc)
            return self._open()

    def rejected(self, storage: DiskCacheStorage, key: str, reason: str) -> None:
        """Log (once per kind of reason) that an entry was unusable and is recomputed."""
        self.once.warning(
            f"rejected:{reason.partition(':')[0]}",
            "disk cache %s: an entry of %s was unusable (%s); it is deleted and recomputed. Further rejected "
            "entries are not logged; `kernel cache stats` counts them.",
            self.path, storage.settings.function_name, reason,
        )  # fmt: skip

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
        self._pending_rejected = 0
        self._last_flush = time.monotonic()
        self._lru = settings.max_entries is not None or settings.max_size_bytes is not None

    def get(self, key: str) -> Any:
        """The value under ``key``; ``KeyError`` when missing, expired, unreadable or not verified."""
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
                    self._count(misses=1)
        except sqlite3.Error as exc:
            self._db.failed("read an entry", exc)
            raise KeyError(key) from None
        if row is None:
            raise KeyError(key)
        try:
            value = self._db.signer.open(row[0], fk, key)
        except BadSignature as exc:
            self._drop(key, exc.reason, misses=1)
            raise KeyError(key) from None
        with self._db.lock:
            self._count(hits=1)
        return value

    def reject(self, key: str, reason: str) -> None:
        """Drop an entry ``get`` returned but the caller could not use (it counts as a rejected miss)."""
        self._drop(key, reason, hits=-1, misses=1)

    def _drop(self, key: str, reason: str, hits: int = 0, misses: int = 0) -> None:
        self._db.rejected(self, key, reason)
        try:
            with self._db.lock:
                self._db.conn.execute(
                    "DELETE FROM entries WHERE function_key = ? AND key = ?", (self.settings.function_key, key)
                )
                self._count(hits=hits, misses=misses, rejected=1)
        except sqlite3.Error as exc:
            self._db.failed("delete an entry", exc)

    def _count(self, hits: int = 0, misses: int = 0, rejected: int = 0) -> None:
        """Add to the pending counters, writing them out now and then (lock held)."""
        self._pending_hits += hits
        self._pending_misses += misses
        self._pending_rejected += rejected
        if time.monotonic() - self._last_flush > FLUSH_SECONDS:
            self._flush()

    def set(self, key: str, value: Any) -> None:
        """Store ``value`` (``bytes``, signed), then evict least recently used entries over the limits."""
        if not isinstance(value, bytes | bytearray | memoryview):
            raise TypeError(f"the disk cache stores bytes, got {type(value).__name__}")
        s = self.settings
        now = time.time()
        expires = now + s.ttl_seconds if s.ttl_seconds is not None else None
        signed = self._db.signer.sign(value, s.function_key, key)
        try:
            with self._db.lock:
                conn = self._db.conn
                conn.execute("BEGIN IMMEDIATE")
                try:
                    conn.execute(
                        "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?)",
                        (s.function_key, key, signed, len(value), expires, now),
                    )
                    self._evict(conn)
                    self._flush()
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
        except sqlite3.Error as exc:
            self._db.failed("store an entry", exc)

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
            "INSERT INTO functions VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(function_key) DO UPDATE SET "
            "function_name = ?2, hits = hits + ?3, misses = misses + ?4, rejected = rejected + ?5",
            (s.function_key, s.function_name, self._pending_hits, self._pending_misses, self._pending_rejected),
        )
        self._pending_hits = self._pending_misses = self._pending_rejected = 0
        self._last_flush = time.monotonic()

    def delete(self, key: str) -> None:
        """Remove ``key`` if present."""
        try:
            with self._db.lock:
                self._db.conn.execute(
                    "DELETE FROM entries WHERE function_key = ? AND key = ?", (self.settings.function_key, key)
                )
        except sqlite3.Error as exc:
            self._db.failed("delete an entry", exc)

    def clear(self) -> None:
        """Remove every entry of this function."""
        try:
            with self._db.lock:
                self._db.conn.execute("DELETE FROM entries WHERE function_key = ?", (self.settings.function_key,))
        except sqlite3.Error as exc:
            self._db.failed(f"clear {self.settings.function_name}", exc)

    def statistics(self) -> CacheStorageStatistics:
        """Entries and bytes in the file; hits and misses of every process so far."""
        s = self.settings
        try:
            with self._db.lock:
                self._flush()
                entries, size = self._db.conn.execute(
                    "SELECT count(*), coalesce(sum(size), 0) FROM entries WHERE function_key = ?", (s.function_key,)
                ).fetchone()
                hits, misses, rejected = self._db.conn.execute(
                    "SELECT hits, misses, rejected FROM functions WHERE function_key = ?", (s.function_key,)
                ).fetchone()
        except sqlite3.Error as exc:
            self._db.failed("read statistics", exc)
            return CacheStorageStatistics(0, 0, 0, 0, s.function_key, s.function_name)
        return CacheStorageStatistics(entries, size, hits, misses, s.function_key, s.function_name, rejected=rejected)


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
                "SELECT f.function_key, f.function_name, f.hits, f.misses, f.rejected, count(e.key), "
                "coalesce(sum(e.size), 0) FROM functions f LEFT JOIN entries e ON e.function_key = f.function_key "
                "GROUP BY f.function_key ORDER BY f.function_name"
            ).fetchall()
        per = tuple(
            CacheStorageStatistics(n, size, h, m, fk, name, rejected=r) for fk, name, h, m, r, n, size in rows
        )
        return CacheStorageStatistics(
            sum(s.entries for s in per), sum(s.size_bytes for s in per),
            sum(s.hits for s in per), sum(s.misses for s in per),
            ALL_FUNCTIONS, ALL_FUNCTIONS, per, rejected=sum(s.rejected for s in per),
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
