"""What ``streamlit.runtime`` and its ``scriptrunner`` modules provide, on kernel's run context."""

from __future__ import annotations

import threading
from typing import Any

from kernel.context import RunContext, get_run_context, reset_run_context, set_run_context

__all__ = ["ScriptRunContext", "add_script_run_ctx", "exists", "get_script_run_ctx"]

_THREAD_ATTRIBUTE = "_kernel_script_run_ctx"


class ScriptRunContext:
    """What ``get_script_run_ctx()`` returns: kernel's run context under Streamlit's common names.

    ``session_id`` is the session's id; every other attribute is the
    :class:`kernel.context.RunContext`'s (``ctx.run`` is the context itself).
    """

    def __init__(self, run: RunContext) -> None:
        self.run = run

    @property
    def session_id(self) -> str:
        """The id of the session the run belongs to."""
        return self.run.session.id

    @property
    def session_state(self) -> Any:
        """The session's state (``st.session_state``'s store)."""
        return self.run.session.state

    def __getattr__(self, name: str) -> Any:
        return getattr(self.run, name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ScriptRunContext) and other.run is self.run

    def __hash__(self) -> int:
        return id(self.run)

    def __repr__(self) -> str:
        return f"ScriptRunContext(session_id={self.session_id!r}, run_id={self.run.run_id})"


def get_script_run_ctx(suppress_warning: bool = False) -> ScriptRunContext | None:
    """The run context of the calling thread (or the one :func:`add_script_run_ctx` gave it), else ``None``."""
    run = get_run_context()
    if run is None:
        run = getattr(threading.current_thread(), _THREAD_ATTRIBUTE, None)
    return ScriptRunContext(run) if run is not None else None


def add_script_run_ctx(thread: threading.Thread | None = None, ctx: ScriptRunContext | None = None) -> Any:
    """Give ``thread`` (the calling one when ``None``) the run context ``ctx`` (the caller's when ``None``).

    A thread not yet started runs with that context, so its ``st`` calls write to the
    run's page, as in Streamlit. Returns the thread.
    """
    target = thread if thread is not None else threading.current_thread()
    given = ctx if ctx is not None else get_script_run_ctx()
    if given is None:
        return target
    run = given.run
    setattr(target, _THREAD_ATTRIBUTE, run)
    if thread is not None and not thread.is_alive() and thread.ident is None:
        body = thread.run

        def run_with_context() -> None:
            token = set_run_context(run)
            try:
                body()
            finally:
                reset_run_context(token)

        thread.run = run_with_context  # type: ignore[method-assign]
    return target


def exists() -> bool:
    """Whether the code runs inside a kernel app (a script run, or a thread given its context)."""
    return get_script_run_ctx() is not None
