"""Files sent to a session in chunks, spooled to disk until an upload field takes them.

The web client sends a picked file as :class:`~kernel.contracts.messages.UploadStart`,
then :class:`~kernel.contracts.messages.UploadChunk` messages, each answered with an
:class:`~kernel.contracts.messages.UploadAck` (see ``docs/protocol.md``, "Uploads").
The bytes go to an anonymous temporary file (never kept in memory while they arrive);
the upload field's command takes the finished file with :meth:`UploadSpool.take`, once.
A connection that drops keeps the session's spool: the client resumes each upload from
the last acknowledged byte. Closing the session deletes whatever is left.

An upload field says which upload key it accepts files under, and how large, with
:meth:`UploadSpool.allow` on every run; an upload for another key, or larger than
that, is refused before any byte is sent.
"""

from __future__ import annotations

import base64
import binascii
import re
import tempfile
import threading
from typing import IO, TYPE_CHECKING

import attrs

from kernel._errors import KernelError
from kernel._stash import StashKey

if TYPE_CHECKING:
    from kernel.contracts.app_session import AppSession
    from kernel.contracts.messages import ForwardMsg, UploadCancel, UploadChunk, UploadStart

__all__ = [
    "CHUNK_BYTES",
    "MAX_CHUNK_BYTES",
    "MAX_UPLOADS",
    "MB",
    "UploadError",
    "UploadSpool",
    "discard_uploads",
    "handle_upload_msg",
    "session_upload_spool",
    "size_text",
    "too_large_message",
]

MB = 1024 * 1024
"""A megabyte as upload limits count it (Streamlit's too)."""
CHUNK_BYTES = 1024 * 1024
"""What the web client puts in one chunk: 1 MiB, ~1.4 MiB of JSON, far under the
WebSocket message limit (``server.max_message_size_bytes``, 16 MiB by default)."""
MAX_CHUNK_BYTES = 4 * MB
"""The most bytes one chunk may hold; a larger one is a bad frame."""
MAX_UPLOADS = 32
"""Uploads a session may hold at once (arriving, or arrived and not yet taken)."""
_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class UploadError(KernelError):
    """A client's upload message cannot be applied (unknown id, wrong offset, too large a
    chunk, ...); the runtime answers it as a bad frame and the upload stays as it was."""


def size_text(size: int) -> str:
    """``size`` bytes for people: ``"1.5 MB"``, or ``"12.0 KB"`` under a tenth of a megabyte."""
    return f"{size / MB:.1f} MB" if size >= MB / 10 else f"{size / 1024:.1f} KB"


def too_large_message(name: str, size: int, limit_bytes: int) -> str:
    """The message shown under an upload field for a file over its limit."""
    limit = f"{limit_bytes // MB}" if limit_bytes % MB == 0 else f"{limit_bytes / MB:.1f}"
    return f"{name} is {size_text(size)}, over the upload limit of {limit} MB."


@attrs.define(eq=False)
class _Upload:
    target: str
    name: str
    size: int
    file: IO[bytes]
    received: int = 0


