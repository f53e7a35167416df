"""The seam for partial reruns (``st.fragment``): requests, the run body and its scope.

* The session records which fragments a :class:`kernel.messages.Rerun` asked to rerun
  (:class:`FragmentRequests`, in the session's stash); a full rerun request clears them.
* At ``kernel_script_run_started`` the plugin that implements fragments takes the
  requests and, for a fragment run, puts into the run context's stash the callable to
  run instead of the script (:data:`RUN_BODY`) and the containers the run may clean up
  (:data:`RUN_SCOPE`). The script runner honours both; the message queue trims only
  inside the scope.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from kernel.stash import StashKey

if TYPE_CHECKING:
    from kernel.contracts import AppSession

__all__ = [
    "RERUN_TARGETS",
    "FRAGMENT_REQUESTS",
    "take_fragment_requests",
    "clear_fragment_requests",
    "FRAGMENT_STACK",
    "FragmentRequests",
    "fragment_requests",
]

RERUN_TARGETS: StashKey[list[str]] = StashKey("rerun_targets")
"""Run context: fragment keys a widget callback named with ``st.rerun("<key>")``; the
run continues as a rerun of just those fragments (unless another callback of the same
interaction did not ask for that)."""

FRAGMENT_STACK: StashKey[list[str]] = StashKey("fragment_stack")
"""Run context: ids of the fragments whose function is executing (innermost last)."""


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

    def take(self) -> tuple[str, ...]:
        """The pending fragment ids (and forget them)."""
        with self._lock:
            ids = tuple(self._ids)
            self._ids.clear()
            return ids


FRAGMENT_REQUESTS: StashKey[FragmentRequests] = StashKey("fragment_requests")
"""Where a session keeps its :class:`FragmentRequests`."""


def fragment_requests(session: AppSession) -> FragmentRequests:
    """The fragment requests of ``session``, created on first use."""
    store = session.stash.get(FRAGMENT_REQUESTS)
    if store is None:
        store = session.stash.setdefault(FRAGMENT_REQUESTS, FragmentRequests())
    return store


def take_fragment_requests(session: AppSession) -> tuple[str, ...]:
    """The fragment ids waiting for the next run of ``session`` (and forget them)."""
    store = session.stash.get(FRAGMENT_REQUESTS)
    return () if store is None else store.take()


def clear_fragment_requests(session: AppSession) -> None:
    """Forget waiting fragment requests of ``session`` (a full run covers them)."""
    store = session.stash.get(FRAGMENT_REQUESTS)
    if store is not None:
        store.clear()
