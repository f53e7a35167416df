"""Core plugin ``caching``: ``st.cache_data``, ``st.cache_resource`` and their storage."""

from __future__ import annotations

from collections.abc import Sequence

from kernel import Command, hookimpl
from kernel.app import KernelApp
from kernel.contracts import CacheSettings, CacheStorage
from plugins.caching._decorators import CacheDecorator
from plugins.caching._memory import MemoryCacheStorage

__all__ = ["CacheDecorator", "MemoryCacheStorage"]

cache_data = CacheDecorator("data")
cache_resource = CacheDecorator("resource")


@hookimpl(trylast=True)
def kernel_make_cache_storage(cache_kind: str, settings: CacheSettings) -> CacheStorage:
    return MemoryCacheStorage(settings)


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return [
        Command("cache_data", cache_data, kind="module"),
        Command("cache_resource", cache_resource, kind="module"),
    ]
