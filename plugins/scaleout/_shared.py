"""HTTP side channels across workers: a media file asked for on a worker that lacks it.

A page's media files (``st.image``, ``st.audio``, ``st.download_button`` data ...) live in
the worker whose session made them, but with one shared port (``SO_REUSEPORT``) or a proxy
without affinity the page's HTTP request for one may reach another worker. That worker
asks every worker on the bus (``want media:<id>``); the one that has the file puts it in
the session store for :data:`SHARE_TTL` seconds, and the asking worker serves it from
there. Media ids are content hashes: the asking worker checks the bytes against the id
before serving them, so nothing written into the store by anyone else is served.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import trio

from kernel import HttpRequest, HttpResponse, KernelApp

if TYPE_CHECKING:
    from kernel.contracts.scaleout import MessageBus, SessionStore

__all__ = ["SHARE_TTL", "WAIT_SECONDS", "media_route", "offer"]

log = logging.getLogger("kernel.scaleout")

SHARE_TTL = 600.0
"""Seconds a shared media file stays in the store."""
WAIT_SECONDS = 1.0
"""How long a worker waits for another one to share a file before it answers 404."""
_MEDIA = "media:"


def _encode(media: object) -> bytes:
    from kernel.contracts.media_files import MediaFile

    assert isinstance(media, MediaFile)
    head = json.dumps({"mimetype": media.mimetype, "filename": media.filename}).encode()
    return len(head).to_bytes(4, "big") + head + media.data


def _decode(item_id: str, data: bytes | None) -> object:
    """The MediaFile in ``data`` if its bytes match ``item_id`` (a content hash), else ``None``."""
    from kernel.contracts.media_files import MediaFile

    if data is None or len(data) < 4:
        return None
    try:
        size = int.from_bytes(data[:4], "big")
        head = json.loads(data[4:4 + size])
        mimetype, filename, content = str(head["mimetype"]), head.get("filename"), data[4 + size:]
    except (ValueError, KeyError, TypeError):
        return None
    digest = hashlib.sha256(mimetype.encode() + b"\0" + content).hexdigest()[:32]
    if item_id.partition(".")[0] != digest:
        log.warning("a shared media file did not match its content hash; it is not served")
        return None
    return MediaFile(content, mimetype, filename if isinstance(filename, str) else None)


def offer(app: KernelApp, store: SessionStore, name: str, max_bytes: int) -> None:
    """Another worker wants ``name``: share it if this worker has it (bus thread)."""
    if not name.startswith(_MEDIA):
        return
    from kernel.contracts.media_files import media_store

    media = media_store(app).get(name[len(_MEDIA):])
    if media is None:
        return
    if len(media.data) > max_bytes:
        log.warning("a media file of %d bytes was asked for by another worker; it is over [scaleout] "
                    "max_entry_bytes, so that worker answers 404 (use per-client affinity: docs/scaleout.md)",
                    len(media.data))
        return
    try:
        store.share(name, _encode(media), SHARE_TTL)
    except Exception as exc:  # the store logs its outages
        log.debug("could not share %s: %s", name, exc)


def media_route(app: KernelApp, store: SessionStore, bus: MessageBus) -> Callable[[HttpRequest], Any]:
    """The handler of the media prefix with scale-out on: this worker's file, else another's."""
    from kernel.contracts.media_files import MEDIA_PREFIX, MediaFile, media_store, serve_media
    from kernel.contracts.scaleout import ALL_WORKERS, WANT

    async def fetch(request: HttpRequest, item_id: str) -> HttpResponse | None:
        name = _MEDIA + item_id
        try:
            media = _decode(item_id, await trio.to_thread.run_sync(store.shared, name))
            if media is None:
                await trio.to_thread.run_sync(bus.publish, ALL_WORKERS, WANT + name.encode())
                with trio.move_on_after(WAIT_SECONDS):
                    while media is None:
                        await trio.sleep(0.02)
                        media = _decode(item_id, await trio.to_thread.run_sync(store.shared, name))
        except Exception as exc:  # the store or bus is away: the file is not found here
            log.debug("could not fetch %s from another worker: %s", name, exc)
            return None
        return serve_media(app, request, media) if isinstance(media, MediaFile) else None

    def handler(request: HttpRequest) -> Any:
        item_id = request.path[len(MEDIA_PREFIX):]
        if media_store(app).get(item_id) is not None or not item_id or "/" in item_id:
            return serve_media(app, request)
        return fetch(request, item_id)

    return handler
