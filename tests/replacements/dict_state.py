"""A replacement ``session_state``: user state, widget values, the URL's query string
and the browser's facts of a session, in dicts and lists.

Blocking the core plugin (``-p no:session_state``) removes what it provides besides the
component, so this plugin also takes what each rerun request and each connection carry
(``kernel_rerun_requested``, ``kernel_client_connected``). ``st.session_state``,
``st.query_params`` and ``st.context`` come from the essential ``session_state_api``
plugin, which reads this state through the contract.
"""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from kernel import hookimpl
from kernel.contracts import ClientInfo, WidgetAlreadyInstantiatedError, WidgetMeta
from kernel.contracts.messages import PageInfo
from kernel.contracts.session_state import MISSING

BROWSER_FACTS = ("timezone", "timezone_offset", "locale", "url", "is_embedded", "theme")


class DictWidgets:
    """The :class:`kernel.contracts.WidgetStore` of one session, under one lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[str, Any] = {}
        self._server: dict[str, tuple[Any, Any]] = {}  # id -> (value, the raw value it superseded)
        self._metas: dict[str, WidgetMeta] = {}
        self._pending: dict[str, None] = {}
        self._pending_trigger: str | None = None
        self._changed: tuple[str, ...] = ()
        self.trigger: str | None = None

    def update(self, values: Mapping[str, Any], trigger: str | None = None,
               changed: Sequence[str] | None = None) -> None:
        """Take the page's values: the declared changes, the trigger, and unknown widgets."""
        with self._lock:
            for wid, raw in values.items():
                if changed is None:
                    is_change = self._values.get(wid, MISSING) != raw
                else:
                    is_change = wid in changed
                if is_change or wid == trigger or (wid not in self._values and wid not in self._server):
                    self._values[wid] = raw
                if is_change:
                    self._pending.pop(wid, None)
                    self._pending[wid] = None
            if trigger is not None:
                self._pending_trigger = trigger

    def begin_run(self) -> None:
        """Hand the pending trigger and changes to the run that starts."""
        with self._lock:
            self.trigger, self._pending_trigger = self._pending_trigger, None
            changed = [*self._pending, *([self.trigger] if self.trigger and self.trigger not in self._pending else [])]
            self._pending.clear()
            for wid in changed:
                if wid != self.trigger:
                    self._server.pop(wid, None)
            self._changed = tuple(changed)

    def changed(self) -> tuple[str, ...]:
        """Ids changed (or fired) for the current run."""
        return self._changed

    def queued(self) -> tuple[str | None, tuple[str, ...]]:
        """The trigger and changes waiting for the next run."""
        with self._lock:
            return self._pending_trigger, tuple(self._pending)

    def triggered(self, widget_id: str) -> bool:
        """Whether ``widget_id`` fired for the current run."""
        return self.trigger == widget_id

    def get(self, widget_id: str, default: Any = None) -> Any:
        """The raw value the page reported."""
        with self._lock:
            return self._values.get(widget_id, default)

    def set_server_value(self, widget_id: str, value: Any) -> None:
        """The server set the widget; it holds until the page reports another value."""
        with self._lock:
            self._server[widget_id] = (value, self._values.get(widget_id, MISSING))

    def server_value(self, widget_id: str) -> Any:
        """The server's value the page has not changed since, or ``MISSING``."""
        with self._lock:
            value, raw = self._server.get(widget_id, (MISSING, MISSING))
            if value is not MISSING and self._values.get(widget_id, MISSING) != raw:
                del self._server[widget_id]
                return MISSING
            return value

    def reset(self, widget_id: str) -> None:
        """Forget the page's and the server's value."""
        with self._lock:
            self._values.pop(widget_id, None)
            self._server.pop(widget_id, None)

    def remember(self, widget_id: str, meta: WidgetMeta) -> None:
        """Keep what this run knows about the widget."""
        with self._lock:
            self._metas[widget_id] = meta

    def meta(self, widget_id: str) -> WidgetMeta | None:
        """What the last run that showed the widget knew."""
        with self._lock:
            return self._metas.get(widget_id)

    def metas(self) -> dict[str, WidgetMeta]:
        """A copy of every widget's meta."""
        with self._lock:
            return dict(self._metas)

    def keep_only(self, widget_ids: Iterable[str]) -> list[WidgetMeta]:
        """Forget every other widget; return the metas forgotten."""
        keep = set(widget_ids)
        with self._lock:
            for store in (self._values, self._server):
                for wid in [w for w in store if w not in keep]:
                    del store[wid]
            gone = [w for w in self._metas if w not in keep]
            return [self._metas.pop(w) for w in gone]

    def to_dict(self) -> dict[str, Any]:
        """A copy of the page's raw values."""
        with self._lock:
            return dict(self._values)


