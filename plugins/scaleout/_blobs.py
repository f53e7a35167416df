"""Signed blobs one worker hands to another: through the session store, or a shared directory.

The answer to a side-channel request asked of another worker (``_relay``) travels as a
blob under a name the asking worker chose (its request's random nonce). Every blob is
signed (HMAC-SHA256 with a key derived from the scale-out secret, over the name and the
bytes) and the reader verifies it before using it: a blob planted in the store or the
directory, altered, or copied under another name is refused. Small blobs live in the store
(``share`` with a TTL); with ``blob_dir`` set, blobs over :data:`INLINE_MAX` go to a file
there and the store keeps only a signed note of it. The reader deletes what it took; what
nobody takes expires (the store's TTL; files older than the TTL are swept by the writers).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kernel.contracts.scaleout import SessionStore

__all__ = ["BLOB_TTL", "INLINE_MAX", "BlobCarrier", "BlobTooLarge"]

log = logging.getLogger("kernel.scaleout")

BLOB_TTL = 120.0
"""Seconds a blob nobody took is kept (store entry and file)."""
INLINE_MAX = 1024 * 1024
"""With a ``blob_dir``, blobs up to this many bytes still go through the store."""
_NAME = re.compile(r"[0-9a-f]{32}")
_INLINE, _FILE = b"I", b"F"
_MAC_BYTES = 32
_SWEEP_EVERY = 30.0


class BlobTooLarge(ValueError):
    """A blob is over the size the carrier may pass between workers."""


class BlobCarrier:
    """Puts and takes signed blobs by name (32 hex digits). Thread-safe."""

    def __init__(self, store: SessionStore, secret: bytes, *, directory: str = "", store_max: int,
                 dir_max: int) -> None:
        self._store = store
        self._key = hashlib.sha256(b"kernel side-channel blobs\x00" + secret).digest()
        self._dir = Path(directory) if directory else None
        self._store_max = store_max
        self._dir_max = dir_max
        self._lock = threading.Lock()
        self._swept = 0.0

    @property
    def max_bytes(self) -> int:
        """The largest blob this carrier passes."""
        return max(self._store_max, self._dir_max) if self._dir is not None else self._store_max

    def _mac(self, name: str, data: bytes) -> bytes:
        return hmac.digest(self._key, name.encode() + b"\x00" + data, "sha256")

    def put(self, name: str, data: bytes) -> None:
        """Keep ``data`` under ``name`` for the reader (raises :class:`BlobTooLarge`)."""
        if not _NAME.fullmatch(name):
            raise ValueError(f"a blob name is 32 hex digits, not {name!r}")
        mac = self._mac(name, data)
        if self._dir is None or len(data) <= min(INLINE_MAX, self._store_max):
            if len(data) > self._store_max:
                raise BlobTooLarge(f"{len(data)} bytes, over the store's {self._store_max}")
            self._store.share("side:" + name, _INLINE + mac + data, BLOB_TTL)
            return
        if len(data) > self._dir_max:
            raise BlobTooLarge(f"{len(data)} bytes, over [scaleout] max_blob_bytes ({self._dir_max})")
        self._sweep()
        path = self._dir / f"{name}.blob"
        partial = self._dir / f"{name}.{os.getpid()}.part"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        self._store.share("side:" + name, _FILE + mac + len(data).to_bytes(8, "big"), BLOB_TTL)

    def take(self, name: str) -> bytes | None:
        """The verified blob under ``name`` (then forgotten), or ``None``: none, or one that
        does not verify (planted, altered, truncated: logged)."""
        if not _NAME.fullmatch(name):
            return None
        note = self._store.shared("side:" + name)
        if note is None or len(note) < 1 + _MAC_BYTES:
            return None
        kind, mac, rest = note[:1], note[1:1 + _MAC_BYTES], note[1 + _MAC_BYTES:]
        data: bytes | None = rest if kind == _INLINE else None
        if kind == _FILE and self._dir is not None and len(rest) == 8:
            size = int.from_bytes(rest, "big")
            data = self._read_file(name, size)
        self._store.unshare("side:" + name)
        if data is None or not hmac.compare_digest(mac, self._mac(name, data)):
            log.warning("scale-out: a side-channel answer passed between workers did not verify (planted or "
                        "altered in the store or blob_dir); it is not served")
            return None
        return data

    def _read_file(self, name: str, size: int) -> bytes | None:
        assert self._dir is not None
        path = self._dir / f"{name}.blob"
        if size > self.max_bytes:
            return None
        try:
            with path.open("rb") as source:
                data = source.read(size + 1)
        except OSError:
            return None
        finally:
            path.unlink(missing_ok=True)
        return data if len(data) == size else None

    def _sweep(self) -> None:
        """Delete files older than :data:`BLOB_TTL` (answers nobody took), at most every 30 s."""
        assert self._dir is not None
        now = time.time()
        with self._lock:
            if now - self._swept < _SWEEP_EVERY:
                return
            self._swept = now
        try:
            entries = list(os.scandir(self._dir))
        except OSError as exc:
            log.warning("scale-out: cannot list [scaleout] blob_dir %s: %s", self._dir, exc)
            return
        for entry in entries:
            if not entry.name.endswith((".blob", ".part")):
                continue
            try:
                if now - entry.stat().st_mtime > BLOB_TTL:
                    os.unlink(entry.path)
            except OSError:
                pass
