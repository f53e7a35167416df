"""The Caching contract: storage behind ``st.cache_data`` and ``st.cache_resource``.

A backend is a plugin answering ``kernel_make_cache_storage`` with a :class:`CacheStorage`
for one cached function. Storages made for the same cache kind and ``function_key``
share their entries (in this process for memory, across processes for disk or Redis).
A storage made for :data:`ALL_FUNCTIONS` is the *backend-wide* view used by
``st.cache_data.clear()`` and ``kernel cache clear|stats``: its :meth:`CacheStorage.clear`
empties every function of that kind and its :meth:`CacheStorage.statistics` lists them.
``kernel.testing.cache_conformance.check_cache_storage`` checks a backend against all this.

The caller of this contract is the essential ``caching_api`` plugin (``st.cache_data``,
``st.cache_resource``, ``kernel cache``), which knows no backend: it leaves
:attr:`CacheSettings.backend` unset, and the plugin that owns the ``[cache]`` config (the
core ``caching`` plugin) selects a backend and asks again with it named.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, Literal, Protocol, runtime_checkable

import attrs

from kernel._errors import KernelAPIException

__all__ = [
    "ALL_FUNCTIONS",
    "BackendWideStorage",
    "CacheBackendInfo",
    "CacheError",
    "CacheKind",
    "CacheSettings",
    "CacheStorage",
    "CacheStorageStatistics",
    "SharedFlight",
]

CacheKind = Literal["data", "resource"]

ALL_FUNCTIONS: Final = "*"
"""``CacheSettings.function_key`` of the backend-wide storage (see the module docstring)."""


@attrs.frozen
class CacheSettings:
    """What a storage needs to know about the cached function it stores for."""

    function_key: str
    """Identity of the cached function (module, qualified name, source); :data:`ALL_FUNCTIONS`
    for the backend-wide view. Entries of different function keys never mix."""
    function_name: str
    """Human-readable name, shown by ``kernel cache stats``."""
    ttl_seconds: float | None = None
    """Entries older than this are gone (``get`` raises ``KeyError``); ``None``: never expire."""
    max_entries: int | None = None
    """Keep at most this many entries, evicting the least recently used; ``None``: unbounded."""
    max_size_bytes: int | None = None
    """Byte budget of this function's ``bytes`` values (LRU eviction); ``None``: unbounded."""
    persist: str | None = None
    """``"disk"`` when the function asked for ``persist="disk"``."""
    backend: str | None = None
    """The backend to use (``"memory"``, ``"disk"``, ``"redis"``, ...). A backend plugin
    answers only when this names it. ``None`` (what ``st.cache_data`` passes) leaves the
    choice to the storage plugins: the core ``caching`` plugin, asked last, selects the
    backend ``[cache] backend`` and :attr:`persist` name and asks again with it set. A
    replacement storage plugin that serves every function may answer ``None`` too."""
    on_evict: Callable[[Any], None] | None = attrs.field(default=None, eq=False)
    """Called with each value a ``resource`` storage drops (expiry, eviction, delete, clear)."""


class CacheError(KernelAPIException):
    """A cached function, a cache decorator or the cache config was used in a way caching cannot support.

    The message says what to change. Raised by ``st.cache_data``/``st.cache_resource``
    and by storage plugins (e.g. a ``[cache] backend`` that no plugin provides).
    """


@attrs.frozen
class CacheBackendInfo:
    """How a backend describes itself to people (``kernel cache stats`` and ``clear``).

    Offered by a backend-wide storage as the optional ``describe()`` method (see
    :class:`CacheStorage`). Nothing in it may be secret: a URL's password is masked.
    """

    name: str
    """The backend's name as ``[cache] backend`` spells it: ``"memory"``, ``"disk"``, ``"redis"``."""
    location: str = ""
    """Where the entries are, ready to follow "the disk cache": ``"in /home/me/.kernel/cache"``,
    ``"at redis://:***@cache:6379/0"``; empty when there is nothing to say."""
    shared: bool = True
    """Whether other processes see the entries (``False`` for memory: only the process
    that stored them does)."""


@attrs.frozen
class CacheStorageStatistics:
    """Counters of one storage (``hits`` and ``misses`` count ``get`` calls).

    The backend-wide storage reports totals and, in ``functions``, one record per
    function key it holds entries or counters for.
    """

    entries: int
    size_bytes: int
    hits: int
    misses: int
    function_key: str = ""
    function_name: str = ""
    functions: tuple[CacheStorageStatistics, ...] = ()
    rejected: int = 0
    """Entries found but unusable (bad signature, unreadable, not unpicklable, wrong shape):
    each was deleted and counted as a miss too."""


