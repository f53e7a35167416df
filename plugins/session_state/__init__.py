"""Core plugin ``session_state``: per-session state behind ``st.session_state``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kernel import Command, hookimpl
from kernel.app import KernelApp
from kernel.context import get_run_context
from kernel.contracts import AppSession, SessionState
from plugins.session_state._state import MemorySessionState

__all__ = ["MemorySessionState"]


@hookimpl(trylast=True)
def kernel_make_session_state(session: AppSession) -> SessionState:
    return MemorySessionState()


def _current_session_state() -> Any:
    ctx = get_run_context()
    if ctx is None:
        raise RuntimeError(
            "st.session_state is only available while a script runs (kernel run, or kernel.testing.AppTest)"
        )
    return ctx.session.state


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return [Command("session_state", _current_session_state, kind="dynamic")]
