"""Essential plugin ``caching_api``: ``st.cache_data``, ``st.cache_resource`` and ``kernel cache``.

Written only against the CacheStorage contract: a cached function's entries live in the
storage ``app.make("caching", ...)`` returns, whichever plugin provides it (the core
``caching`` plugin with its memory and disk backends, ``kernel_contrib.cache_redis``, or a
replacement loaded with ``-p no:caching -p my_storage``). This plugin hashes the
arguments, computes once per key, replays the elements a cached function emitted,
clears the caches when the client asks (``kernel_clear_caches``) and reports their
counters (its own hook ``kernel_cache_stats_updated``). It is essential (entry-point
group ``kernel.essential_plugins``): ``-p no:caching_api`` is refused. See ``docs/caching.md``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kernel import CliCommand, Command, KernelApp, hookimpl, lazy_exports
from kernel.context import get_run_context

if TYPE_CHECKING:
    import pluggy

    from kernel.contracts import AppSession, CacheError
    from kernel_plugins.caching_api._cached import CachedFunction
    from kernel_plugins.caching_api._decorators import CacheDataAPI, CacheResourceAPI
    from kernel_plugins.caching_api._errors import (
        CacheReplayClosureError,
        UnhashableParamError,
        UnserializableReturnValueError,
    )

__all__ = [
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
    "CacheError": "kernel.contracts.caching:CacheError",
    "CacheReplayClosureError": "kernel_plugins.caching_api._errors:CacheReplayClosureError",
    "CachedFunction": "kernel_plugins.caching_api._cached:CachedFunction",
    "UnhashableParamError": "kernel_plugins.caching_api._errors:UnhashableParamError",
    "UnserializableReturnValueError": "kernel_plugins.caching_api._errors:UnserializableReturnValueError",
    "cache_data": "kernel_plugins.caching_api._decorators:cache_data",
    "cache_resource": "kernel_plugins.caching_api._decorators:cache_resource",
})
cache_data: CacheDataAPI
cache_resource: CacheResourceAPI


@hookimpl
def kernel_add_hookspecs(pm: pluggy.PluginManager) -> None:
    """Declare ``kernel_cache_stats_updated``, which this plugin fires at the end of runs."""
    from kernel_plugins.caching_api import hookspecs

    pm.add_hookspecs(hookspecs)


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return [
        Command("cache_data", "kernel_plugins.caching_api._commands:st_cache_data", kind="dynamic",
                component="caching"),
        Command("cache_resource", "kernel_plugins.caching_api._commands:st_cache_resource", kind="dynamic",
                component="caching"),
    ]


@hookimpl
def kernel_register_cli_commands(app: KernelApp) -> Sequence[CliCommand]:
    from kernel_plugins.caching_api._cli import cli_commands

    return cli_commands()


@hookimpl
def kernel_script_run_finished(session: AppSession) -> None:
    ctx = get_run_context()
    if ctx is None:
        return
    from kernel_plugins.caching_api._used import USED_IN_RUN

    used = ctx.stash.get(USED_IN_RUN)
    if not used:
        return
    try:
        stats = [f.storage.statistics() for f in used.values()]
        ctx.app.hook.kernel_cache_stats_updated(app=ctx.app, statistics=stats)
    except Exception:  # an observer or a storage must not break the end of a run
        log.exception("reporting cache statistics failed")


@hookimpl
def kernel_session_closed(session: AppSession) -> None:
    from kernel_plugins.caching_api._registry import existing_registry

    registry = existing_registry(session.app)
    if registry is not None:
        registry.drop_session(session.id)


@hookimpl
def kernel_startup(app: KernelApp) -> None:
    """With a bus between workers (scale-out on), listen for other workers' cache clears
    and statistics requests (``_fleet``)."""
    if app.hook.kernel_make_message_bus(app=app) is None:
        return
    from kernel_plugins.caching_api._fleet import listen

    listen(app)


@hookimpl
def kernel_shutdown(app: KernelApp) -> None:
    from kernel_plugins.caching_api._fleet import stop_listening

    stop_listening(app)


@hookimpl
def kernel_clear_caches(app: KernelApp) -> None:
    """The client asked to clear the caches: empty both kinds of this app."""
    from kernel_plugins.caching_api._registry import registry_of

    registry = registry_of(app)
    registry.clear_kind("data")
    registry.clear_kind("resource")


@hookimpl
def kernel_warm_up() -> None:
    """What the end of the first run and the fleet's cache listener (at start-up) load."""
    import kernel_plugins.caching_api._fleet  # noqa: F401
    import kernel_plugins.caching_api._registry  # noqa: F401
    import kernel_plugins.caching_api._used  # noqa: F401
