"""``st.cache_data`` and ``st.cache_resource``: decorators that validate their arguments."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Mapping
from typing import Any

from kernel import KernelError, current_app
from kernel.context import get_run_context
from kernel_plugins.caching_api._arguments import parse_size, parse_ttl
from kernel_plugins.caching_api._cached import CachedFunction, CacheParams
from kernel_plugins.caching_api._errors import CacheError
from kernel_plugins.caching_api._registry import all_registries, registry_of

log = logging.getLogger("kernel.caching")

__all__ = ["CacheDataAPI", "CacheResourceAPI"]

TTL = float | int | datetime.timedelta | str | None


def _check_common(
    kind: str, max_entries: Any, show_spinner: Any, hash_funcs: Any, scope: Any, refresh_mode: Any
) -> None:
    name = f"st.cache_{kind}"
    if max_entries is not None and (isinstance(max_entries, bool) or not isinstance(max_entries, int)):
        raise CacheError(f"{name}: max_entries must be a positive int or None, got {max_entries!r}.")
    if max_entries is not None and max_entries < 1:
        raise CacheError(f"{name}: max_entries must be at least 1, got {max_entries}.")
    if not isinstance(show_spinner, bool | str):
        raise CacheError(f"{name}: show_spinner must be True, False or the spinner's text, got {show_spinner!r}.")
    if hash_funcs is not None and not isinstance(hash_funcs, Mapping):
        raise CacheError(
            f"{name}: hash_funcs must map a type (or its 'module.QualName') to a function, got {hash_funcs!r}."
        )
    if scope not in ("global", "session"):
        raise CacheError(f"{name}: scope must be 'global' or 'session', got {scope!r}.")
    if refresh_mode == "background":
        raise CacheError(
            f"{name}: refresh_mode='background' is not supported by kernel; expired entries are recomputed "
            "on the next call (refresh_mode='foreground')."
        )
    if refresh_mode != "foreground":
        raise CacheError(f"{name}: refresh_mode must be 'foreground', got {refresh_mode!r}.")


class _CacheAPI:
    kind = ""

    def clear(self) -> None:
        """Drop every entry of every function cached this way (all sessions; shared backends too)."""
        ctx = get_run_context()
        if ctx is not None:
            registry_of(ctx.app).clear_kind(self.kind)
            return
        # Outside a run: every app of this process that used caching. The activated app's
        # errors (a blocked or misconfigured backend) are the caller's; another app's are
        # not (it may be one a test or a tool built and dropped, with a config of its own).
        active = current_app()
        for registry in all_registries():
            try:
                registry.clear_kind(self.kind)
            except KernelError:
                if registry.app is active:
                    raise
                log.warning("st.cache_%s.clear(): skipped another app of this process whose caches could not "
                            "be reached", self.kind, exc_info=True)

    def _decorate(self, func: Callable[..., Any] | None, params: CacheParams) -> Any:
        if func is None:
            return lambda f: CachedFunction(f, self.kind, params)
        if not callable(func):
            raise CacheError(
                f"st.cache_{self.kind} decorates a function; got {func!r}. Use it as @st.cache_{self.kind} "
                f"or @st.cache_{self.kind}(ttl=...)."
            )
        return CachedFunction(func, self.kind, params)


class CacheDataAPI(_CacheAPI):
    """``st.cache_data``: cache what a function returns; every call gets its own (unpickled) copy."""

    kind = "data"

    def __call__(
        self,
        func: Callable[..., Any] | None = None,
        *,
        ttl: TTL = None,
        max_entries: int | None = None,
        max_size: int | str | None = None,
        show_spinner: bool | str = True,
        show_time: bool = False,
        persist: str | bool | None = None,
        hash_funcs: Mapping[type | str, Callable[[Any], Any]] | None = None,
        scope: str = "global",
        refresh_mode: str = "foreground",
    ) -> Any:
        _check_common("data", max_entries, show_spinner, hash_funcs, scope, refresh_mode)
        if persist is True:
            persist = "disk"
        elif persist is False:
            persist = None
        if persist not in (None, "disk"):
            raise CacheError(
                f"st.cache_data: unsupported persist option {persist!r}; use persist='disk' (or True) to keep "
                "entries on disk, or None to keep them in the configured [cache] backend."
            )
        params = CacheParams(
            ttl_seconds=parse_ttl(ttl),
            max_entries=max_entries,
            max_size_bytes=parse_size(max_size),
            show_spinner=show_spinner,
            show_time=show_time,
            persist=persist,
            hash_funcs=hash_funcs,
            scope=scope,
        )
        return self._decorate(func, params)


class CacheResourceAPI(_CacheAPI):
    """``st.cache_resource``: share one object (a connection, a model) with every caller."""

    kind = "resource"

    def __call__(
        self,
        func: Callable[..., Any] | None = None,
        *,
        ttl: TTL = None,
        max_entries: int | None = None,
        show_spinner: bool | str = True,
        show_time: bool = False,
        validate: Callable[[Any], bool] | None = None,
        hash_funcs: Mapping[type | str, Callable[[Any], Any]] | None = None,
        on_release: Callable[[Any], None] | None = None,
        scope: str = "global",
        refresh_mode: str = "foreground",
    ) -> Any:
        _check_common("resource", max_entries, show_spinner, hash_funcs, scope, refresh_mode)
        for name, value in (("validate", validate), ("on_release", on_release)):
            if value is not None and not callable(value):
                raise CacheError(f"st.cache_resource: {name} must be a function, got {value!r}.")
        params = CacheParams(
            ttl_seconds=parse_ttl(ttl),
            max_entries=max_entries,
            show_spinner=show_spinner,
            show_time=show_time,
            hash_funcs=hash_funcs,
            validate=validate,
            on_release=on_release,
            scope=scope,
        )
        return self._decorate(func, params)


cache_data = CacheDataAPI()
"""``st.cache_data``."""
cache_resource = CacheResourceAPI()
"""``st.cache_resource``."""
