"""Core plugin ``session_state``: the SessionState component of each session.

It makes each session's state (:class:`MemorySessionState`), which owns the session's
widget store, the page URL's query string and the browser facts, and fills them from
what the client reports (``kernel_rerun_requested``, ``kernel_client_connected``). The
``st`` commands that use the component (``st.session_state``, ``st.query_params``,
``st.context``) are the essential plugin ``session_state_api``, written against the
contract, so they stay when this plugin is blocked and replaced.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kernel import hookimpl, lazy_exports

if TYPE_CHECKING:
    from collections.abc import Generator

    from kernel.contracts import AppSession, SessionState
    from kernel.contracts.messages import Rerun
    from kernel_plugins.session_state._client_info import ClientInfoStore
    from kernel_plugins.session_state._query_string import QueryString
    from kernel_plugins.session_state._state import MemorySessionState
    from kernel_plugins.session_state._widget_store import WidgetStates

__all__ = ["ClientInfoStore", "MemorySessionState", "QueryString", "WidgetStates"]

# The implementations load with the first session, not with the server.
__getattr__ = lazy_exports(__name__, {
    "ClientInfoStore": "kernel_plugins.session_state._client_info:ClientInfoStore",
    "MemorySessionState": "kernel_plugins.session_state._state:MemorySessionState",
    "QueryString": "kernel_plugins.session_state._query_string:QueryString",
    "WidgetStates": "kernel_plugins.session_state._widget_store:WidgetStates",
})


@hookimpl(trylast=True)
def kernel_make_session_state(session: AppSession) -> SessionState:
    from kernel_plugins.session_state._state import MemorySessionState

    return MemorySessionState()


@hookimpl(wrapper=True)
def kernel_rerun_requested(session: AppSession, request: Rerun, running: bool) -> Generator[None, Any, Any]:
    """Take the request's widget values, query string and browser facts.

    A wrapper: it sees the other observers' verdicts, and a request one of them dropped
    (a fragment's timer during a run) fires no trigger. Its values are taken even then:
    the client sends its changes (held ``on_change="ignore"`` values) once, and they
    count at the next run.
    """
    from kernel.contracts.messages import PageInfo

    if request.query_string is not None:
        # The page's query string counts when it navigated; else the session's stands,
        # and the first request of a connection whose URL differs (a server change lost
        # with the old connection) gets the session's URL back.
        store = session.state.query_string
        taken = store.report(request.query_string, navigation=request.navigation)
        if not taken and request.context is not None and not store.matches(request.query_string):
            session.queue.enqueue(PageInfo(store.text()))
    if request.context is not None:  # the first rerun of a connection
        session.state.client.set_browser(request.context)
    verdicts = yield
    dropped = False in verdicts
    session.state.widgets.update(request.widget_states, None if dropped else request.trigger, request.changed)
    return verdicts


@hookimpl
def kernel_client_connected(session: AppSession, request_head: bytes, ip_address: str | None) -> None:
    """Record the request that opened (or resumed) the session's connection, for ``st.context``."""
    session.state.client.set_request_head(request_head, ip_address)


@hookimpl
def kernel_warm_up() -> None:
    """The session state and its stores (loaded with the first session otherwise)."""
    import kernel_plugins.session_state._state  # noqa: F401
