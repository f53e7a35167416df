"""The DeltaGenerator contract: a position in the element tree that ``st`` writes to."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class DeltaGenerator(Protocol):
    """A container (or a single element slot) that element commands add to.

    ``kernel_make_delta_generator`` makes the root container of a run for a session;
    element commands registered by plugins are called with a DeltaGenerator as their
    first argument and add their element through :meth:`add_element`. Used only from
    the script thread.
    """

    @property
    def root(self) -> str:
        """The root container this generator writes under, e.g. ``"main"``."""
        ...

    @property
    def path(self) -> tuple[int, ...]:
        """The delta path of this container within its root."""
        ...

    def add_element(self, kind: str, props: Mapping[str, Any]) -> DeltaGenerator:
        """Add an element of ``kind`` at the next position; return a generator for it."""
        ...

    def add_block(self, kind: str, props: Mapping[str, Any]) -> DeltaGenerator:
        """Add a container of ``kind`` at the next position; return a generator that
        appends to it (``with block:`` makes ``st`` write into it)."""
        ...
