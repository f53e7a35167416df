"""Hooks of the ``caching_api`` plugin (declared through ``kernel_add_hookspecs``).

They exist while the plugin is loaded; an observer that must also work when it is
blocked implements them with ``@hookimpl(optionalhook=True)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kernel.contracts.hookspecs import hookspec

if TYPE_CHECKING:
    from kernel import KernelApp
    from kernel.contracts import CacheStorageStatistics


@hookspec
def kernel_cache_stats_updated(app: KernelApp, statistics: Sequence[CacheStorageStatistics]) -> None:
    """Cached functions were called during a script run; here are their counters.

    **Called:** by the ``caching_api`` plugin in the script thread, at the end of each run
    that called at least one cached function, only when some plugin implements this
    hook (collecting the counters may need a round trip to a cache server). Must not
    block.

    :param app: the assembled kernel.
    :param statistics: one record per cached function called in the run (``function_name``,
        ``entries``, ``size_bytes``, ``hits``, ``misses`` of its storage).
    """