@runtime_checkable
class CacheStorage(Protocol):
    """Key/value storage for one cached function.

    Made by ``kernel_make_cache_storage`` for a cache kind and :class:`CacheSettings`.
    Called from script threads of many sessions at once: it must be thread safe.
    ``data`` storages hold ``bytes``; ``resource`` storages may hold any object.
    A storage must not raise on a lost connection to its server: ``get`` raises
    ``KeyError`` and ``set`` does nothing (log it), so the app computes without caching.

    **Optional:** a backend-wide storage may offer ``describe() -> CacheBackendInfo``,
    which ``kernel cache`` prints (name, location) and uses to tell backends apart;
    without it the storage's class name is shown.

    **Optional:** ``reject(key, reason)``: the caller got a value from ``get`` but could not
    use it (it did not unpickle, or had the wrong shape). The storage deletes the entry and
    counts the ``get`` as a miss and as ``rejected`` instead of a hit; without it the
    caller calls ``delete``.

    **Optional:** ``flight(key) -> SharedFlight | None``: a storage that other processes
    share (a server) may offer single flight across them, so that the same miss on N
    workers at once runs the function once (see :class:`SharedFlight`). ``None`` (or no
    such method): each process computes on its own (one caller per process still does).

    **Shared or persistent backends** (a file, a server) must sign what they store and
    verify it in ``get`` before returning it, so that no value someone else wrote reaches
    the unpickler: :mod:`kernel.contracts.signed_values` does both. An entry that does
    not verify is a miss: delete it, count it in ``rejected`` and log it once.
    """

    def get(self, key: str) -> Any:
        """The value under ``key``; raises ``KeyError`` when missing or expired."""
        ...

    def set(self, key: str, value: Any) -> None:
        """Store ``value`` under ``key``."""
        ...

    def delete(self, key: str) -> None:
        """Remove ``key`` if present."""
        ...

    def clear(self) -> None:
        """Remove every entry (of every function, for the backend-wide storage)."""
        ...

    def statistics(self) -> CacheStorageStatistics:
        """Current counters."""
        ...


@runtime_checkable
class SharedFlight(Protocol):
    """One process's part in computing one key once for every process sharing a storage.

    Returned by a shared storage's optional ``flight(key)``. The caller first tries
    :meth:`lead`: ``True`` means it computes, stores the value (``set``) and then calls
    :meth:`release`; while it computes the storage keeps its claim alive, and the claim
    expires soon after its process dies, so a crashed worker never blocks the others.
    ``False`` means another process computes: the caller :meth:`wait`-s (in short steps,
    so that it can notice its run being stopped), then looks the key up again, and tries
    :meth:`lead` again if the value is still missing (the leader failed). After
    :attr:`patience` seconds of waiting it computes without the claim.

    Never raises for a lost connection: :meth:`lead` answers ``True`` (compute here) and
    :meth:`wait` ``True`` (stop waiting) when the server is away.
    """

    patience: float
    """Seconds a caller waits for other processes in all before computing by itself."""

    def lead(self) -> bool:
        """Claim the computation of the key: ``True`` if this process computes it now."""
        ...

    def wait(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for the claim to end; ``True`` once no process holds it."""
        ...

    def release(self) -> None:
        """End this process's claim (after ``set``, or after the function failed); idempotent."""
        ...


class BackendWideStorage:
    """Base of the storage a backend returns for :data:`ALL_FUNCTIONS`.

    It holds no entries of its own: ``get`` misses, ``set`` is refused, ``delete`` does
    nothing. Subclasses implement :meth:`clear` (empty every function of the backend)
    and ``statistics`` (with ``functions`` listing each one).
    """

    def get(self, key: str) -> Any:
        """Always a miss."""
        raise KeyError(key)

    def set(self, key: str, value: Any) -> None:
        """Refused: store through a function's storage."""
        raise TypeError("the backend-wide cache storage cannot store values; make a storage for the function")

    def delete(self, key: str) -> None:
        """Nothing to delete at the backend level."""

    def clear(self) -> None:
        """Remove every entry of every function of the backend."""
        raise NotImplementedError
