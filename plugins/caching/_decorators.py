"""``st.cache_data`` and ``st.cache_resource``: memoising decorators over a storage."""

from __future__ import annotations

import functools
import hashlib
import inspect
import pickle
import threading
from collections.abc import Callable
from typing import Any

from kernel.app import current_app
from kernel.contracts import CacheSettings, CacheStorage


class _CachedFunction:
    """A function wrapped by a cache decorator."""

    def __init__(self, func: Callable[..., Any], kind: str, ttl: float | None, max_entries: int | None) -> None:
        functools.update_wrapper(self, func)
        self._func = func
        self._kind = kind
        self._settings = CacheSettings(
            function_key=f"{func.__module__}.{func.__qualname__}",
            function_name=func.__qualname__,
            ttl_seconds=ttl,
            max_entries=max_entries,
        )
        self._storage: CacheStorage | None = None
        self._lock = threading.Lock()

    def _get_storage(self) -> CacheStorage:
        if self._storage is None:
            with self._lock:
                if self._storage is None:
                    self._storage = current_app().make(
                        "caching", cache_kind=self._kind, settings=self._settings
                    )
        return self._storage

    def _key(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
        bound = inspect.signature(self._func).bind(*args, **kwargs)
        bound.apply_defaults()
        items = [(k, v) for k, v in bound.arguments.items() if not k.startswith("_")]
        return hashlib.blake2b(pickle.dumps(items), digest_size=16).hexdigest()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        storage = self._get_storage()
        key = self._key(args, kwargs)
        try:
            value = storage.get(key)
        except KeyError:
            result = self._func(*args, **kwargs)
            storage.set(key, pickle.dumps(result) if self._kind == "data" else result)
            return result
        return pickle.loads(value) if self._kind == "data" else value

    def clear(self) -> None:
        """Drop this function's entries."""
        if self._storage is not None:
            self._storage.clear()


class CacheDecorator:
    """The object behind ``st.cache_data`` / ``st.cache_resource``."""

    def __init__(self, kind: str) -> None:
        self._kind = kind
        self._functions: list[_CachedFunction] = []

    def __call__(self, func: Callable[..., Any] | None = None, *, ttl: float | None = None,
                 max_entries: int | None = None, **_: Any) -> Any:
        def wrap(f: Callable[..., Any]) -> _CachedFunction:
            cached = _CachedFunction(f, self._kind, ttl, max_entries)
            self._functions.append(cached)
            return cached

        return wrap(func) if func is not None else wrap

    def clear(self) -> None:
        """Drop every entry of every function cached with this decorator."""
        for cached in self._functions:
            cached.clear()
