"""Media files in memory, served at ``/_kernel/media/<id>.<ext>`` with HTTP Range support.

What is served where it could run (docs/security.md, "Media and downloads"): only
:data:`INLINE_TYPES` are shown inline; anything else (HTML, SVG, text, archives, unknown
types) is ``Content-Disposition: attachment``. Every file but a PDF also gets
:data:`SANDBOX_POLICY`: opened on its own (an SVG from ``st.image``), it runs no script and
has an origin of its own, so nothing in it acts as the app. An ``<img>`` still shows an
SVG: neither header applies to an image inside a page.

Part of the element plugin API (:func:`add_media` and :class:`MediaFile` are re-exported by
:mod:`kernel.elements`): any element command may keep bytes for the running session and
put the URL :func:`add_media` returns in its props (the core image, audio, video and pdf
elements, ``st.pyplot`` and ``st.download_button`` do). The app's store is a
:class:`~kernel.contracts.session_resources.SessionResources`; the plugin that serves
:data:`MEDIA_PREFIX` (``elements_media``, through :func:`serve_media`) also releases files
no page shows any more.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
import urllib.parse

import attrs

from kernel._app import KernelApp
from kernel._errors import KernelError, NoRunContextError
from kernel._routes import HttpRequest, HttpResponse
from kernel._stash import StashKey
from kernel.context import get_run_context
from kernel.contracts.session_resources import SessionResources

__all__ = ["INLINE_TYPES", "MEDIA_PREFIX", "SANDBOX_POLICY", "MediaFile", "MediaNotServedError", "add_media",
           "content_disposition", "media_store", "serve_media"]

MEDIA_PREFIX = "/_kernel/media/"
"""The URL prefix media files are served under."""
_MEDIA: StashKey[SessionResources[MediaFile]] = StashKey("media files")
_SERVED: StashKey[bool] = StashKey("whether a plugin serves the media files route")


class MediaNotServedError(KernelError):
    """An element kept a media file, but no plugin serves :data:`MEDIA_PREFIX` (``elements_media`` does)."""

INLINE_TYPES = frozenset({
    "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp", "image/x-icon",
    "image/vnd.microsoft.icon", "application/pdf",
})
"""Types shown inline besides ``audio/*`` and ``video/*``: raster images and PDF (which
Chromium's viewer shows in its own sandboxed process). Not SVG: it is a document that can
hold scripts."""
SANDBOX_POLICY = "sandbox; default-src 'none'; img-src data:; media-src 'self'; style-src 'unsafe-inline'"
"""The Content-Security-Policy of a media file opened on its own: no script, no plugin, an
opaque origin. Not for PDF: Chromium refuses to show a PDF in a sandboxed document."""

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_EXTENSIONS = {"image/svg+xml": ".svg", "image/jpeg": ".jpg", "audio/wav": ".wav", "audio/x-wav": ".wav",
               "audio/mpeg": ".mp3", "video/mp4": ".mp4", "text/vtt": ".vtt", "audio/ogg": ".ogg",
               "video/webm": ".webm", "audio/webm": ".weba"}


@attrs.frozen
class MediaFile:
    """Bytes with their MIME type, kept while a session's page shows them."""

    data: bytes
    mimetype: str
    filename: str | None = None


def media_store(app: KernelApp) -> SessionResources[MediaFile]:
    """The app's store of media files (bytes and their MIME type)."""
    return app.stash.get_or_create(_MEDIA, lambda: SessionResources("media"))


def add_media(data: bytes, mimetype: str, filename: str | None = None) -> str:
    """Keep ``data`` for the running session and return its URL (the same bytes give the same URL)."""
    ctx = get_run_context()
    if ctx is None:
        raise NoRunContextError("media elements only work while a script runs (kernel run app.py)")
    if not ctx.app.stash.get_or_create(_SERVED, lambda: _served(ctx.app)):
        raise MediaNotServedError(
            f"this element shows a media file, but no plugin serves {MEDIA_PREFIX}: the elements_media plugin "
            "does. Re-enable it (drop -p no:elements_media or remove it from [plugins] disable) or load a plugin "
            f"that registers an HTTP route for {MEDIA_PREFIX}."
        )
    digest = hashlib.sha256(mimetype.encode() + b"\0" + data).hexdigest()[:32]
    extension = _EXTENSIONS.get(mimetype) or mimetypes.guess_extension(mimetype) or ""
    item_id = digest + extension
    media_store(ctx.app).put(ctx.session.id, item_id, MediaFile(data, mimetype, filename))
    return MEDIA_PREFIX + item_id


def _served(app: KernelApp) -> bool:
    return any(route.url_prefix == MEDIA_PREFIX for route in app.http_routes())


def _byte_range(header: str | None, size: int) -> tuple[int, int] | None | bool:
    """``(start, end)`` inclusive for a single-range header; ``None`` without one; ``False`` if unsatisfiable."""
    if not header:
        return None
    match = _RANGE.match(header.strip())
    if match is None:
        return None  # multiple or malformed ranges: answer with the whole file
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":
        length = int(last)
        if length == 0:
            return False
        return max(size - length, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        return False
    return start, end


def _base_type(mimetype: str) -> str:
    return mimetype.split(";", 1)[0].strip().lower()


def _inline(mimetype: str) -> bool:
    base = _base_type(mimetype)
    return base in INLINE_TYPES or base.startswith(("audio/", "video/"))


def content_disposition(mimetype: str, filename: str | None) -> str | None:
    """The ``Content-Disposition`` of a media file: ``attachment`` unless its type is safe
    inline (:data:`INLINE_TYPES`, audio, video), with ``filename`` (RFC 6266: an ASCII
    fallback and the UTF-8 name); ``None`` for a safe file with no name."""
    kind = "inline" if _inline(mimetype) else "attachment"
    if not filename:
        return None if kind == "inline" else kind
    fallback = "".join(c if " " <= c < "\x7f" and c not in '"\\' else "_" for c in filename)
    quoted = urllib.parse.quote(filename, safe="")
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quoted}"


def serve_media(app: KernelApp, request: HttpRequest, media: MediaFile | None = None) -> HttpResponse | None:
    """Answer a media request: 200 with the whole file, 206 for a byte range, 416 for a bad range.

    ``media``: the file to serve (found elsewhere, e.g. shared by another worker);
    default: the one this app's store holds for the request's path, if any.
    """
    if media is None:
        media = media_store(app).get(request.path[len(MEDIA_PREFIX):])
    if not isinstance(media, MediaFile):
        return None
    size = len(media.data)
    headers: list[tuple[str, str]] = [("accept-ranges", "bytes"), ("cache-control", "private, max-age=3600")]
    disposition = content_disposition(media.mimetype, media.filename)
    if disposition is not None:
        headers.append(("content-disposition", disposition))
    if _base_type(media.mimetype) != "application/pdf":
        headers.append(("content-security-policy", SANDBOX_POLICY))
    wanted = _byte_range(request.header("range"), size)
    if wanted is False:
        headers.append(("content-range", f"bytes */{size}"))
        return HttpResponse(416, b"", media.mimetype, tuple(headers))
    if wanted is None or wanted is True:
        return HttpResponse(200, media.data, media.mimetype, tuple(headers))
    start, end = wanted
    headers.append(("content-range", f"bytes {start}-{end}/{size}"))
    return HttpResponse(206, media.data[start:end + 1], media.mimetype, tuple(headers))
