"""The DeltaGenerator contract: a position in the element tree that ``st`` writes to.

:class:`DeltaGenerator` says what a container must do; :class:`Container` is a mixin
that gives any implementation the two things every caller also relies on, written once
in the kernel: ``dg.<command>(...)`` dispatch of element commands (``col.button("Go")``)
and ``with dg:`` (``st`` commands inside the block write into ``dg``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from kernel.context import get_run_context

if TYPE_CHECKING:
    from typing import Self

    from kernel._app import KernelApp
    from kernel.contracts.app_session import AppSession

__all__ = ["BlockWrapper", "Container", "DeltaGenerator"]


@runtime_checkable
class DeltaGenerator(Protocol):
    """A container (or a single element slot) that element commands add to.

    ``kernel_make_delta_generator`` makes the root containers of a run for a session
    (and, for a partial run, a fresh container at a given path inside a root);
    element commands registered by plugins are called with a DeltaGenerator as their
    first argument and add their element through :meth:`add_element`. Used only from
    the script thread.

    Besides the members below, users call element commands on a container
    (``col.button("Go")``) and write into it with ``with col:``; subclass
    :class:`Container` to get both.
    """

    @property
    def root(self) -> str:
        """The root container this generator writes under, e.g. ``"main"``."""
        ...

    @property
    def path(self) -> tuple[int, ...]:
        """The delta path of this container within its root."""
        ...

    @property
    def session(self) -> AppSession:
        """The session this generator writes to (its queue receives the deltas)."""
        ...

    def add_element(self, kind: str, props: Mapping[str, Any]) -> DeltaGenerator:
        """Add an element of ``kind`` at the next position; return a generator for it.

        Enqueues ``Delta(root, path, Element(kind, props))`` on the session's queue
        (properties whose value is ``None`` may be left out), then calls each of the run
        context's ``element_observers`` as ``observer(self, kind, props, added)``: the
        caching plugin records a cached function's elements that way. A container
        appends at its next index; the generator returned for an element is a *slot*:
        writing to it replaces that element in place (``el = st.empty(); el.text("b")``).
        """
        ...

    def add_block(self, kind: str, props: Mapping[str, Any]) -> DeltaGenerator:
        """Add a container of ``kind`` at the next position; return a generator that
        appends to it (``with block:`` makes ``st`` write into it).

        Enqueues the ``Delta`` with ``Element(kind, props, block=True)``, then calls the
        run context's ``block_observers`` as ``observer(self, kind, props, added)``."""
        ...

    def __enter__(self) -> DeltaGenerator:
        """Make this the current container of the run (``ctx.containers``)."""
        ...

    def __exit__(self, *exc: object) -> None:
        """Stop being the current container (undo :meth:`__enter__`)."""
        ...


class Container:
    """Mixin for a :class:`DeltaGenerator`: element commands as methods, and ``with``.

    * ``dg.text("hi")`` calls the ``text`` element command with ``dg`` as its container,
      after the run's checkpoint (so a stop or rerun request unwinds there); any element
      command of any plugin works, a typo or a disabled plugin raises the same error as
      ``st.<name>``, and a non-element command (``col.cache_data``) an ``AttributeError``
      that says to call it as ``st.<name>``.
    * ``with dg:`` pushes ``dg`` onto the run's container stack, so ``st.<element>``
      inside the block writes into it; leaving the block pops it.

    The commands come from the app of the running script; an implementation that may
    be used outside a run overrides :meth:`_command_app`.
    """

    __slots__ = ()

    def _command_app(self) -> KernelApp:
        """The app whose commands ``dg.<name>`` finds: the running script's."""
        ctx = get_run_context()
        if ctx is not None:
            return ctx.app
        from kernel._app import current_app

        return current_app()

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)
        app = self._command_app()
        command = app.commands.get(name)
        if command is None:
            raise app.missing_command(name)
        if command.kind != "element":
            root, path = getattr(self, "root", ""), getattr(self, "path", ())
            where = "st.sidebar" if root == "sidebar" and not path else "a container"
            raise AttributeError(f"Method `{name}()` does not exist for {where}; call it as st.{name}().")
        target = command.load()

        def call(*args: Any, **kwargs: Any) -> Any:
            ctx = get_run_context()
            if ctx is not None:
                ctx.checkpoint()
            return target(self, *args, **kwargs)

        call.__name__ = name
        return call

    def __enter__(self) -> Self:
        ctx = get_run_context()
        if ctx is not None:
            ctx.containers.append(self)  # type: ignore[arg-type]
        return self

    def __exit__(self, *exc: object) -> None:
        ctx = get_run_context()
        if ctx is not None and ctx.containers and ctx.containers[-1] is self:  # type: ignore[comparison-overlap]
            ctx.containers.pop()


class BlockWrapper(Container):
    """A container of a plugin's own kind, writing into a block the delta generator in use added.

    An element plugin whose container needs more than a block (an expander that tracks
    whether it is open, a status with ``update()``) adds the block through ``add_block``
    and wraps what it gets back: it then works on any delta generator, the core one or a
    replacement. The wrapper is the block as far as writing goes (``root``, ``path``,
    ``session``, ``add_element``, ``add_block``); commands and ``with`` come from
    :class:`Container`.
    """

    __slots__ = ("_block",)

    def __init__(self, block: DeltaGenerator) -> None:
        self._block = block

    @property
    def root(self) -> str:
        """The root container's name."""
        return self._block.root

    @property
    def path(self) -> tuple[int, ...]:
        """The block's delta path under its root."""
        return self._block.path

    @property
    def session(self) -> AppSession:
        """The session the block is shown in."""
        return self._block.session

    def add_element(self, kind: str, props: Mapping[str, Any]) -> DeltaGenerator:
        """Add an element inside the block."""
        return self._block.add_element(kind, props)

    def add_block(self, kind: str, props: Mapping[str, Any]) -> DeltaGenerator:
        """Add a container inside the block."""
        return self._block.add_block(kind, props)
