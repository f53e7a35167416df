"""The DeltaGenerator: a cursor into the element tree that element commands write to."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kernel import KernelApp
from kernel.context import RunContext, get_run_context
from kernel.contracts import AppSession
from kernel.contracts.delta_generator import Container
from kernel.contracts.markup import render_markdown
from kernel.contracts.messages import Delta, Element
from kernel_plugins.delta_generator._limits import TALLY, RunTally


def _compact(props: Mapping[str, Any]) -> dict[str, Any]:
    """The properties a message carries: ``None`` values left out, and a ``help`` text joined by
    ``help_html``, its Markdown rendered (escaped, as Streamlit's help tooltips allow Markdown)
    for the client's tooltip (``help(text, markup)`` in the renderer API)."""
    out = {k: v for k, v in props.items() if v is not None}
    tip = out.get("help")
    if isinstance(tip, str) and tip and "help_html" not in out:
        out["help_html"] = render_markdown(tip)
    return out


_SIMPLE = frozenset({str, bool, type(None)})
"""Types of property values whose equality is the equality of their JSON."""

_new = object.__new__

class DeltaGenerator(Container):
    """A container (``slot=False``) or one element's slot (``slot=True``).

    A container appends each new element at its next index; a slot replaces the
    element at its own path, so ``el = st.text("a"); el.text("b")`` updates in place.
    Within a run, each element and container counts against the run's limits
    (``[runner] max_elements_per_run``, ``max_queued_mib``: see ``_limits``).
    Element commands of every plugin are reachable as methods, and ``with dg:`` makes
    it the current container (both from :class:`kernel.contracts.Container`).
    """

    __slots__ = ("_app", "_next_index", "_path", "_root", "_session", "_slot")

    def __init__(self, app: KernelApp, session: AppSession, root: str, path: tuple[int, ...] = (),
                 *, slot: bool = False) -> None:
        self._app = app
        self._session = session
        self._root = root
        self._path = path
        self._slot = slot
        self._next_index = 0

    @property
    def root(self) -> str:
        """The root container's name."""
        return self._root

    @property
    def path(self) -> tuple[int, ...]:
        """This generator's delta path under its root."""
        return self._path

    @property
    def session(self) -> AppSession:
        """The session this generator writes to."""
        return self._session

    def _claim_path(self) -> tuple[int, ...]:
        if self._slot:
            return self._path
        path = (*self._path, self._next_index)
        self._next_index += 1
        return path

    def add_element(self, kind: str, props: Mapping[str, Any]) -> DeltaGenerator:
        """Add (or, for a slot, replace) an element; return the slot it now occupies.

        Properties whose value is ``None`` are left out of the message (renderers read
        a missing property as null).
        """
        ctx = get_run_context()
        enqueue_leaf = None
        if ctx is not None:
            tally = ctx.stash.get(TALLY)
            if tally is None:
                tally = ctx.stash.setdefault(TALLY, RunTally(self._app, self._session))
            # RunTally.count, inlined: this runs for every element.
            if not tally.tripped:
                tally.elements += 1
                queued = tally.queued_bytes
                if tally.elements > tally.max_elements or (queued is not None and queued() > tally.max_queued_bytes):
                    tally.check()
            enqueue_leaf = tally.enqueue_leaf
        if self._slot:
            path = self._path
        else:
            path = (*self._path, self._next_index)
            self._next_index += 1
        root = self._root
        if enqueue_leaf is not None:
            # Properties that are all strings, flags or None are known by the hash of
            # (kind, their names, their values): equal exactly when the JSON is (no
            # 1 == True == 1.0 here). The queue skips an element the page shows already
            # before it is built, and builds the others itself. The names go as one tuple
            # (their hashes are cached): no (name, value) pair is built per property.
            for value in props.values():
                if type(value) not in _SIMPLE:
                    self._session.queue.enqueue(Delta(root, path, Element(kind, _compact(props))))
                    break
            else:
                tip = props.get("help")
                enqueue_leaf(root, path, kind, _compact(props) if tip else props,
                             hash((kind, tuple(props), *props.values())))
        else:
            self._session.queue.enqueue(Delta(root, path, Element(kind, _compact(props))))
        if self._slot:
            added = self
        else:
            # The new element's slot, set up as __init__ would (without the call with its
            # keyword: this runs for every element).
            added = _new(DeltaGenerator)
            added._app = self._app
            added._session = self._session
            added._root = root
            added._path = path
            added._slot = True
            added._next_index = 0
        if ctx is not None and ctx.element_observers:
            for observer in tuple(ctx.element_observers):
                observer(self, kind, props, added)
        return added

    def add_block(self, kind: str, props: Mapping[str, Any]) -> DeltaGenerator:
        """Add (or, for a slot, replace it with) a container; return a generator appending to it."""
        ctx = get_run_context()
        if ctx is not None:
            self._count(ctx)
        path = self._claim_path()
        self._session.queue.enqueue(Delta(self._root, path, Element(kind, _compact(props), block=True)))
        added = DeltaGenerator(self._app, self._session, self._root, path)
        if ctx is not None and ctx.block_observers:
            for observer in tuple(ctx.block_observers):
                observer(self, kind, props, added)
        return added

    def _count(self, ctx: RunContext) -> None:
        """Count one more element of the run against its limits (``_limits``)."""
        tally = ctx.stash.get(TALLY)
        if tally is None:
            tally = ctx.stash.setdefault(TALLY, RunTally(self._app, self._session))
        # RunTally.count, inlined: this runs for every element.
        if tally.tripped:
            return
        tally.elements += 1
        queued = tally.queued_bytes
        if tally.elements > tally.max_elements or (queued is not None and queued() > tally.max_queued_bytes):
            tally.check()

    def _command_app(self) -> KernelApp:
        """The app whose element commands ``dg.<name>(...)`` calls (:class:`kernel.contracts.Container`)."""
        return self._app

    def __repr__(self) -> str:
        return f"DeltaGenerator(root={self._root!r}, path={self._path!r})"
