"""The SessionState contract: user state and widget values across reruns.

A session's state is the mapping a user sees (``st.session_state``) and three stores
behind it: the widget store (:class:`WidgetStore`, ``state.widgets``) where the values
the page reported for the session's widgets live, with what each run learned about
them; the page URL's query string (:class:`QueryStringStore`, ``state.query_string``);
and what the session knows about its browser (:class:`ClientStore`, ``state.client``).
The session-state component owns them all; other plugins (the widget machinery, pages,
the runtime through the ``kernel_client_connected`` event) reach them only through this
contract.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

import attrs

__all__ = [
    "EMBED_PARAMS",
    "MISSING",
    "ClientInfo",
    "ClientStore",
    "QueryStringStore",
    "SessionState",
    "WidgetCallback",
    "WidgetMeta",
    "WidgetStore",
]

EMBED_PARAMS = frozenset({"embed", "embed_options"})
"""Query parameters the page reads for embedding (any case): not for apps to set, neither
through ``st.query_params``, nor a page link, nor by binding a widget to them."""


class _Missing:
    """The type of :data:`MISSING`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
"""Marks "no value" where ``None`` is a valid value."""


@attrs.frozen
class WidgetCallback:
    """A widget's ``on_change``/``on_click`` with its ``args`` and ``kwargs``."""

    fn: Callable[..., Any]
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = attrs.field(factory=dict)

    def __call__(self) -> Any:
        """Call the function with its arguments."""
        return self.fn(*self.args, **self.kwargs)


@attrs.frozen
class WidgetMeta:
    """What the last run that showed a widget knows about it.

    ``coerce`` turns a raw client value into the widget's value (raising
    ``TypeError``/``ValueError`` for one it cannot use); ``present`` turns the widget's
    value into what ``st.session_state[key]`` shows. ``form`` is the id of the form the
    widget sits in and ``fragment`` that of the innermost ``st.fragment`` that created
    it (``""`` for none). For ``persist="page"`` only, ``page`` is the URL path of the
    page the session was on when a run last showed the widget (``None`` in a
    single-page app): the widget is kept only while the session stays there.
    """

    kind: str
    key: str | None
    coerce: Callable[[Any], Any]
    present: Callable[[Any], Any]
    default: Any
    callback: WidgetCallback | None = None
    trigger: bool = False
    disabled: bool = False
    form: str = ""
    persist: str | None = None
    fragment: str = ""
    page: str | None = None


