"""What the browser shows: a compact mirror of the element tree, used to skip identical deltas."""

from __future__ import annotations

from array import array
from collections.abc import Sequence

from kernel.contracts.messages import ContainerRef, Element, Trim, encode_element

_EMPTY = -1
"""The digest slot of a child that is no leaf: nothing written there yet, or a container.

``hash()`` never returns -1 (CPython keeps it for errors), so no element's digest is it.
"""

_EMPTY_ROW = array("q", [_EMPTY])


class _Block:
    """A container: a root, a block element, or a placeholder for early children.

    Its children are kept in two parts: ``digests`` holds one 64-bit slot per child
    (the leaf element's digest, or :data:`_EMPTY`), ``blocks`` the few children that
    are containers, by index. A page of 100 leaves is then one array of 800 bytes
    rather than 100 int objects and a list.
    """

    __slots__ = ("blocks", "digest", "digests", "kind", "run_id", "written")

    def __init__(self, kind: str | None = None, digest: int | None = None) -> None:
        self.kind = kind
        self.digest = digest
        self.digests = array("q")
        self.blocks: dict[int, _Block] | None = None
        self.run_id = 0
        """The last run that wrote a child here."""
        self.written = 0
        """How many children (a prefix) run ``run_id`` wrote."""

    def note_write(self, index: int, run_id: int) -> None:
        if self.run_id != run_id:
            self.run_id = run_id
            self.written = 0
        if index >= self.written:
            self.written = index + 1

    def block(self, index: int) -> _Block | None:
        """The container child at ``index``, if that child is one."""
        blocks = self.blocks
        return blocks.get(index) if blocks else None

    def set_block(self, index: int, child: _Block) -> _Block:
        if self.blocks is None:
            self.blocks = {}
        self.blocks[index] = child
        self.digests[index] = _EMPTY
        return child

    def cut(self, keep: int) -> None:
        """Keep only the first ``keep`` children."""
        del self.digests[keep:]
        if self.blocks:
            for index in [i for i in self.blocks if i >= keep]:
                del self.blocks[index]


