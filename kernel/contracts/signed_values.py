"""Signed values for shared and persistent stores: check the bytes before unpickling them.

A backend that keeps pickled values where someone else could write them (a file, a
server) signs every value it stores with a :class:`ValueSigner` and opens it again
before handing it to anyone who unpickles it. A value that does not verify (altered,
truncated, not signed, or signed with another key) is refused with
:class:`BadSignature`; the backend treats it as a miss. The signature covers the value
and where it is stored (the function and entry keys), so a valid entry copied to
another key is refused too.

Layout of a signed value: ``MAGIC`` (3 bytes), a key fingerprint (4 bytes), an
HMAC-SHA256 tag (32 bytes), then the payload.

The key comes from the owner's config, or from :func:`load_or_create_key`: random bytes
made at first use and kept in a file only its owner may read (0600, in a 0700 folder).
:func:`private_folder` and :func:`private_file` create folders and files with those modes.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import threading
from pathlib import Path

__all__ = [
    "MAGIC",
    "OVERHEAD",
    "BadSignature",
    "OnceLogger",
    "ValueSigner",
    "key_from_text",
    "load_or_create_key",
    "private_file",
    "private_folder",
]

MAGIC = b"kS1"
"""First bytes of every signed value (format version 1)."""
_ID = 4
_TAG = 32
OVERHEAD = len(MAGIC) + _ID + _TAG
"""Bytes a signed value adds to its payload."""
MIN_KEY_CHARACTERS = 32
"""Shortest configured key accepted (a key made by :func:`load_or_create_key` has 64 hex digits)."""


class BadSignature(ValueError):
    """A stored value did not verify; :attr:`reason` says how, in words for a log line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ValueSigner:
    """Signs and verifies values with one HMAC-SHA256 key. Thread-safe."""

    __slots__ = ("_base", "key_id")

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("a signing key needs at least 16 bytes")
        self._base = hmac.new(key, digestmod=hashlib.sha256)
        self.key_id = hmac.digest(key, b"kernel signed values: key id", "sha256")[:_ID]
        """A fingerprint of the key (stored with each value, to tell "another key" from "altered")."""

    def _tag(self, payload: bytes | memoryview, context: tuple[str, ...]) -> bytes:
        mac = self._base.copy()
        for part in context:
            data = part.encode()
            mac.update(len(data).to_bytes(4, "big"))
            mac.update(data)
        mac.update(payload)
        return mac.digest()

    def sign(self, payload: bytes | bytearray | memoryview, *context: str) -> bytes:
        """``payload`` with its signature; ``context`` (e.g. function and entry keys) is signed too."""
        data = bytes(payload)
        return MAGIC + self.key_id + self._tag(data, context) + data

    def open(self, signed: bytes, *context: str) -> bytes:
        """The payload of ``signed`` if it verifies for ``context``; else :class:`BadSignature`."""
        if not isinstance(signed, bytes | bytearray | memoryview):
            raise BadSignature(f"not bytes but a {type(signed).__name__}")
        if bytes(signed[: len(MAGIC)]) != MAGIC:
            raise BadSignature("not a signed value (written by something else, or before signing)")
        if len(signed) < OVERHEAD:
            raise BadSignature("truncated")
        view = memoryview(signed)
        tag = self._tag(view[OVERHEAD:], context)
        if not hmac.compare_digest(tag, view[len(MAGIC) + _ID : OVERHEAD]):
            if bytes(view[len(MAGIC) : len(MAGIC) + _ID]) != self.key_id:
                raise BadSignature("signed with another key (was the signing key changed?)")
            raise BadSignature("bad signature (altered, truncated or moved to another key)")
        return bytes(view[OVERHEAD:])


def key_from_text(text: str, *, option: str) -> bytes:
    """The key bytes of a configured key; ``ValueError`` (never showing it) when too short."""
    text = text.strip()
    if len(text) < MIN_KEY_CHARACTERS:
        raise ValueError(
            f"{option} is too short ({len(text)} characters; at least {MIN_KEY_CHARACTERS} are needed). "
            "Use a random one, e.g. the output of: python -c 'import secrets; print(secrets.token_hex(32))'"
        )
    return text.encode()


def private_folder(folder: Path) -> Path:
    """``folder``, created with its missing parents as 0700 if needed (an existing one is left as it is)."""
    missing = []
    current = folder
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            pass
    return folder


def private_file(path: Path) -> bool:
    """Create ``path`` empty as 0600 unless it exists; whether it was created."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    os.close(fd)
    return True


_key_lock = threading.Lock()


def load_or_create_key(path: Path) -> bytes:
    """The key kept in ``path``, made (32 random bytes as hex, file 0600) if there is none.

    Safe for several processes at once: the file appears complete or not at all.
    """
    with _key_lock:
        try:
            return _read_key(path)
        except FileNotFoundError:
            pass
        private_folder(path.parent)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32) + "\n")
            try:
                os.link(tmp, path)  # fails if another process made the key first: use theirs
            except FileExistsError:
                pass
        finally:
            tmp.unlink(missing_ok=True)
        return _read_key(path)


def _read_key(path: Path) -> bytes:
    text = path.read_text().strip()
    if len(text) < MIN_KEY_CHARACTERS:
        raise ValueError(
            f"the signing key file {path} holds no valid key ({len(text)} characters); delete it to have a "
            "new key made (entries signed with the old one become misses)"
        )
    return text.encode()


class OnceLogger:
    """Logs a warning the first time each kind of event happens, then stays quiet. Thread-safe."""

    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def warning(self, kind: str, message: str, *args: object) -> bool:
        """Log ``message % args`` unless ``kind`` was logged before; whether it was logged."""
        with self._lock:
            if kind in self._seen:
                return False
            self._seen.add(kind)
        self._logger.warning(message, *args)
        return True
