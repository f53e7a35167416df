"""Session-scoped server-side resources (media bytes, large frames) that elements point to by URL.

Part of the element plugin API (re-exported by :mod:`kernel.elements`). A plugin whose
elements point to data it serves itself (an HTTP route of ``kernel_register_http_routes``)
keeps that data in a :class:`SessionResources` in ``app.stash``, and calls
:meth:`~SessionResources.run_finished` and :meth:`~SessionResources.session_closed` from
its ``kernel_script_run_finished`` and ``kernel_session_closed`` hooks.

A resource lives while some session's page references it: each run records the ids
its elements use; when a run completes, the session lets go of the ids it no longer
shows, and when a session closes it lets go of all of them. A resource no session
holds is deleted.
"""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

from kernel._stash import StashKey
from kernel.context import get_run_context

__all__ = ["CLEANUP_OUTCOMES", "SessionResources"]

T = TypeVar("T")
CLEANUP_OUTCOMES = frozenset({"ok", "error", "stopped"})
"""Outcomes of a run after which the page shows exactly what the run sent."""


class SessionResources(Generic[T]):
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
        """After a completed run of ``session_id`` (in its script thread): release what it did not reference.

        A run that ended otherwise (``outcome`` not in :data:`CLEANUP_OUTCOMES`) or that
        covered only part of the page (a run with a ``run_scope``) releases nothing.
        """
        if outcome not in CLEANUP_OUTCOMES:
            return
        ctx = get_run_context()
        if ctx is not None and ctx.run_scope:
            return
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
