"""The session-stash key of a session's mirror (its own module, so a server with scale-out
off never imports the mirror, the store contracts or pickle)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kernel import StashKey

if TYPE_CHECKING:
    from kernel_plugins.scaleout._mirror import Mirror

__all__ = ["MIRROR"]

MIRROR: StashKey[Mirror] = StashKey("scaleout mirror")
"""A session's :class:`~kernel_plugins.scaleout._mirror.Mirror`, once scale-out made one."""
