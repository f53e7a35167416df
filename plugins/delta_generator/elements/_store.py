"""Session-scoped server-side resources (media bytes, large frames) that elements point to by URL.

A resource lives while some session's page references it: each run records the ids
its elements use; when a run completes, the session lets go of the ids it no longer
shows, and when a session closes it lets go of all of them. A resource no session
holds is deleted.
"""

from __future__ import annotations

import threading
from typing import Any, Generic, TypeVar

from kernel.app import KernelApp
from kernel.context import get_run_context
from kernel.stash import StashKey

__all__ = ["SessionStore", "media_store", "frame_store"]

T = TypeVar("T")
CLEANUP_OUTCOMES = frozenset({"ok", "error", "stopped"})


class SessionStore(Generic[T]):
    """Resources by id, each held by the sessions whose page shows it. Thread-safe."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()
        self._items: dict[str, T] = {}
        self._holders: dict[str, set[str]] = {}
        self._held: dict[str, set[str]] = {}
        self._run_key: StashKey[set[str]] = StashKey(f"{name} ids referenced by this run")

    def put(self, session_id: str, item_id: str, item: T) -> None:
        """Store ``item`` (unless an item with this id exists) and let ``session_id`` hold it.

        Called from a script thread: the id is also recorded as referenced by the current run.
        """
        with self._lock:
            self._items.setdefault(item_id, item)
            self._holders.setdefault(item_id, set()).add(session_id)
            self._held.setdefault(session_id, set()).add(item_id)
        ctx = get_run_context()
        if ctx is not None:
            ctx.stash.setdefault(self._run_key, set()).add(item_id)

    def get(self, item_id: str) -> T | None:
        """The item with ``item_id``, or ``None`` if no session holds it."""
        with self._lock:
            return self._items.get(item_id)

    def holds(self, session_id: str, item_id: str) -> bool:
        """Whether ``session_id`` holds ``item_id``."""
        with self._lock:
            return item_id in self._held.get(session_id, ())

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def run_finished(self, session_id: str, outcome: str) -> None:
        """After a completed run of ``session_id`` (in its script thread): release what it did not reference."""
        if outcome not in CLEANUP_OUTCOMES:
            return
        ctx = get_run_context()
        referenced = ctx.stash.get(self._run_key, set()) if ctx is not None else set()
        with self._lock:
            stale = self._held.get(session_id, set()) - referenced
            self._release(session_id, stale)

    def session_closed(self, session_id: str) -> None:
        """Release everything ``session_id`` held."""
        with self._lock:
            self._release(session_id, set(self._held.get(session_id, ())))
            self._held.pop(session_id, None)

    def _release(self, session_id: str, ids: set[str]) -> None:
        held = self._held.get(session_id, set())
        for item_id in ids:
            held.discard(item_id)
            holders = self._holders.get(item_id)
            if holders is None:
                continue
            holders.discard(session_id)
            if not holders:
                del self._holders[item_id]
                self._items.pop(item_id, None)


_MEDIA: StashKey[SessionStore[Any]] = StashKey("media files")
_FRAMES: StashKey[SessionStore[Any]] = StashKey("large frames served in pages")


_MAKE_LOCK = threading.Lock()


def _store(app: KernelApp, key: StashKey[SessionStore[Any]], name: str) -> SessionStore[Any]:
    store = app.stash.get(key)
    if store is None:
        with _MAKE_LOCK:
            store = app.stash.get(key)
            if store is None:
                store = app.stash[key] = SessionStore(name)
    return store


def media_store(app: KernelApp) -> SessionStore[Any]:
    """The app's store of media files (bytes and their MIME type)."""
    return _store(app, _MEDIA, "media")


def frame_store(app: KernelApp) -> SessionStore[Any]:
    """The app's store of frames the browser reads in pages."""
    return _store(app, _FRAMES, "frames")
