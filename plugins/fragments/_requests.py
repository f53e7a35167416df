"""Which fragments a session asked to rerun (:class:`kernel.contracts.fragments.FragmentRequests`)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from kernel import StashKey

if TYPE_CHECKING:
    from kernel.contracts import AppSession


class FragmentRequests:
    """Fragment ids waiting for the next run; empty means the next run is a full run."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids: dict[str, None] = {}

    def add(self, fragment_id: str) -> None:
        """Ask for a rerun of ``fragment_id`` (several requests are run together, in order)."""
        with self._lock:
            self._ids[fragment_id] = None

    def clear(self) -> None:
        """A full rerun was asked for: it absorbs pending fragment requests."""
        with self._lock:
            self._ids.clear()

    def pending(self) -> tuple[str, ...]:
        """The pending fragment ids (kept)."""
        with self._lock:
            return tuple(self._ids)

    def take(self) -> tuple[str, ...]:
        """The pending fragment ids (and forget them)."""
        with self._lock:
            ids = tuple(self._ids)
            self._ids.clear()
            return ids


REQUESTS: StashKey[FragmentRequests] = StashKey("fragment_requests")
"""Session stash: the session's :class:`FragmentRequests`."""


def fragment_requests(session: AppSession) -> FragmentRequests:
    """The fragment requests of ``session``, created on first use."""
    return session.stash.get_or_create(REQUESTS, FragmentRequests)
