"""A function wrapped by ``st.cache_data`` or ``st.cache_resource``.

A call hashes its arguments, asks the function's storage, and on a hit returns the
value (a fresh unpickled copy for data, the shared object for resources) after
replaying the elements the function emitted. On a miss exactly one caller per key
computes (single flight); the others wait and share its result or its exception. When
the storage is shared by several processes and offers single flight across them
(``flight(key)``, :class:`kernel.contracts.caching.SharedFlight`), the one caller of
each process first claims the key there: one process computes, the others wait for its
value in the storage.
"""

from __future__ import annotations

import functools
import inspect
import pickle
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import xxhash

from kernel import current_app
from kernel.context import RunContext, get_run_context
from kernel.contracts import CacheSettings, CacheStorage
from kernel.contracts.caching import SharedFlight
from kernel.contracts.signed_values import OnceLogger
from kernel_plugins.caching_api._call_keys import ArgumentHasher, HashFuncs, function_identity
from kernel_plugins.caching_api._entries import log as entries_log
from kernel_plugins.caching_api._entries import reject_entry, unpickle_entry
from kernel_plugins.caching_api._errors import CacheError, UnserializableReturnValueError
from kernel_plugins.caching_api._registry import CacheRegistry, Flight, registry_of
from kernel_plugins.caching_api._replay import RecordedElement, Recorder, replay
from kernel_plugins.caching_api._used import USED_IN_RUN

__all__ = ["CacheParams", "CachedFunction", "USED_IN_RUN"]

_WAIT_STEP = 0.25
"""Seconds between looks at the run's stop and rerun requests while another process computes."""



@attrs.frozen
class CacheParams:
    """The decorator arguments of one cached function, already validated."""

    ttl_seconds: float | None = None
    max_entries: int | None = None
    max_size_bytes: int | None = None
    show_spinner: bool | str = True
    show_time: bool = False
    persist: str | None = None
    hash_funcs: HashFuncs | None = attrs.field(default=None, eq=False)
    validate: Callable[[Any], bool] | None = attrs.field(default=None, eq=False)
    on_release: Callable[[Any], None] | None = attrs.field(default=None, eq=False)
    scope: str = "global"


class _Resource:
    """What a resource storage holds: the shared object and the elements to replay."""

    __slots__ = ("elements", "value")

    def __init__(self, value: Any, elements: tuple[RecordedElement, ...]) -> None:
        self.value = value
        self.elements = elements


class _Bound:
    """The storage of a cached function in one app (and session, for session scope)."""

    __slots__ = ("app", "registry", "session_id", "storage")

    def __init__(self, app: Any, session_id: str | None, registry: CacheRegistry, storage: CacheStorage) -> None:
        self.app = app
        self.session_id = session_id
        self.registry = registry
        self.storage = storage


