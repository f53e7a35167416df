"""What the browser shows: a compact mirror of the element tree, used to skip identical deltas."""

from __future__ import annotations

from collections.abc import Sequence

from kernel.messages import ContainerRef, Element, Trim, encode_element

# A child of a container is either the digest (an int) of a leaf element, a _Block for
# a container element, or None for a slot nothing was written to yet. Keeping leaves as
# bare ints makes the mirror of a 100-element page a few KiB.


class _Block:
    """A container: a root, a block element, or a placeholder for early children."""

    __slots__ = ("children", "digest", "kind", "run_id", "written")

    def __init__(self, kind: str | None = None, digest: int | None = None) -> None:
        self.kind = kind
        self.digest = digest
        self.children: list[int | _Block | None] = []
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


class ShownTree:
    """The element tree as the browser has it (or will, once queued deltas arrive).

    Each element is remembered by the hash of its JSON (Python's keyed 64-bit SipHash:
    equal hashes of unequal elements are not a practical concern). :meth:`put` records
    a delta and says whether it must be sent; :meth:`trim` ends a run by cutting what
    that run did not write, and says what the browser must cut too. Not thread safe:
    the queue's lock guards it.
    """

    def __init__(self) -> None:
        self._roots: dict[str, _Block] = {}
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
            node = self._roots[root] = _Block()
            self._seen_roots.add(root)
        last = len(path) - 1
        for depth, index in enumerate(path):
            node.note_write(index, run_id)
            children = node.children
            if len(children) <= index:
                children.extend([None] * (index + 1 - len(children)))
            if depth == last:
                return self._put_child(children, index, element)
            child = children[index]
            if not isinstance(child, _Block):
                # Children before their container (or under a leaf): the browser makes
                # a placeholder container here, and so do we.
                child = children[index] = _Block()
            node = child
        return True  # an empty path names a root; nothing to record

    @staticmethod
    def _put_child(children: list[int | _Block | None], index: int, element: Element) -> bool:
        digest = hash(encode_element(element))
        existing = children[index]
        if element.block:
            if isinstance(existing, _Block) and existing.kind == element.kind:
                if existing.digest == digest:
                    return False
                existing.digest = digest  # same kind: the browser keeps the children
                return True
            if isinstance(existing, _Block) and existing.kind is None:
                existing.kind, existing.digest = element.kind, digest  # a placeholder becomes real
                return True
            children[index] = _Block(element.kind, digest)
            return True
        if existing == digest and not isinstance(existing, _Block):
            return False
        children[index] = digest
        return True

    def trim(self, run_id: int, within: Sequence[ContainerRef] = ()) -> list[Trim]:
        """Drop everything run ``run_id`` did not write; return the matching trims.

        With ``within`` (a partial run), only what is inside those containers is dropped.
        """
        out: list[Trim] = []
        if within:
            # A partial run: only its containers; a pending "unsure" cleanup waits for a full run.
            for ref in within:
                node: int | _Block | None = self._roots.get(ref.root)
                for index in ref.path:
                    if not isinstance(node, _Block) or index >= len(node.children):
                        node = None
                        break
                    node = node.children[index]
                if isinstance(node, _Block):
                    self._trim(node, ref.root, tuple(ref.path), run_id, out, False)
            return out
        unsure, self._unsure = self._unsure, False
        for root in sorted(self._seen_roots if unsure else self._roots):
            node = self._roots.get(root) or _Block()
            self._trim(node, root, (), run_id, out, unsure)
        return out

    def _trim(self, node: _Block, root: str, path: tuple[int, ...], run_id: int, out: list[Trim],
              unsure: bool) -> None:
        children = node.children
        keep = node.written if node.run_id == run_id else 0
        if keep < len(children) or unsure:
            out.append(Trim(root, path, keep))
            del children[keep:]
        for index, child in enumerate(children):
            if isinstance(child, _Block) and (child.children or unsure):
                self._trim(child, root, (*path, index), run_id, out, unsure)

    def digest_at(self, root: str, path: tuple[int, ...]) -> int | None:
        """The hash of the JSON of the element shown at ``path``, or ``None``."""
        node: int | _Block | None = self._roots.get(root)
        for index in path:
            if not isinstance(node, _Block) or index >= len(node.children):
                return None
            node = node.children[index]
        return node.digest if isinstance(node, _Block) else node

    def __len__(self) -> int:
        """How many elements the browser shows."""
        count = 0
        stack: list[_Block] = list(self._roots.values())
        while stack:
            node = stack.pop()
            for child in node.children:
                if isinstance(child, _Block):
                    count += child.kind is not None
                    stack.append(child)
                elif child is not None:
                    count += 1
        return count
