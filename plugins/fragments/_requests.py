"""Which fragments a session asked to rerun (:class:`kernel.contracts.fragments.FragmentRequests`)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from kernel import StashKey

if TYPE_CHECKING:
    from kernel.contracts import AppSession
    from kernel_plugins.fragments._fragment import FragmentRegistry


class FragmentRequests:
    """Fragment ids waiting for the next run; empty means the next run is a full run."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids: dict[str, None] = {}
        self._full = False  # a full run was asked for and has not started yet

    def add(self, fragment_id: str) -> bool:
        """Ask for a rerun of ``fragment_id`` (several requests are run together, in order);
        ``False`` when a full run asked for before absorbs it."""
        with self._lock:
            if self._full:
                return False
            self._ids[fragment_id] = None
            return True

    def clear(self) -> None:
        """A full rerun was asked for: it absorbs pending fragment requests, and those
        made until the next run starts (:meth:`take`)."""
        with self._lock:
            self._ids.clear()
            self._full = True

    def pending(self) -> tuple[str, ...]:
        """The pending fragment ids (kept)."""
        with self._lock:
            return tuple(self._ids)

    def take(self) -> tuple[str, ...]:
        """The pending fragment ids (and forget them): a run starts."""
        with self._lock:
            ids = tuple(self._ids)
            self._ids.clear()
            self._full = False
            return ids


REQUESTS: StashKey[FragmentRequests] = StashKey("fragment_requests")
"""Session stash: the session's :class:`FragmentRequests`."""


def fragment_requests(session: AppSession) -> FragmentRequests:
    """The fragment requests of ``session``, created on first use."""
    return session.stash.get_or_create(REQUESTS, FragmentRequests)


REGISTRY: StashKey[FragmentRegistry] = StashKey("fragment_registry")
"""Session stash: the session's :class:`~kernel_plugins.fragments._fragment.FragmentRegistry`
(here, so that a session can be asked whether it showed fragments without loading them)."""


def fragments_shown(session: AppSession) -> bool:
    """Whether a run of ``session`` has shown fragments (their registry exists)."""
    return session.stash.get(REGISTRY) is not None
