"""The run-stash key of the cached functions a run called (its own module, so the end of a
run that called none does not import the caching machinery to find out)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kernel import StashKey

if TYPE_CHECKING:
    from kernel_plugins.caching_api._cached import CachedFunction

__all__ = ["USED_IN_RUN"]

USED_IN_RUN: StashKey[dict[int, CachedFunction]] = StashKey("caching_api.used_in_run")
"""Cached functions called during a run (in the run's stash), for the stats hook."""
