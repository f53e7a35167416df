"""The three commands: each finds the session of the running script and wraps its state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kernel import NoRunContextError, StashKey
from kernel.context import get_run_context
from kernel_plugins.session_state_api._context import ContextProxy
from kernel_plugins.session_state_api._query_params import QueryParams
from kernel_plugins.session_state_api._state_proxy import SessionStateProxy

if TYPE_CHECKING:
    from kernel.contracts import AppSession

__all__ = ["context", "query_params", "session_state"]

_PROXY: StashKey[SessionStateProxy] = StashKey("session_state_api.proxy")
"""Session stash: the session's ``st.session_state`` object (made once per session)."""


def _current_session(name: str) -> AppSession:
    ctx = get_run_context()
    if ctx is None:
        raise NoRunContextError(
            f"st.{name} is only available while a script runs (kernel run, or kernel.testing.AppTest)"
        )
    return ctx.session


def session_state() -> SessionStateProxy:
    """``st.session_state``: the running session's state, as users see it."""
    session = _current_session("session_state")
    return session.stash.get_or_create(_PROXY, lambda: SessionStateProxy(session.state))


def query_params() -> QueryParams:
    """``st.query_params``: the query parameters of the running session's page URL."""
    return QueryParams(_current_session("query_params"))


def context() -> ContextProxy:
    """``st.context``: what the running session knows about its browser."""
    return ContextProxy(_current_session("context"))