@runtime_checkable
class WidgetStore(Protocol):
    """The widgets of one session, by widget id: what the page reported, values the
    server set, the one-shot trigger of a run and what runs learned (:class:`WidgetMeta`).

    Written from the trio main thread (:meth:`update`, when a rerun request arrives) and
    from the script thread; read from the script thread. Every method must be safe to
    call from any thread and must not block: they run on the hot path of every widget.
    :meth:`begin_run` hands the pending trigger and changes to the run that starts, so a
    button reads ``True`` in exactly one run and callbacks fire once per change.
    """

    def update(self, values: Mapping[str, Any], trigger: str | None = None,
               changed: Sequence[str] | None = None) -> None:
        """Merge the values the page reported; remember ``trigger`` for the next run.

        ``changed`` (``Rerun.changed``) lists the widgets the user changed since the page's
        last report: exactly these count as changed (in that order, even when a value
        equals the one reported before) until the next run starts. Other values are taken
        only for widgets the store knows nothing of; for the rest they are echoes that may
        predate a value the server set, so they are ignored. The trigger's value is always
        taken. ``changed=None``: a value that differs from the one reported before counts
        as changed, in the order of ``values``.
        """
        ...

    def begin_run(self) -> None:
        """A run starts: it sees the pending trigger and changes (if any); later runs do
        not. A changed widget's server-set value gives way to the page's new value."""
        ...

    def changed(self) -> tuple[str, ...]:
        """Widget ids whose value changed (or that fired) for the current run, in order."""
        ...

    def queued(self) -> tuple[str | None, tuple[str, ...]]:
        """The trigger and the changed widgets reported since the current run began, which
        wait for the next run (a fragment's request waits for the run under way), without
        taking them. A worker that drains stores them with the interrupted run's, so the
        next worker runs them too (``kernel.contracts.scaleout.DRAINING``)."""
        ...

    @property
    def trigger(self) -> str | None:
        """The widget id that fired for the current run, if any."""
        ...

    def triggered(self, widget_id: str) -> bool:
        """Whether ``widget_id`` is the trigger that fired for the current run."""
        ...

    def get(self, widget_id: str, default: Any = None) -> Any:
        """The raw value the page reported for ``widget_id``, or ``default``."""
        ...

    def set_server_value(self, widget_id: str, value: Any) -> None:
        """The server gave the widget ``value`` (through session state or the URL); it
        holds until the page reports a new value for the widget."""
        ...

    def server_value(self, widget_id: str) -> Any:
        """The value the server set for ``widget_id`` and the page has not changed since,
        or :data:`MISSING`."""
        ...

    def reset(self, widget_id: str) -> None:
        """Forget the widget's reported and server values (it shows its default again)."""
        ...

    def remember(self, widget_id: str, meta: WidgetMeta) -> None:
        """Record what this run knows about ``widget_id`` (for callbacks and later runs)."""
        ...

    def meta(self, widget_id: str) -> WidgetMeta | None:
        """What the last run that showed ``widget_id`` knew about it."""
        ...

    def metas(self) -> dict[str, WidgetMeta]:
        """A copy of every known widget's :class:`WidgetMeta`."""
        ...

    def keep_only(self, widget_ids: Iterable[str]) -> list[WidgetMeta]:
        """Drop everything about widgets not in ``widget_ids``; return the metas dropped."""
        ...

    def to_dict(self) -> dict[str, Any]:
        """A copy of the page's raw values, by widget id."""
        ...


@runtime_checkable
class QueryStringStore(Protocol):
    """The query parameters of a session's page URL, as ordered ``(name, value)`` pairs.

    The page reports its URL's query string with rerun requests (:meth:`report`);
    ``st.query_params``, page links and widgets bound to the URL read and change it (and
    tell the page with a ``PageInfo``). Safe to use from any thread.
    """

    def set(self, text: str) -> None:
        """Replace the parameters with those of ``text`` (``a=1&b=2``, a leading ``?`` allowed)."""
        ...

    def report(self, text: str, *, navigation: bool) -> bool:
        """The page reports its query string ``text``; ``True`` if it was taken.

        It is taken when the page navigated (opened, reloaded, back or forward, a link)
        and on the first report of the session; otherwise the session's parameters stand
        (the page may not yet have applied what the server last wrote).
        """
        ...

    def matches(self, text: str) -> bool:
        """Whether ``text`` names the same parameters, in the same order, as the session has."""
        ...

    def set_pairs(self, pairs: list[tuple[str, str]]) -> None:
        """Replace the parameters with ``pairs``."""
        ...

    def replace(self, name: str, values: Iterable[str]) -> bool:
        """Give parameter ``name`` exactly ``values`` (none: remove it), where it first
        appears (else at the end), in one step; ``True`` if its values changed."""
        ...

    def pairs(self) -> list[tuple[str, str]]:
        """A copy of the ``(name, value)`` pairs, in URL order."""
        ...

    def text(self) -> str:
        """The query string (without ``?``)."""
        ...

    def bind(self, name: str, owner: str) -> None:
        """Parameter ``name`` now mirrors a widget (``owner`` describes it, e.g.
        ``"st.checkbox(key='dark')"``); ``st.query_params`` may not set or delete it."""
        ...

    def unbind(self, name: str) -> None:
        """Parameter ``name`` no longer mirrors a widget."""
        ...

    def bound(self) -> dict[str, str]:
        """The parameters that mirror widgets: name -> owner."""
        ...


