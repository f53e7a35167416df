"""What the browser shows: a mirror of the element tree, used to skip identical deltas."""

from __future__ import annotations

from collections.abc import Sequence

from kernel.messages import ContainerRef, Element, Trim, encode_element

_NO_CHILDREN: list[_Node] = []


class _Node:
    # A node keeps the hash of the element's JSON, not the element: a fraction of the
    # memory. (Python's string hash is a keyed 64-bit SipHash: equal hashes of unequal
    # elements are not a practical concern.)
    __slots__ = ("block", "children", "digest", "kind", "run_id")

    def __init__(self) -> None:
        self.kind: str | None = None
        self.block = False
        self.digest: int | None = None
        self.children: list[_Node] = _NO_CHILDREN
        self.run_id = 0

    def child_list(self) -> list[_Node]:
        if self.children is _NO_CHILDREN:
            self.children = []
        return self.children


class ShownTree:
    """The element tree as the browser has it (or will, once queued deltas arrive).

    :meth:`put` records a delta and says whether it must be sent; :meth:`trim` ends a
    run by cutting the nodes that run did not write, and says what the browser must
    cut too. Not thread safe: the queue's lock guards it.
    """

    def __init__(self) -> None:
        self._roots: dict[str, _Node] = {}
        self._seen_roots: set[str] = set()
        self._unsure = False

    def reset(self) -> None:
        """Forget the tree: the browser still shows *something*, but not what we know.

        Nothing is skipped as identical any more, and the next cleanup trims every
        root and every container it wrote to exactly what it wrote (the browser may
        hold children we no longer know about).
        """
        self._roots = {}
        self._unsure = True

    def put(self, root: str, path: tuple[int, ...], element: Element, run_id: int) -> bool:
        """Record ``element`` at ``path`` for run ``run_id``; ``False`` if it is already shown."""
        node = self._roots.get(root)
        if node is None:
            node = self._roots[root] = _Node()
            self._seen_roots.add(root)
        node.run_id = run_id
        for index in path:
            children = node.child_list()
            while len(children) <= index:
                children.append(_Node())
            node = children[index]
            node.run_id = run_id
        digest = hash(encode_element(element))
        if node.digest == digest:
            return False
        if node.kind is not None and (node.kind != element.kind or node.block != element.block):
            node.children = _NO_CHILDREN
        node.kind = element.kind
        node.block = element.block
        node.digest = digest
        return True

    def trim(self, run_id: int, within: Sequence[ContainerRef] = ()) -> list[Trim]:
        """Drop every node run ``run_id`` did not write; return the matching trims.

        With ``within`` (a partial run), only nodes inside those containers are dropped.
        """
        out: list[Trim] = []
        if within:
            # A partial run: only its containers; a pending "unsure" cleanup waits for a full run.
            for ref in within:
                node = self._roots.get(ref.root)
                for index in ref.path:
                    if node is None or index >= len(node.children):
                        node = None
                        break
                    node = node.children[index]
                if node is not None:
                    self._trim(node, ref.root, tuple(ref.path), run_id, out, False)
            return out
        unsure, self._unsure = self._unsure, False
        for root in self._seen_roots if unsure else self._roots:
            node = self._roots.get(root) or _Node()
            self._trim(node, root, (), run_id, out, unsure)
        return out

    def _trim(self, node: _Node, root: str, path: tuple[int, ...], run_id: int, out: list[Trim],
              unsure: bool) -> None:
        children = node.children
        keep = len(children)
        while keep and children[keep - 1].run_id != run_id:
            keep -= 1
        if keep < len(children) or (unsure and (not path or node.block)):
            out.append(Trim(root, path, keep))
            del children[keep:]
            if not children:
                node.children = _NO_CHILDREN
        for index, child in enumerate(children):
            if child.children or (unsure and child.block):
                self._trim(child, root, (*path, index), run_id, out, unsure)

    def digest_at(self, root: str, path: tuple[int, ...]) -> int | None:
        """The hash of the JSON of the element shown at ``path``, or ``None``."""
        node = self._roots.get(root)
        for index in path:
            if node is None or index >= len(node.children):
                return None
            node = node.children[index]
        return None if node is None else node.digest

    def __len__(self) -> int:
        count = 0
        stack = list(self._roots.values())
        while stack:
            node = stack.pop()
            count += node.digest is not None
            stack.extend(node.children)
        return count
