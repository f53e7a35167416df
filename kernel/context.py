"""The run context: what a script thread knows about the run it executes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextvars import ContextVar, Token
from typing import TYPE_CHECKING, Any

import attrs

from kernel.stash import Stash

if TYPE_CHECKING:
    from kernel.app import KernelApp
    from kernel.contracts import AppSession, DeltaGenerator

__all__ = ["ElementObserver", "RunContext", "get_run_context", "reset_run_context", "set_run_context"]

ElementObserver = Callable[["DeltaGenerator", str, Mapping[str, Any], "DeltaGenerator"], None]
"""``observer(container, kind, props, added)``: see :attr:`RunContext.element_observers`."""


def _no_checkpoint() -> None:
    return None


@attrs.define(eq=False)
class RunContext:
    """One run of a session's script, as seen from its thread.

    The script runner creates it and sets it for the thread; ``st`` commands find the
    current container here, and call :attr:`checkpoint` first so a stop or rerun
    request unwinds the script at its next ``st`` call.
    """

    app: KernelApp
    session: AppSession
    run_id: int
    containers: list[DeltaGenerator] = attrs.field(factory=list)
    """Container stack: ``[0]`` is the main root, ``with col:`` pushes ``col``."""
    checkpoint: Callable[[], None] = _no_checkpoint
    stash: Stash = attrs.field(factory=Stash)
    element_observers: list[ElementObserver] = attrs.field(factory=list)
    """Called by the DeltaGenerator after each ``add_element`` of this run, as
    ``observer(container, kind, props, added)`` where ``added`` is what ``add_element``
    returned. The caching plugin records elements emitted inside a cached function here
    so it can replay them on a cache hit. Observers run in the script thread; an
    exception an observer raises propagates out of ``add_element``."""
    block_observers: list[ElementObserver] = attrs.field(factory=list)
    """The same for containers: called after each ``add_block`` of this run, as
    ``observer(container, kind, props, added)`` where ``added`` is the new container."""

    def current_container(self) -> DeltaGenerator:
        """The container ``st.<element>(...)`` writes to right now."""
        return self.containers[-1]


_current: ContextVar[RunContext | None] = ContextVar("kernel_run_context", default=None)


def get_run_context() -> RunContext | None:
    """The run context of the calling thread, or ``None`` outside a script run."""
    return _current.get()


def set_run_context(ctx: RunContext | None) -> Token[RunContext | None]:
    """Make ``ctx`` the calling thread's run context; returns a token to undo it."""
    return _current.set(ctx)


def reset_run_context(token: Token[RunContext | None]) -> None:
    """Undo :func:`set_run_context`."""
    _current.reset(token)