class UploadSpool:
    """One session's uploads in progress and arrived, each in an anonymous temporary file.

    Thread-safe: messages arrive on the event loop, fields take files in the script thread.
    """

    def __init__(self, directory: str | None = None) -> None:
        self._directory = directory
        self._lock = threading.Lock()
        self._limits: dict[str, int] = {}
        self._uploads: dict[str, _Upload] = {}
        self._refused: dict[str, str] = {}
        self._closed = False

    def allow(self, target: str, max_bytes: int) -> None:
        """Accept uploads for the upload key ``target`` of up to ``max_bytes`` each."""
        with self._lock:
            self._limits[target] = max_bytes

    def start(self, msg: UploadStart) -> ForwardMsg:
        """Begin (or resume) ``msg``'s upload: an ``UploadAck`` (``start=True``) or ``UploadRefused``."""
        from kernel.contracts.messages import UploadAck, UploadRefused

        if not _ID.match(msg.upload_id):
            raise UploadError(f"upload id {msg.upload_id!r} is not 8 to 64 letters, digits, '-' or '_'")
        if msg.size < 0:
            raise UploadError(f"upload {msg.upload_id}: size {msg.size} is negative")
        with self._lock:
            if self._closed:
                raise UploadError("the session is closed")
            known = self._uploads.get(msg.upload_id)
            if known is not None:
                if (known.target, known.name, known.size) != (msg.target, msg.name, msg.size):
                    raise UploadError(f"upload id {msg.upload_id} is taken by another file; pick a new id")
                return UploadAck(msg.upload_id, known.received, start=True)
            limit = self._limits.get(msg.target)
            if limit is None:
                message = f"{msg.name} was sent to an upload field this page no longer shows; pick it again."
            elif msg.size > limit:
                message = too_large_message(msg.name, msg.size, limit)
            elif len(self._uploads) >= MAX_UPLOADS:
                message = (f"{msg.name} was not taken: {MAX_UPLOADS} files are already arriving or waiting; "
                           "wait for them, then pick it again.")
            else:
                spool = tempfile.TemporaryFile(prefix="kernel-upload-", dir=self._directory)
                self._uploads[msg.upload_id] = _Upload(msg.target, msg.name, msg.size, spool)
                self._refused.pop(msg.upload_id, None)
                return UploadAck(msg.upload_id, 0, start=True)
            self._refused[msg.upload_id] = message
            return UploadRefused(msg.upload_id, message)

    def write(self, msg: UploadChunk) -> ForwardMsg:
        """Append ``msg``'s bytes to its upload: the ``UploadAck`` to send, or :class:`UploadError`."""
        from kernel.contracts.messages import UploadAck

        if len(msg.data) > (MAX_CHUNK_BYTES + 2) // 3 * 4:
            raise UploadError(f"upload {msg.upload_id}: a chunk holds at most {MAX_CHUNK_BYTES} bytes")
        try:
            raw = base64.b64decode(msg.data, validate=True)
        except (binascii.Error, ValueError):
            raise UploadError(f"upload {msg.upload_id}: the chunk's data is not base64") from None
        with self._lock:
            upload = self._uploads.get(msg.upload_id)
            if upload is None:
                raise UploadError(f"no upload {msg.upload_id!r} in this session; begin it with UploadStart")
            if msg.offset != upload.received:
                raise UploadError(f"upload {msg.upload_id}: a chunk at offset {msg.offset}, but the server holds "
                                  f"{upload.received} bytes; send from offset {upload.received}")
            if not raw and upload.received < upload.size:
                raise UploadError(f"upload {msg.upload_id}: an empty chunk")
            if upload.received + len(raw) > upload.size:
                raise UploadError(f"upload {msg.upload_id}: the chunk goes past the announced size of "
                                  f"{upload.size} bytes")
            upload.file.write(raw)
            upload.received += len(raw)
            return UploadAck(msg.upload_id, upload.received)

    def cancel(self, upload_id: str) -> None:
        """Forget ``upload_id`` and its bytes (nothing if unknown)."""
        with self._lock:
            upload = self._uploads.pop(upload_id, None)
            self._refused.pop(upload_id, None)
        if upload is not None:
            upload.file.close()

    def refusal(self, upload_id: str) -> str | None:
        """Why ``upload_id`` was refused, if it was."""
        with self._lock:
            return self._refused.get(upload_id)

    def take(self, upload_id: str) -> bytes | None:
        """The bytes of ``upload_id`` if they have all arrived (its spool file is deleted), else ``None``."""
        with self._lock:
            upload = self._uploads.get(upload_id)
            if upload is None or upload.received != upload.size:
                return None
            del self._uploads[upload_id]
        try:
            upload.file.seek(0)
            return upload.file.read()
        finally:
            upload.file.close()

    def received(self, upload_id: str) -> int | None:
        """How many bytes of ``upload_id`` have arrived (``None``: no such upload)."""
        with self._lock:
            upload = self._uploads.get(upload_id)
            return None if upload is None else upload.received

    def close(self) -> None:
        """Delete every spooled file; later uploads are refused."""
        with self._lock:
            self._closed = True
            uploads, self._uploads = self._uploads, {}
        for upload in uploads.values():
            upload.file.close()


_SPOOL: StashKey[UploadSpool] = StashKey("upload spool")


def session_upload_spool(session: AppSession) -> UploadSpool:
    """The uploads of ``session`` (made on first use)."""
    return session.stash.get_or_create(_SPOOL, UploadSpool)


def discard_uploads(session: AppSession) -> None:
    """Delete the spooled files of ``session`` (when it closes)."""
    spool = session.stash.get(_SPOOL)
    if spool is not None:
        spool.close()


def handle_upload_msg(session: AppSession, msg: UploadStart | UploadChunk | UploadCancel) -> list[ForwardMsg]:
    """Apply an upload message to ``session``'s spool; the messages to answer with.

    Raises :class:`UploadError` for a message that cannot apply (answer it as a bad frame).
    """
    from kernel.contracts.messages import UploadCancel, UploadChunk, UploadStart

    spool = session_upload_spool(session)
    if isinstance(msg, UploadStart):
        return [spool.start(msg)]
    if isinstance(msg, UploadChunk):
        return [spool.write(msg)]
    if isinstance(msg, UploadCancel):
        spool.cancel(msg.upload_id)
        return []
    raise TypeError(f"not an upload message: {msg!r}")