class ShownTree:
    """The element tree as the browser has it (or will, once queued deltas arrive).

    Each element is remembered by the hash of its JSON (Python's keyed 64-bit SipHash:
    equal hashes of unequal elements are not a practical concern). :meth:`put` records
    a delta and says whether it must be sent; :meth:`trim` ends a run by cutting what
    that run did not write, and says what the browser must cut too. Not thread safe:
    the queue's lock guards it.
    """

    __slots__ = ("_roots", "_seen_roots", "_unsure")

    def __init__(self) -> None:
        self._roots: dict[str, _Block] = {}
        self._seen_roots: tuple[str, ...] = ()
        """Every root ever put (a tuple: a page has one to three, and an idle session keeps it)."""
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
        """Record ``element`` at ``path`` for run ``run_id``; ``False`` if it is already shown.

        The element is known by the hash of its JSON (a producer's own digest comes
        by :meth:`put_leaf`).
        """
        return self._put(root, path, element.kind if element.block else None, hash(encode_element(element)), run_id)

    def put_leaf(self, root: str, path: tuple[int, ...], digest: int, run_id: int) -> bool:
        """:meth:`put` of a leaf element known by ``digest`` (the element itself is not needed):
        record it at ``path`` for run ``run_id``; ``False`` if the leaf shown there has that digest."""
        node = self._roots.get(root)
        if node is None or len(path) != 1:
            return self._put(root, path, None, digest, run_id)
        # A child of a root (most elements): _put's walk, inlined.
        index = path[0]
        if node.run_id != run_id:
            node.run_id = run_id
            node.written = 0
        if index >= node.written:
            node.written = index + 1
        digests = node.digests
        if len(digests) <= index:
            digests.extend(_EMPTY_ROW * (index + 1 - len(digests)))
        blocks = node.blocks
        if blocks and index in blocks:
            del blocks[index]
        elif digests[index] == digest:
            return False
        digests[index] = digest
        return True

    def _put(self, root: str, path: tuple[int, ...], block_kind: str | None, digest: int, run_id: int) -> bool:
        """Record at ``path`` a leaf (``block_kind is None``) or a container of that kind."""
        node = self._roots.get(root)
        if node is None:
            node = self._roots[root] = _Block()
            if root not in self._seen_roots:
                self._seen_roots += (root,)
        last = len(path) - 1
        for depth, index in enumerate(path):
            node.note_write(index, run_id)
            digests = node.digests
            if len(digests) <= index:
                digests.extend(_EMPTY_ROW * (index + 1 - len(digests)))
            if depth == last:
                return self._put_child(node, index, block_kind, digest)
            # Children before their container (or under a leaf): the browser makes
            # a placeholder container here, and so do we.
            node = node.block(index) or node.set_block(index, _Block())
        return True  # an empty path names a root; nothing to record

    @staticmethod
    def _put_child(node: _Block, index: int, block_kind: str | None, digest: int) -> bool:
        existing = node.block(index)
        if block_kind is not None:
            if existing is not None and existing.kind == block_kind:
                if existing.digest == digest:
                    return False
                existing.digest = digest  # same kind: the browser keeps the children
                return True
            if existing is not None and existing.kind is None:
                existing.kind, existing.digest = block_kind, digest  # a placeholder becomes real
                return True
            node.set_block(index, _Block(block_kind, digest))
            return True
        if existing is None:
            if node.digests[index] == digest:
                return False
        else:
            del node.blocks[index]  # type: ignore[union-attr]
        node.digests[index] = digest
        return True

    def trim(self, run_id: int, within: Sequence[ContainerRef] = ()) -> list[Trim]:
        """Drop everything run ``run_id`` did not write; return the matching trims.

        With ``within`` (a partial run), only what is inside those containers is dropped.
        """
        out: list[Trim] = []
        if within:
            # A partial run: only its containers; a pending "unsure" cleanup waits for a full run.
            for ref in within:
                node = self._roots.get(ref.root)
                for index in ref.path:
                    node = node.block(index) if node is not None else None
                if node is not None:
                    self._trim(node, ref.root, tuple(ref.path), run_id, out, False)
            return out
        unsure, self._unsure = self._unsure, False
        for root in sorted(self._seen_roots if unsure else self._roots):
            node = self._roots.get(root) or _Block()
            self._trim(node, root, (), run_id, out, unsure)
        return out

    def _trim(self, node: _Block, root: str, path: tuple[int, ...], run_id: int, out: list[Trim],
              unsure: bool) -> None:
        keep = node.written if node.run_id == run_id else 0
        if keep < len(node.digests) or unsure:
            out.append(Trim(root, path, keep))
            node.cut(keep)
        if node.blocks:
            for index in sorted(node.blocks):
                child = node.blocks[index]
                if child.digests or unsure:
                    self._trim(child, root, (*path, index), run_id, out, unsure)

    def digest_at(self, root: str, path: tuple[int, ...]) -> int | None:
        """The hash of the JSON of the element shown at ``path``, or ``None``."""
        node = self._roots.get(root)
        if node is None or not path:
            return None if node is None else node.digest
        for index in path[:-1]:
            node = node.block(index)
            if node is None:
                return None
        index = path[-1]
        child = node.block(index)
        if child is not None:
            return child.digest
        if index >= len(node.digests):
            return None
        digest = node.digests[index]
        return None if digest == _EMPTY else digest

    def __len__(self) -> int:
        """How many elements the browser shows."""
        count = 0
        stack: list[_Block] = list(self._roots.values())
        while stack:
            node = stack.pop()
            count += len(node.digests) - node.digests.count(_EMPTY)
            if node.blocks:
                for child in node.blocks.values():
                    count += child.kind is not None
                    stack.append(child)
        return count