class ListQueryString:
    """The :class:`kernel.contracts.QueryStringStore`: ``(name, value)`` pairs in URL order."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pairs: list[tuple[str, str]] = []
        self._bound: dict[str, str] = {}
        self._reported = False

    def set(self, text: str) -> None:
        """Take the parameters of ``text``."""
        self.set_pairs(urllib.parse.parse_qsl(text.removeprefix("?"), keep_blank_values=True))

    def report(self, text: str, *, navigation: bool) -> bool:
        """Take the page's query string on a navigation and on the session's first report."""
        with self._lock:
            take, self._reported = navigation or not self._reported, True
        if take:
            self.set(text)
        return take

    def matches(self, text: str) -> bool:
        """Same parameters, same order."""
        return urllib.parse.parse_qsl(text.removeprefix("?"), keep_blank_values=True) == self.pairs()

    def set_pairs(self, pairs: list[tuple[str, str]]) -> None:
        """Replace every parameter."""
        with self._lock:
            self._pairs = list(pairs)

    def replace(self, name: str, values: Iterable[str]) -> bool:
        """Give ``name`` exactly ``values``, where it first appears (else at the end)."""
        with self._lock:
            new = [(name, str(v)) for v in values]
            at = next((i for i, (n, _) in enumerate(self._pairs) if n == name), len(self._pairs))
            rest = [p for p in self._pairs if p[0] != name]
            before = sum(1 for p in self._pairs[:at] if p[0] != name)
            pairs = rest[:before] + new + rest[before:]
            changed, self._pairs = pairs != self._pairs, pairs
            return changed

    def pairs(self) -> list[tuple[str, str]]:
        """A copy of the pairs."""
        with self._lock:
            return list(self._pairs)

    def text(self) -> str:
        """The query string, without ``?``."""
        return urllib.parse.urlencode(self.pairs())

    def bind(self, name: str, owner: str) -> None:
        """``name`` mirrors a widget."""
        with self._lock:
            self._bound[name] = owner

    def unbind(self, name: str) -> None:
        """``name`` mirrors no widget."""
        with self._lock:
            self._bound.pop(name, None)

    def bound(self) -> dict[str, str]:
        """Parameters that mirror widgets."""
        with self._lock:
            return dict(self._bound)


class DictClient:
    """The :class:`kernel.contracts.ClientStore`: the last request and the browser's facts."""

    def __init__(self) -> None:
        self._info = ClientInfo()

    def set_request(self, headers: tuple[tuple[str, str], ...], ip_address: str | None) -> None:
        """The request that opened the connection."""
        headers = tuple((name.lower(), value) for name, value in headers)
        self._info = ClientInfo(headers, ip_address, self._info.browser)

    def set_request_head(self, head: bytes, ip_address: str | None) -> None:
        """The same, from the raw request head."""
        lines = head.decode("latin-1").split("\r\n")[1:]
        pairs = [line.split(":", 1) for line in lines if ":" in line]
        self.set_request(tuple((name.strip(), value.strip()) for name, value in pairs), ip_address)

    def set_browser(self, facts: Mapping[str, Any]) -> None:
        """The facts the page reported (known ones only)."""
        browser = {k: v for k, v in facts.items() if k in BROWSER_FACTS}
        self._info = ClientInfo(self._info.headers, self._info.ip_address, browser)

    def snapshot(self) -> ClientInfo:
        """What is known now (a frozen record)."""
        return self._info


class DictState(dict[str, Any]):
    """``st.session_state``: a dict with attribute access and the widget bookkeeping."""

    def __init__(self) -> None:
        super().__init__()
        self.widgets = DictWidgets()
        self.query_string = ListQueryString()
        self.client = DictClient()
        self._assigned: set[str] = set()
        self._locked: dict[str, str] = {}

    def __setitem__(self, key: str, value: Any) -> None:
        if key in self._locked:
            raise WidgetAlreadyInstantiatedError(
                f"st.session_state.{key} cannot be set after the widget {self._locked[key]} with that key was made"
            )
        super().__setitem__(key, value)
        self._assigned.add(key)

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(f"st.session_state has no attribute {key!r}") from None

    def __setattr__(self, key: str, value: Any) -> None:
        if key in ("widgets", "query_string", "client", "_assigned", "_locked"):
            object.__setattr__(self, key, value)
        else:
            self[key] = value

    def __iter__(self) -> Iterator[str]:
        return iter(list(super().__iter__()))

    def to_dict(self) -> dict[str, Any]:
        """A plain copy."""
        return dict(self)

    def set_widget_value(self, key: str, value: Any) -> None:
        """A widget's value: not a user assignment."""
        super().__setitem__(key, value)
        self._assigned.discard(key)

    def take_assigned(self, key: str) -> tuple[bool, Any]:
        """The user's assignment of ``key``, once."""
        if key in self._assigned and key in self:
            self._assigned.discard(key)
            return True, self[key]
        return False, None

    def lock_widget_key(self, key: str, widget: str) -> None:
        """Assigning ``key`` raises until the keys are unlocked."""
        self._locked[key] = widget

    def unlock_widget_keys(self) -> None:
        """No key is locked."""
        self._locked.clear()

    def drop_widget_key(self, key: str) -> None:
        """The widget is gone: drop its key unless the user assigned it."""
        if key not in self._assigned:
            self.pop(key, None)


@hookimpl
def kernel_make_session_state(session: Any) -> DictState:
    """Every session gets a :class:`DictState`."""
    return DictState()


@hookimpl
def kernel_rerun_requested(session: Any, request: Any, running: bool) -> None:
    """Take the page's query string, browser facts and widget values (a fragment's timer
    during a run fires nothing)."""
    state = session.state
    if request.query_string is not None:
        taken = state.query_string.report(request.query_string, navigation=request.navigation)
        if not taken and request.context is not None and not state.query_string.matches(request.query_string):
            session.queue.enqueue(PageInfo(state.query_string.text()))  # a new connection gets the session's URL
    if request.context is not None:
        state.client.set_browser(request.context)
    dropped = request.fragment_id is not None and request.is_auto_rerun and running
    state.widgets.update(request.widget_states, None if dropped else request.trigger, request.changed)


@hookimpl
def kernel_client_connected(session: Any, request_head: bytes, ip_address: str | None) -> None:
    """Keep the request that opened the connection."""
    session.state.client.set_request_head(request_head, ip_address)

