"""Recording the elements a cached function emits, and replaying them on a cache hit.

Uses the run context's ``element_observers`` and ``block_observers`` seams: while a
cached function computes, a :class:`Recorder` sees every ``add_element`` and
``add_block`` (columns, containers, ...) of the run. Each element is stored with the
index of the element whose container it was added to (``-1``: the container the cached
function was called in), so a replay rebuilds the same shape under whatever container
is current on the hit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kernel.context import RunContext
from kernel.contracts import DeltaGenerator
from kernel_plugins.caching_api._errors import CacheReplayClosureError

__all__ = ["RecordedElement", "Recorder", "replay"]

RecordedElement = tuple[int, str, dict[str, Any], bool]
"""``(parent index, kind, props, is a container)``; parent ``-1`` is the cached function's
calling container."""


class Recorder:
    """An element observer collecting what one cached function call emits."""

    def __init__(self, ctx: RunContext, function_name: str) -> None:
        self._ctx = ctx
        self._function_name = function_name
        base = ctx.current_container()
        self._index: dict[int, int] = {id(base): -1}
        self._alive: list[DeltaGenerator] = [base]  # keeps ids unique while recording
        self.elements: list[RecordedElement] = []

    def __enter__(self) -> Recorder:
        self._ctx.element_observers.append(self)
        self._ctx.block_observers.append(self.record_block)
        return self

    def __exit__(self, *exc: object) -> None:
        if self in self._ctx.element_observers:
            self._ctx.element_observers.remove(self)
        if self.record_block in self._ctx.block_observers:
            self._ctx.block_observers.remove(self.record_block)

    def record_block(self, container: DeltaGenerator, kind: str, props: Mapping[str, Any],
                     added: DeltaGenerator) -> None:
        """Record a container the cached function created."""
        self._record(container, kind, props, added, block=True)

    def __call__(self, container: DeltaGenerator, kind: str, props: Mapping[str, Any], added: DeltaGenerator) -> None:
        self._record(container, kind, props, added, block=False)

    def _record(self, container: DeltaGenerator, kind: str, props: Mapping[str, Any], added: DeltaGenerator,
                *, block: bool) -> None:
        parent = self._index.get(id(container))
        if parent is None:
            raise CacheReplayClosureError(
                f"'{self._function_name}' added a {kind!r} element to {container!r}, a container created outside "
                "the cached function. Elements a cached function emits are replayed on cache hits, so it may only "
                "write to the container it is called in and to containers it creates itself. Create the container "
                "inside the function, or emit the element outside it."
            )
        self.elements.append((parent, kind, dict(props), block))
        self._index[id(added)] = len(self.elements) - 1
        self._alive.append(added)


def replay(ctx: RunContext | None, elements: tuple[RecordedElement, ...] | list[RecordedElement]) -> None:
    """Emit recorded ``elements`` again under the current container of ``ctx``."""
    if not elements or ctx is None:
        return
    base = ctx.current_container()
    added: list[DeltaGenerator] = []
    for parent, kind, props, block in elements:
        container = base if parent < 0 else added[parent]
        add = container.add_block if block else container.add_element
        added.append(add(kind, props))
