"""Core plugin ``caching``: the CacheStorage component, with memory and disk backends.

It answers ``kernel_make_cache_storage`` last (``trylast``): for ``memory`` and ``disk``
itself; for a request that names no backend (what ``st.cache_data`` sends) it selects
the one ``[cache] backend`` and ``persist`` name and, for another backend
(``contrib/cache_redis``), asks again with it named. It owns the ``[cache]`` config.
``st.cache_data``, ``st.cache_resource`` and ``kernel cache`` come from the essential
``caching_api`` plugin, written against the contract. See ``docs/caching.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from kernel import ConfigSection, KernelApp, hookimpl, lazy_exports
from kernel_plugins.caching._config import BACKENDS, CacheConfig

if TYPE_CHECKING:
    from kernel.contracts import CacheSettings, CacheStorage
    from kernel_plugins.caching._disk import DiskCacheStorage, DiskDatabase
    from kernel_plugins.caching._memory import MemoryCacheStorage, MemoryPool

__all__ = ["CacheConfig", "DiskCacheStorage", "DiskDatabase", "MemoryCacheStorage", "MemoryPool"]

# The backends load when a script first uses a cache, not with the server.
__getattr__ = lazy_exports(__name__, {
    "DiskCacheStorage": "kernel_plugins.caching._disk:DiskCacheStorage",
    "DiskDatabase": "kernel_plugins.caching._disk:DiskDatabase",
    "MemoryCacheStorage": "kernel_plugins.caching._memory:MemoryCacheStorage",
    "MemoryPool": "kernel_plugins.caching._memory:MemoryPool",
})


@hookimpl(trylast=True)
def kernel_make_cache_storage(app: KernelApp, cache_kind: str, settings: CacheSettings) -> CacheStorage:
    from kernel.contracts import CacheError
    from kernel_plugins.caching._backends import backends_of

    backends = backends_of(app)
    backend = settings.backend or backends.backend_for(cache_kind, settings.persist)
    if cache_kind == "resource" or backend == "memory":
        return backends.memory.storage(cache_kind, settings)
    if backend == "disk":
        return backends.disk_storage(settings)
    if settings.backend is None:
        # Every plugin was asked already and none serves an unnamed backend: ask the one selected.
        named = attrs.evolve(settings, backend=backend)
        storage: CacheStorage = app.make("caching", cache_kind=cache_kind, settings=named)
        return storage
    hint = (
        " It comes from the 'cache_redis' plugin (kernel_contrib.cache_redis): is it disabled, or is kernel"
        " installed without its entry points?"
        if backend == "redis"
        else ""
    )
    raise CacheError(
        f"[cache] backend = {backend!r}, but no loaded plugin provides that cache backend.{hint} "
        f"Built-in backends: {', '.join(BACKENDS)}."
    )


@hookimpl
def kernel_register_config_sections(app: KernelApp) -> Sequence[ConfigSection]:
    return [ConfigSection("cache", CacheConfig)]


@hookimpl
def kernel_shutdown(app: KernelApp) -> None:
    from kernel_plugins.caching._backends import existing_backends

    backends = existing_backends(app)
    if backends is not None:
        backends.close()


@hookimpl
def kernel_warm_up() -> None:
    """The storage backends (loaded with the first cache otherwise)."""
    import kernel_plugins.caching._backends  # noqa: F401
