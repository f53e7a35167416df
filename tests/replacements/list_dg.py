"""A replacement ``delta_generator``: a cursor that appends, with dispatch from the kernel.

:class:`kernel.contracts.Container` gives it ``dg.<command>(...)`` and ``with dg:``; what
is left is the cursor itself: claim the next path, enqueue the delta, tell the run's
observers, and hand back a slot (for an element) or a container (for a block).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kernel import hookimpl
from kernel.context import get_run_context
from kernel.contracts import Container
from kernel.contracts.messages import Delta, Element

made: list[ListDG] = []
"""Every root this plugin made (so a test can tell it was used)."""


class ListDG(Container):
    """A container (``slot=False``) or one element's slot (``slot=True``)."""

    def __init__(self, session: Any, root: str, path: tuple[int, ...] = (), *, slot: bool = False) -> None:
        self.session = session
        self.root = root
        self.path = path
        self._slot = slot
        self._next = 0

    def _add(self, kind: str, props: Mapping[str, Any], block: bool) -> tuple[int, ...]:
        if self._slot:
            path = self.path
        else:
            path, self._next = (*self.path, self._next), self._next + 1
        element = Element(kind, {k: v for k, v in props.items() if v is not None}, block=block)
        self.session.queue.enqueue(Delta(self.root, path, element))
        return path

    def add_element(self, kind: str, props: Mapping[str, Any]) -> ListDG:
        """Add (or, for a slot, replace) an element; return its slot."""
        added = ListDG(self.session, self.root, self._add(kind, props, False), slot=True)
        ctx = get_run_context()
        for observer in list(ctx.element_observers) if ctx is not None else ():
            observer(self, kind, props, added)
        return added

    def add_block(self, kind: str, props: Mapping[str, Any]) -> ListDG:
        """Add a container; return a generator appending to it."""
        added = ListDG(self.session, self.root, self._add(kind, props, True))
        ctx = get_run_context()
        for observer in list(ctx.block_observers) if ctx is not None else ():
            observer(self, kind, props, added)
        return added

    def __repr__(self) -> str:
        return f"ListDG({self.root!r}, {self.path!r})"


@hookimpl
def kernel_make_delta_generator(app: Any, session: Any, root: str, path: tuple[int, ...]) -> ListDG:
    """The root container ``root`` of a run, or (for a fragment's rerun) a container at ``path`` in it."""
    dg = ListDG(session, root, tuple(path))
    made.append(dg)
    return dg
