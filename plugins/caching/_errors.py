"""Errors of ``st.cache_data`` / ``st.cache_resource``, each saying how to fix it."""

from __future__ import annotations

from kernel.errors import KernelError

__all__ = ["CacheError", "CacheReplayClosureError", "UnhashableParamError", "UnserializableReturnValueError"]


class CacheError(KernelError):
    """A cached function or cache decorator was used in a way caching cannot support."""


class UnhashableParamError(CacheError, TypeError):
    """An argument of a cached function cannot be hashed into the cache key."""


class UnserializableReturnValueError(CacheError, TypeError):
    """``st.cache_data`` could not pickle what the function returned."""


class CacheReplayClosureError(CacheError):
    """A cached function wrote to a container created outside it, which cannot be replayed."""
