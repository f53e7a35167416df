"""Per-app state of ``st.cache_data``/``st.cache_resource``: storages by function, computations under way."""

from __future__ import annotations

import threading
import time
import weakref
from typing import Any

from kernel import KernelApp, StashKey
from kernel.contracts import ALL_FUNCTIONS, CacheSettings, CacheStorage

__all__ = ["CacheRegistry", "Flight", "all_registries", "existing_registry", "registry_of"]

_KEY: StashKey[CacheRegistry] = StashKey("caching_api.registry")
_make_lock = threading.Lock()
_registries: weakref.WeakSet[CacheRegistry] = weakref.WeakSet()

FLIGHT_GRACE_SECONDS = 5.0
"""How long a finished computation is remembered for callers that missed just before it ended."""


class Flight:
    """One in-progress computation of a key; other callers wait on :attr:`done`."""

    __slots__ = ("done", "error", "finished_at", "owner", "result")

    def __init__(self) -> None:
        self.owner = threading.get_ident()
        self.done = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None
        self.finished_at: float | None = None


class CacheRegistry:
    """The ``caching_api`` plugin's state for one app (kept in ``app.stash``).

    It holds the storage of each cached function (made once through
    ``app.make("caching", ...)``) and the computations under way. It knows no backend:
    :meth:`clear_kind` reaches every backend in use through backend-wide storages.
    """

    def __init__(self, app: KernelApp) -> None:
        self.app = app
        self._lock = threading.Lock()
        self._storages: dict[tuple[str, str, str | None], tuple[CacheSettings, CacheStorage]] = {}
        self._flights: dict[tuple[str, str | None, str], Flight] = {}
        self._shared: dict[tuple[str, str | None], bool] = {}
        self.stats_observed = bool(app.hook.kernel_cache_stats_updated.get_hookimpls())

    # -- storages ------------------------------------------------------------------

    def storage(self, cache_kind: str, settings: CacheSettings, session_id: str | None) -> CacheStorage:
        """The storage of one function (per session for session scope), made once per app."""
        slot = (cache_kind, settings.function_key, session_id)
        with self._lock:
            known = self._storages.get(slot)
            if known is not None and known[0] == settings:
                return known[1]
        storage: CacheStorage = self.app.make("caching", cache_kind=cache_kind, settings=settings)
        with self._lock:
            self._storages[slot] = (settings, storage)
        return storage

    def backend_wide(self, cache_kind: str, persist: str | None = None) -> CacheStorage:
        """The backend-wide storage of the backend that functions with ``persist`` use (for clear and stats)."""
        settings = CacheSettings(ALL_FUNCTIONS, ALL_FUNCTIONS, persist=persist)
        storage: CacheStorage = self.app.make("caching", cache_kind=cache_kind, settings=settings)
        return storage

    def clear_kind(self, cache_kind: str, *, announce: bool = True) -> None:
        """Empty every storage of a kind, including entries other processes stored in shared
        backends; with ``announce``, other workers clear their own (``_fleet``)."""
        with self._lock:
            made = [(s.persist, st) for (kind, _, _), (s, st) in self._storages.items() if kind == cache_kind]
            for fkey in [k for k, f in self._flights.items() if f.finished_at is not None]:
                del self._flights[fkey]
        for persist in sorted({None, *(p for p, _ in made)}, key=lambda p: p or ""):
            self.backend_wide(cache_kind, persist).clear()
        for _, storage in made:
            storage.clear()
        if announce:
            from kernel_plugins.caching_api._fleet import publish_clear

            publish_clear(self.app, cache_kind)

    def is_shared(self, cache_kind: str, persist: str | None) -> bool:
        """Whether other processes see the entries of this kind and ``persist`` (its backend says so)."""
        slot = (cache_kind, persist)
        shared = self._shared.get(slot)
        if shared is None:
            from kernel.contracts import CacheBackendInfo

            describe = getattr(self.backend_wide(cache_kind, persist), "describe", None)
            info = describe() if callable(describe) else None
            shared = self._shared[slot] = isinstance(info, CacheBackendInfo) and info.shared
        return shared

    def local_storages(self) -> list[tuple[str, CacheSettings, CacheStorage]]:
        """The storages made here whose entries only this process sees (memory, every resource)."""
        with self._lock:
            made = [(kind, settings, storage) for (kind, _, _), (settings, storage) in self._storages.items()]
        return [(kind, settings, storage) for kind, settings, storage in made
                if not self.is_shared(kind, settings.persist)]

    def clear_local(self, cache_kind: str, function_key: str | None, key: str | None) -> None:
        """What another worker cleared, in this process's own storages: every function of the
        kind (``function_key`` ``None``), one function, or one key of it."""
        with self._lock:
            made = [(s, st) for (kind, fkey, session), (s, st) in self._storages.items()
                    if kind == cache_kind and session is None and function_key in (None, fkey)]
            for fkey in [k for k, f in self._flights.items()
                         if f.finished_at is not None and function_key in (None, k[0])]:
                del self._flights[fkey]
        for settings, storage in made:
            if self.is_shared(cache_kind, settings.persist):
                continue
            if key is None:
                storage.clear()
            else:
                storage.delete(key)

    def drop_session(self, session_id: str) -> None:
        """Clear and forget the session-scoped storages of a closed session."""
        with self._lock:
            slots = [slot for slot in self._storages if slot[2] == session_id]
            dropped = [self._storages.pop(slot)[1] for slot in slots]
        for storage in dropped:
            storage.clear()

    # -- single flight -------------------------------------------------------------

    def join_flight(self, fkey: tuple[str, str | None, str], since: float) -> tuple[Flight, bool]:
        """The flight computing ``fkey`` and whether the caller leads it.

        A flight that finished after ``since`` (when the caller looked the key up) is
        returned as is: its result is as fresh as the caller's request.
        """
        with self._lock:
            flight = self._flights.get(fkey)
            if flight is not None and (flight.finished_at is None or flight.finished_at >= since):
                return flight, False
            flight = self._flights[fkey] = Flight()
            return flight, True

    def land(self, fkey: tuple[str, str | None, str], flight: Flight, *, keep: bool) -> None:
        """Finish ``flight``; keep it briefly for late callers when it produced a result."""
        now = time.monotonic()
        with self._lock:
            if keep:
                flight.finished_at = now
            elif self._flights.get(fkey) is flight:
                del self._flights[fkey]
            stale = [
                k for k, f in self._flights.items() if f.finished_at and now - f.finished_at > FLIGHT_GRACE_SECONDS
            ]
            for k in stale:
                del self._flights[k]
        flight.done.set()


def registry_of(app: KernelApp) -> CacheRegistry:
    """The registry of ``app``, made on first use."""
    registry = app.stash.get(_KEY)
    if registry is None:
        with _make_lock:
            registry = app.stash.get(_KEY)
            if registry is None:
                registry = CacheRegistry(app)
                app.stash[_KEY] = registry
                _registries.add(registry)
    return registry


def existing_registry(app: KernelApp) -> CacheRegistry | None:
    """The registry of ``app`` if caching was used in it."""
    return app.stash.get(_KEY)


def all_registries() -> list[CacheRegistry]:
    """The registries of every app in this process that used caching."""
    return list(_registries)