class CachedFunction:
    """The callable a cache decorator returns; ``.clear()`` drops its entries."""

    def __init__(self, func: Callable[..., Any], kind: str, params: CacheParams) -> None:
        functools.update_wrapper(self, func)
        self._func = func
        self._kind = kind
        self._params = params
        self._hasher = ArgumentHasher(func, params.hash_funcs)
        self._name = getattr(func, "__qualname__", repr(func))
        self._function_key = xxhash.xxh3_128_hexdigest(kind.encode() + function_identity(func))
        self._is_async = inspect.iscoroutinefunction(func)
        self._bound: _Bound | None = None
        self._rejections = OnceLogger(entries_log)
        on_release = params.on_release
        self._on_evict = (lambda entry: on_release(entry.value)) if on_release is not None else None

    def __repr__(self) -> str:
        return f"<cached {self._kind} function {self._name}>"

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        return _BoundCachedMethod(self, instance)

    # -- binding -------------------------------------------------------------------

    def _bind(self, ctx: RunContext | None) -> _Bound:
        app = ctx.app if ctx is not None else current_app()
        session_id = None
        if self._params.scope == "session":
            if ctx is None:
                raise CacheError(
                    f"'{self._name}' uses scope='session', which needs a running script (a session); "
                    "call it from the app, or use scope='global'."
                )
            session_id = ctx.session.id
        bound = self._bound
        if bound is not None and bound.app is app and bound.session_id == session_id:
            return bound
        registry = registry_of(app)
        p = self._params
        settings = CacheSettings(
            function_key=self._function_key if session_id is None else f"{self._function_key}.{session_id}",
            function_name=self._name,
            ttl_seconds=p.ttl_seconds,
            max_entries=p.max_entries,
            max_size_bytes=p.max_size_bytes,
            persist=p.persist,
            on_evict=self._on_evict,
        )
        bound = _Bound(app, session_id, registry, registry.storage(self._kind, settings, session_id))
        self._bound = bound
        return bound

    # -- calling -------------------------------------------------------------------

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._is_async:
            return self._call_async(args, kwargs)
        ctx = get_run_context()
        bound = self._bind(ctx)
        key = self._hasher.key(args, kwargs)
        if ctx is not None and bound.registry.stats_observed:
            ctx.stash.setdefault(USED_IN_RUN, {})[id(self)] = self
        since = time.monotonic()
        found, value = self._lookup(bound.storage, key, ctx)
        if found:
            return value
        return self._compute(ctx, bound, key, since, args, kwargs)

    def _lookup(self, storage: CacheStorage, key: str, ctx: RunContext | None) -> tuple[bool, Any]:
        try:
            raw = storage.get(key)
        except KeyError:
            return False, None
        if self._kind == "data":
            try:
                value, elements = unpickle_entry(raw)
            except Exception as exc:  # noqa: BLE001 - any unusable entry is a miss, never an error of the app
                reject_entry(storage, key, self._name, f"{type(exc).__name__}: {exc}", self._rejections)
                return False, None
        else:
            value, elements = raw.value, raw.elements
            validate = self._params.validate
            if validate is not None and not validate(value):
                storage.delete(key)
                return False, None
        replay(ctx, elements)
        return True, value

    def _compute(
        self,
        ctx: RunContext | None,
        bound: _Bound,
        key: str,
        since: float,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> Any:
        fkey = (self._function_key, bound.session_id, key)
        while True:
            flight, leader = bound.registry.join_flight(fkey, since)
            if leader:
                return self._lead(ctx, bound, key, fkey, flight, args, kwargs)
            if flight.owner == threading.get_ident():  # the function calls itself with the same arguments
                return self._func(*args, **kwargs)
            with self._spinner(ctx, args, kwargs):
                flight.done.wait()
            if flight.error is None:
                return self._decode_shared(ctx, flight.result)
            if isinstance(flight.error, Exception):
                raise flight.error
            # The leader's run was stopped (not an error of the function): try again, maybe as
            # the leader; a result finished since our lookup (by whoever took over) still serves.

    def _lead(
        self, ctx: RunContext | None, bound: _Bound, key: str, fkey: Any, flight: Flight,
        args: tuple[Any, ...], kwargs: dict[str, Any],
    ) -> Any:  # fmt: skip
        keep = False
        shared = self._shared_flight(bound.storage, key)
        try:
            if shared is not None:
                raw, decoded = self._wait_for_others(ctx, bound.storage, key, shared, args, kwargs)
                if decoded is not None:
                    flight.result = raw
                    keep = True
                    replay(ctx, decoded[1])
                    return decoded[0]
            with self._spinner(ctx, args, kwargs):
                if ctx is not None:
                    with Recorder(ctx, self._name) as recorder:
                        value = self._func(*args, **kwargs)
                    elements = tuple(recorder.elements)
                else:
                    value, elements = self._func(*args, **kwargs), ()
            stored = self._encode(value, elements)
            bound.storage.set(key, stored)
            flight.result = stored
            keep = True
        except BaseException as exc:
            flight.error = exc
            raise
        finally:
            if shared is not None:
                shared.release()
            bound.registry.land(fkey, flight, keep=keep)
        return value  # the storage holds its own pickled copy, so the caller may mutate this one

    def _shared_flight(self, storage: CacheStorage, key: str) -> SharedFlight | None:
        make = getattr(storage, "flight", None) if self._kind == "data" else None
        if make is None:
            return None
        shared = make(key)
        return shared if isinstance(shared, SharedFlight) else None

    def _wait_for_others(
        self, ctx: RunContext | None, storage: CacheStorage, key: str, shared: SharedFlight,
        args: tuple[Any, ...], kwargs: dict[str, Any],
    ) -> tuple[Any, tuple[Any, Any] | None]:  # fmt: skip
        """Claim ``key`` across processes; while another process holds it, wait for its value.

        ``(raw entry, (value, elements))`` when another process stored the value; ``(None,
        None)`` when this process is to compute it (it holds the claim, or waited
        :attr:`SharedFlight.patience`).
        """
        deadline = time.monotonic() + shared.patience
        while not shared.lead():
            with self._spinner(ctx, args, kwargs):
                while not shared.wait(min(_WAIT_STEP, max(0.0, deadline - time.monotonic()))):
                    if ctx is not None:
                        ctx.checkpoint()  # a stop or rerun request ends the wait (and the run)
                    if time.monotonic() >= deadline:
                        return None, None
            try:
                raw = storage.get(key)
            except KeyError:
                continue  # the other process failed or stored nothing: try to compute it here
            try:
                return raw, unpickle_entry(raw)
            except Exception as exc:  # noqa: BLE001 - an unusable entry is a miss
                reject_entry(storage, key, self._name, f"{type(exc).__name__}: {exc}", self._rejections)
        return None, None

    def _encode(self, value: Any, elements: tuple[RecordedElement, ...]) -> Any:
        if self._kind == "resource":
            return _Resource(value, elements)
        try:
            return pickle.dumps((value, elements), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            raise UnserializableReturnValueError(
                f"'{self._name}' returned a {type(value).__qualname__}, which st.cache_data cannot pickle "
                f"({type(exc).__name__}: {exc}). st.cache_data returns a copy of the value on every call, so it "
                "must be picklable; use st.cache_resource for objects to share as they are (connections, models)."
            ) from exc

    def _decode_shared(self, ctx: RunContext | None, stored: Any) -> Any:
        if self._kind == "resource":
            replay(ctx, stored.elements)
            return stored.value
        value, elements = pickle.loads(stored)
        replay(ctx, elements)
        return value

    async def _call_async(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        ctx = get_run_context()
        bound = self._bind(ctx)
        key = self._hasher.key(args, kwargs)
        found, value = self._lookup(bound.storage, key, ctx)
        if found:
            return value
        with self._spinner(ctx, args, kwargs):
            if ctx is not None:
                with Recorder(ctx, self._name) as recorder:
                    value = await self._func(*args, **kwargs)
                elements = tuple(recorder.elements)
            else:
                value, elements = await self._func(*args, **kwargs), ()
        bound.storage.set(key, self._encode(value, elements))
        return value

    def _spinner(self, ctx: RunContext | None, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> _Spinner:
        show = self._params.show_spinner
        if ctx is None or show is False or not ctx.containers:
            return _NO_SPINNER
        text = show if isinstance(show, str) else f"Running `{self._name}({'...' if args or kwargs else ''})`."
        return _Spinner(ctx, text, self._params.show_time)

    # -- clearing and statistics -----------------------------------------------------

    def clear(self, *args: Any, **kwargs: Any) -> None:
        """Drop every entry of this function, or only the one for these arguments."""
        bound = self._bind(get_run_context())
        key = self._hasher.key(args, kwargs) if args or kwargs else None
        if key is not None:
            bound.storage.delete(key)
        else:
            bound.storage.clear()
        if bound.session_id is None:  # other workers clear their own copies (a session's live here only)
            from kernel_plugins.caching_api._fleet import publish_clear

            publish_clear(bound.app, self._kind, self._function_key, key)

    @property
    def storage(self) -> CacheStorage:
        """This function's storage in the current app (made on first use)."""
        return self._bind(get_run_context()).storage


class _BoundCachedMethod:
    """A cached function accessed on an instance: the instance is the first argument."""

    __slots__ = ("_cached", "_instance")

    def __init__(self, cached: CachedFunction, instance: Any) -> None:
        self._cached = cached
        self._instance = instance

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._cached(self._instance, *args, **kwargs)

    def clear(self, *args: Any, **kwargs: Any) -> None:
        """Drop every entry of the method (all instances), or only the one for these arguments."""
        if args or kwargs:
            self._cached.clear(self._instance, *args, **kwargs)
        else:
            self._cached.clear()


class _Spinner:
    """A ``spinner`` element in the current container while the function computes.

    It is replaced by an ``empty`` element when the computation ends, as Streamlit does.
    """

    def __init__(self, ctx: RunContext | None, text: str, show_time: bool) -> None:
        self._ctx = ctx
        self._text = text
        self._show_time = show_time
        self._slot: Any = None

    def __enter__(self) -> _Spinner:
        if self._ctx is not None:
            props = {"text": self._text, "show_time": self._show_time, "cache": True}
            self._slot = self._ctx.current_container().add_element("spinner", props)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._slot is not None:
            self._slot.add_element("empty", {})


_NO_SPINNER = _Spinner(None, "", False)
