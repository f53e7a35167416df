"""Errors of ``st.cache_data`` / ``st.cache_resource``, each saying how to fix it.

All are :class:`kernel.contracts.CacheError`, which storage plugins raise too.
"""

from __future__ import annotations

from kernel.contracts.caching import CacheError

__all__ = ["CacheError", "CacheReplayClosureError", "UnhashableParamError", "UnserializableReturnValueError"]


class UnhashableParamError(CacheError, TypeError):
    """An argument of a cached function cannot be hashed into the cache key."""


class UnserializableReturnValueError(CacheError, TypeError):
    """``st.cache_data`` could not pickle what the function returned."""


class CacheReplayClosureError(CacheError):
    """A cached function wrote to a container created outside it, which cannot be replayed."""
