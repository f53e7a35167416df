"""The run context: what a script thread knows about the run it executes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextvars import ContextVar, Token
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from kernel._stash import Stash

if TYPE_CHECKING:
    from kernel._app import KernelApp
    from kernel.contracts import AppSession, DeltaGenerator, ScriptRunner
    from kernel.contracts.messages import ContainerRef

__all__ = ["ElementObserver", "RunContext", "get_run_context", "reset_run_context", "set_run_context"]

ElementObserver = Callable[["DeltaGenerator", str, Mapping[str, Any], "DeltaGenerator"], None]
"""``observer(container, kind, props, added)``: see :attr:`RunContext.element_observers`."""


def _no_checkpoint() -> None:
    return None


@attrs.define(eq=False)
class RunContext:
    """One run of a session's script, as seen from its thread.

    The script runner creates it (through :func:`kernel.runs.execute_run`) and sets it
    for the thread; ``st`` commands find the current container here, and call
    :attr:`checkpoint` first so a stop or rerun request unwinds the script at its next
    ``st`` call.

    Besides the container stack, a run has a few typed fields that plugins agree on
    (each documented below); anything else a plugin keeps for one run goes in
    :attr:`stash` under a key only it holds.
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
    returned. A plugin that memoizes functions records the elements emitted inside one
    here, so it can replay them when it returns a remembered result. Observers run in the script thread; an
    exception an observer raises propagates out of ``add_element``."""
    block_observers: list[ElementObserver] = attrs.field(factory=list)
    """The same for containers: called after each ``add_block`` of this run, as
    ``observer(container, kind, props, added)`` where ``added`` is the new container."""
    roots: dict[str, DeltaGenerator] = attrs.field(factory=dict)
    """The run's root containers besides the main one (``containers[0]``), by name, made
    on first use through ``kernel_make_delta_generator`` (``st.sidebar`` makes
    ``"sidebar"``). A partial run may put a stand-in there for a root it must not write
    to: an object whose every use raises an error that says why."""
    runner: ScriptRunner | None = None
    """The runner executing this run (``st.rerun()`` asks it for the next run)."""
    script_path: Path | None = None
    """The file this run executes: the app's script, unless a ``kernel_script_run_started``
    hook pointed it elsewhere (a multi-file app runs the file the user navigated to)."""
    run_file: Callable[[Path], None] | None = None
    """Executes another script file within this run, the way the runner executes
    :attr:`script_path` (its compilation, magic, a fresh ``__main__`` module): code that
    runs one file of a multi-file app on request calls it. Set by
    :func:`kernel.runs.execute_run`; ``None`` outside it."""
    run_body: Callable[[], None] | None = None
    """Set by a ``kernel_script_run_started`` hook to make this a *partial run*: the runner
    calls it instead of executing :attr:`script_path`."""
    run_scope: tuple[ContainerRef, ...] = ()
    """The containers a partial run writes into: the run's ``ScriptFinished.scope`` (the
    client and the queue clean up only inside them). Empty for a full run."""
    error_container: DeltaGenerator | None = None
    """Where the uncaught exception that ends the run is shown; the main root when unset."""
    id_scope: str = ""
    """A namespace for the ids of elements made right now: code that runs under a
    different scope (one file of a multi-file app) gets ids of its own, so the same
    element in two files is two elements. Code that calls back into the script later
    restores the value it saw."""
    in_callback: bool = False
    """Set while the callbacks of the user's interaction run, at the start of the run
    (``st.rerun()`` there does not end the run: the run is the rerun)."""

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
