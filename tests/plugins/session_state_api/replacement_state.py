"""A third-party SessionState component for tests: a plain dict with the contract's
bookkeeping, whose stores are the core classes (a replacement may reuse them).

Load it with ``-p tests.plugins.session_state_api.replacement_state`` and block the core
one with ``-p no:session_state``: ``st.session_state``, ``st.query_params`` and
``st.context`` (the essential ``session_state_api`` plugin) then serve this state. With
the core plugin blocked, this plugin also takes what the client reports
(``kernel_rerun_requested``, ``kernel_client_connected``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kernel import hookimpl
from kernel.contracts import AppSession, WidgetAlreadyInstantiatedError
from kernel.contracts.messages import Rerun
from kernel_plugins.session_state import ClientInfoStore, QueryString, WidgetStates

MADE: list[DictSessionState] = []
"""Every state this plugin made (the tests look at them)."""


class DictSessionState:
    """A :class:`kernel.contracts.SessionState` over a dict (no attribute access: the API
    plugin gives users that)."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.assigned: set[str] = set()
        self.locked: dict[str, str] = {}
        self._widgets = WidgetStates()
        self._query_string = QueryString()
        self._client = ClientInfoStore()

    @property
    def widgets(self) -> WidgetStates:
        return self._widgets

    @property
    def query_string(self) -> QueryString:
        return self._query_string

    @property
    def client(self) -> ClientInfoStore:
        return self._client

    def __getitem__(self, key: str) -> Any:
        try:
            return self.data[key]
        except KeyError:
            raise KeyError(f"the replacement state has no key {key!r}") from None

    def __setitem__(self, key: str, value: Any) -> None:
        if key in self.locked:
            raise WidgetAlreadyInstantiatedError(f"{key!r} belongs to {self.locked[key]}, created in this run")
        self.data[key] = value
        self.assigned.add(key)

    def __delitem__(self, key: str) -> None:
        del self.data[key]
        self.assigned.discard(key)

    def __contains__(self, key: object) -> bool:
        return key in self.data

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.data))

    def __len__(self) -> int:
        return len(self.data)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.data)

    def set_widget_value(self, key: str, value: Any) -> None:
        self.data[key] = value
        self.assigned.discard(key)

    def take_assigned(self, key: str) -> tuple[bool, Any]:
        if key in self.assigned and key in self.data:
            self.assigned.discard(key)
            return True, self.data[key]
        return False, None

    def lock_widget_key(self, key: str, widget: str) -> None:
        self.locked[key] = widget

    def unlock_widget_keys(self) -> None:
        self.locked.clear()

    def drop_widget_key(self, key: str) -> None:
        if key not in self.assigned:
            self.data.pop(key, None)


@hookimpl(tryfirst=True)
def kernel_make_session_state(session: AppSession) -> DictSessionState:
    state = DictSessionState()
    MADE.append(state)
    return state


@hookimpl
def kernel_rerun_requested(session: AppSession, request: Rerun, running: bool) -> None:
    state = session.state
    if request.query_string is not None:
        state.query_string.report(request.query_string, navigation=request.navigation)
    if request.context is not None:
        state.client.set_browser(request.context)
    dropped = request.fragment_id is not None and request.is_auto_rerun and running
    state.widgets.update(request.widget_states, None if dropped else request.trigger, request.changed)


@hookimpl
def kernel_client_connected(session: AppSession, request_head: bytes, ip_address: str | None) -> None:
    session.state.client.set_request_head(request_head, ip_address)
