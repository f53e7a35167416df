"""Core plugin ``caching``: ``st.cache_data``, ``st.cache_resource``, memory and disk storage.

Hooks only; the work is in the sibling modules. Other backends (``contrib/cache_redis``)
answer ``kernel_make_cache_storage`` when ``settings.backend`` names them; this plugin
answers last, for ``memory`` and ``disk``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kernel import CliCommand, Command, ConfigSection, hookimpl
from kernel.app import KernelApp
from kernel.context import get_run_context
from kernel.lazy import lazy_exports
from plugins.caching._cli import cli_commands
from plugins.caching._config import BACKENDS, CacheConfig
from plugins.caching._errors import (
    CacheError,
    CacheReplayClosureError,
    UnhashableParamError,
    UnserializableReturnValueError,
)

if TYPE_CHECKING:
    import pluggy

    from kernel.contracts import AppSession, CacheSettings, CacheStorage
    from plugins.caching._cached import CachedFunction
    from plugins.caching._decorators import CacheDataAPI, CacheResourceAPI

__all__ = [
    "CacheConfig",
    "CacheError",
    "CacheReplayClosureError",
    "CachedFunction",
    "UnhashableParamError",
    "UnserializableReturnValueError",
    "cache_data",
    "cache_resource",
]

log = logging.getLogger(__name__)

# Hashing, pickling and storage load when a script first uses a cache, not with the server.
__getattr__ = lazy_exports(__name__, {
    "CachedFunction": "plugins.caching._cached:CachedFunction",
    "cache_data": "plugins.caching._decorators:cache_data",
    "cache_resource": "plugins.caching._decorators:cache_resource",
})
cache_data: CacheDataAPI
cache_resource: CacheResourceAPI


@hookimpl
def kernel_add_hookspecs(pm: pluggy.PluginManager) -> None:
    """Declare ``kernel_cache_stats_updated``, which this plugin fires at the end of runs."""
    from plugins.caching import hookspecs

    pm.add_hookspecs(hookspecs)


@hookimpl(trylast=True)
def kernel_make_cache_storage(app: KernelApp, cache_kind: str, settings: CacheSettings) -> CacheStorage:
    from plugins.caching._registry import registry_of

    registry = registry_of(app)
    backend = settings.backend or registry.backend_for(cache_kind, settings.persist)
    if cache_kind == "resource" or backend == "memory":
        return registry.memory.storage(cache_kind, settings)
    if backend == "disk":
        return registry.disk().storage(settings)
    hint = (
        " It comes from the 'cache_redis' plugin (contrib.cache_redis): is it disabled, or is kernel"
        " installed without its entry points?"
        if backend == "redis"
        else ""
    )
    raise CacheError(
        f"[cache] backend = {backend!r}, but no loaded plugin provides that cache backend.{hint} "
        f"Built-in backends: {', '.join(BACKENDS)}."
    )


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return [
        Command("cache_data", "plugins.caching._decorators:cache_data", kind="module"),
        Command("cache_resource", "plugins.caching._decorators:cache_resource", kind="module"),
    ]


@hookimpl
def kernel_register_config_sections(app: KernelApp) -> Sequence[ConfigSection]:
    return [ConfigSection("cache", CacheConfig)]


@hookimpl
def kernel_register_cli_commands(app: KernelApp) -> Sequence[CliCommand]:
    return cli_commands()


@hookimpl
def kernel_script_run_finished(session: AppSession) -> None:
    ctx = get_run_context()
    if ctx is None:
        return
    from plugins.caching._cached import USED_IN_RUN

    used = ctx.stash.get(USED_IN_RUN)
    if not used:
        return
    try:
        stats = [f.storage.statistics() for f in used.values()]
        ctx.app.hook.kernel_cache_stats_updated(app=ctx.app, statistics=stats)
    except Exception:  # an observer or a storage must not break the end of a run
        log.exception("reporting cache statistics failed")


@hookimpl
def kernel_shutdown(app: KernelApp) -> None:
    from plugins.caching._registry import existing_registry

    registry = existing_registry(app)
    if registry is not None:
        registry.close()


@hookimpl
def kernel_session_closed(session: AppSession) -> None:
    from plugins.caching._registry import existing_registry

    registry = existing_registry(session.app)
    if registry is not None:
        registry.drop_session(session.id)


@hookimpl
def kernel_clear_caches(app: KernelApp) -> None:
    """The client asked to clear the caches: empty both kinds of this app."""
    from plugins.caching._registry import registry_of

    registry = registry_of(app)
    registry.clear_kind("data")
    registry.clear_kind("resource")
