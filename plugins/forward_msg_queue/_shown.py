"""What the browser shows: a mirror of the element tree, used to skip identical deltas."""

from __future__ import annotations

from kernel.messages import Element, Trim


class _Node:
    __slots__ = ("children", "element", "run_id")

    def __init__(self) -> None:
        self.element: Element | None = None
        self.children: list[_Node] = []
        self.run_id = 0


class ShownTree:
    """The element tree as the browser has it (or will, once queued deltas arrive).

    :meth:`put` records a delta and says whether it must be sent; :meth:`trim` ends a
    run by cutting the nodes that run did not write, and says what the browser must
    cut too. Not thread safe: the queue's lock guards it.
    """

    def __init__(self) -> None:
        self._roots: dict[str, _Node] = {}

    def put(self, root: str, path: tuple[int, ...], element: Element, run_id: int) -> bool:
        """Record ``element`` at ``path`` for run ``run_id``; ``False`` if it is already shown."""
        node = self._roots.get(root)
        if node is None:
            node = self._roots[root] = _Node()
        node.run_id = run_id
        for index in path:
            children = node.children
            while len(children) <= index:
                children.append(_Node())
            node = children[index]
            node.run_id = run_id
        old = node.element
        if old == element:
            return False
        if old is not None and (old.kind != element.kind or old.block != element.block):
            node.children = []
        node.element = element
        return True

    def trim(self, run_id: int) -> list[Trim]:
        """Drop every node run ``run_id`` did not write; return the matching trims."""
        out: list[Trim] = []
        for root, node in self._roots.items():
            self._trim(node, root, (), run_id, out)
        return out

    def _trim(self, node: _Node, root: str, path: tuple[int, ...], run_id: int, out: list[Trim]) -> None:
        children = node.children
        keep = len(children)
        while keep and children[keep - 1].run_id != run_id:
            keep -= 1
        if keep < len(children):
            out.append(Trim(root, path, keep))
            del children[keep:]
        for index, child in enumerate(children):
            if child.children:
                self._trim(child, root, (*path, index), run_id, out)

    def element_at(self, root: str, path: tuple[int, ...]) -> Element | None:
        """The element shown at ``path``, or ``None``."""
        node = self._roots.get(root)
        for index in path:
            if node is None or index >= len(node.children):
                return None
            node = node.children[index]
        return None if node is None else node.element

    def __len__(self) -> int:
        count = 0
        stack = list(self._roots.values())
        while stack:
            node = stack.pop()
            count += node.element is not None
            stack.extend(node.children)
        return count
