"""The store of media files the core elements still in this plugin serve (see :mod:`kernel.session_resources`)."""

from __future__ import annotations

from typing import Any

from kernel.app import KernelApp
from kernel.session_resources import SessionResources
from kernel.stash import StashKey

__all__ = ["SessionResources", "media_store"]

_MEDIA: StashKey[SessionResources[Any]] = StashKey("media files")


def media_store(app: KernelApp) -> SessionResources[Any]:
    """The app's store of media files (bytes and their MIME type)."""
    return app.stash.get_or_create(_MEDIA, lambda: SessionResources("media"))