@attrs.frozen
class ClientInfo:
    """What a session knows about its browser, at one moment: the ``headers`` of the
    request that opened (or resumed) its connection (names lower-cased, in order), the
    client's ``ip_address``, and the ``browser`` facts the page reported (``timezone``,
    ``timezone_offset``, ``locale``, ``url``, ``is_embedded``, ``theme``)."""

    headers: tuple[tuple[str, str], ...] = ()
    ip_address: str | None = None
    browser: Mapping[str, Any] = attrs.field(factory=dict)


@runtime_checkable
class ClientStore(Protocol):
    """What a session knows about its browser (``st.context`` reads it).

    Written from the trio main thread (the ``kernel_client_connected`` event, the first
    rerun request of a connection), read from the script thread; safe to use from any
    thread, and never blocking.
    """

    def set_request(self, headers: tuple[tuple[str, str], ...], ip_address: str | None) -> None:
        """Record the request that opened or resumed the connection, by its headers."""
        ...

    def set_request_head(self, head: bytes, ip_address: str | None) -> None:
        """The same, by the request's head as received (request line and header lines,
        each ending in CRLF); it may be kept as is and parsed when a script reads it."""
        ...

    def set_browser(self, facts: Mapping[str, Any]) -> None:
        """Record the browser facts the page reported (unknown keys are ignored)."""
        ...

    def snapshot(self) -> ClientInfo:
        """The current information."""
        ...


@runtime_checkable
class SessionState(Protocol):
    """A per-session mapping of user state and widget values (``st.session_state``).

    Made by ``kernel_make_session_state`` per session; read and written from the script
    thread, and between runs (tests, callbacks). Besides the mapping a user sees, it
    owns the session's :attr:`widgets`, :attr:`query_string` and :attr:`client`, and
    keeps three pieces of bookkeeping the widget machinery relies on (see
    ``docs/plugins.md``, "Replacing the session state"):

    * which keys the *user* assigned (``st.session_state[k] = v``) since a widget last
      took the key's value: such a value wins over the widget's default and the
      client's stale value (:meth:`take_assigned`);
    * which keys belong to widgets already created in the current run: assigning one
      raises :class:`kernel.contracts.WidgetAlreadyInstantiatedError` (:meth:`lock_widget_key`);
    * widget values written by the widget machinery (:meth:`set_widget_value`) are not
      user assignments, and are dropped when their widget disappears unless the user
      assigned the key in that run (:meth:`drop_widget_key`).

    Where a keyed widget's value is kept is the implementation's choice, as long as
    reading its key gives it; the core state keeps it once, in its widget store.
    """

    def __getitem__(self, key: str) -> Any: ...
    def __setitem__(self, key: str, value: Any) -> None: ...
    def __delitem__(self, key: str) -> None: ...
    def __contains__(self, key: object) -> bool: ...
    def __iter__(self) -> Iterator[str]: ...
    def __len__(self) -> int: ...

    @property
    def widgets(self) -> WidgetStore:
        """The session's widget store (made with the state, alive as long)."""
        ...

    @property
    def query_string(self) -> QueryStringStore:
        """The query parameters of the session's page URL (empty until the page reports)."""
        ...

    @property
    def client(self) -> ClientStore:
        """What the session knows about its browser."""
        ...

    def to_dict(self) -> dict[str, Any]:
        """A shallow copy of the state as a plain dict."""
        ...

    def set_widget_value(self, key: str, value: Any) -> None:
        """Store the value of the widget with user key ``key`` (not a user assignment)."""
        ...

    def take_assigned(self, key: str) -> tuple[bool, Any]:
        """``(True, value)`` if the user assigned ``key`` since a widget last took it, and
        forget that it did; else ``(False, None)``."""
        ...

    def lock_widget_key(self, key: str, widget: str) -> None:
        """The widget ``widget`` (a display name such as ``"st.slider"``) with key ``key`` was
        created in this run: assigning ``key`` now raises until :meth:`unlock_widget_keys`."""
        ...

    def unlock_widget_keys(self) -> None:
        """A run started or ended: no widget key is locked."""
        ...

    def drop_widget_key(self, key: str) -> None:
        """The widget with key ``key`` is gone: delete the key unless the user assigned it
        since the widget last took its value (then it stays, as a plain user value)."""
        ...
