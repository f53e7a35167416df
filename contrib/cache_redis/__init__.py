"""Optional plugin ``kernel_contrib.cache_redis``: ``st.cache_data`` entries in a shared Redis server.

It is registered by entry point and stays idle until ``[cache] backend = "redis"`` (with
``redis_url``) selects it. Several ``kernel run``
processes, on one machine or many, then share one cache. ``st.cache_resource`` values are
live objects and stay in each process's memory. Needs the ``redis`` client package
(``pip install kernel[redis]``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kernel import KernelApp, hookimpl

if TYPE_CHECKING:
    from kernel.contracts import CacheSettings, CacheStorage

__all__ = ["kernel_make_cache_storage"]


@hookimpl
def kernel_make_cache_storage(app: KernelApp, cache_kind: str, settings: CacheSettings) -> CacheStorage | None:
    if settings.backend != "redis" or cache_kind != "data":
        return None
    try:
        from kernel_contrib.cache_redis._redis import RedisBackend
    except ModuleNotFoundError as exc:
        if exc.name != "redis":
            raise
        raise ModuleNotFoundError(
            "[cache] backend = \"redis\" needs the redis client package: pip install 'kernel[redis]'",
            name="redis",
        ) from exc

    return RedisBackend.of(app).storage(settings)
