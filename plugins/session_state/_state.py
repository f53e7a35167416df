"""A dict-backed session state with attribute access, dict methods and helpful errors."""

from __future__ import annotations

import threading
from collections.abc import Iterator, MutableMapping
from typing import Any

from kernel.contracts.elements import WidgetAlreadyInstantiatedError
from kernel.contracts.session_state import MISSING
from kernel_plugins.session_state._client_info import ClientInfoStore
from kernel_plugins.session_state._empty import EMPTY, writable
from kernel_plugins.session_state._query_string import QueryString
from kernel_plugins.session_state._widget_store import WidgetStates

_SHOWN_KEYS = 20
"""At most this many existing keys are listed in an error message."""


def _known(keys: list[Any]) -> str:
    if not keys:
        return "it is empty"
    names = ", ".join(repr(k) for k in sorted(keys, key=str)[:_SHOWN_KEYS])
    more = f" and {len(keys) - _SHOWN_KEYS} more" if len(keys) > _SHOWN_KEYS else ""
    return f"existing keys: {names}{more}"


class MemorySessionState(MutableMapping[str, Any]):
    """User state of one session: item and attribute access, ``in``, ``del``, iteration,
    the dict methods (``get``, ``keys``, ``items``, ``values``, ``setdefault``, ``pop``,
    ``update``, ``clear``) and ``to_dict``.

    It owns the session's widget store (:attr:`widgets`), the page URL's query string
    (:attr:`query_string`) and the browser facts (:attr:`client`). A keyed widget's value
    (written with :meth:`set_widget_value`) lives in the widget store, once, and reading
    its key reads it there; the mapping itself holds only what the user assigned. See
    :class:`kernel.contracts.SessionState` for the widget bookkeeping. Thread safe: the
    script thread and the session's thread may both use it.
    """

    __slots__ = ("_assigned", "_client", "_data", "_lock", "_locked", "_query_string", "_widgets")

    _data: dict[str, Any]
    _assigned: dict[str, None]
    _locked: dict[str, str]
    _lock: threading.RLock
    _widgets: WidgetStates
    _query_string: QueryString
    _client: ClientInfoStore

    def __init__(self) -> None:
        # The mappings start as the shared EMPTY and get a dict of their own on their first
        # write; the widget store and the query string share the state's lock.
        lock = threading.RLock()
        object.__setattr__(self, "_data", EMPTY)
        object.__setattr__(self, "_assigned", EMPTY)
        object.__setattr__(self, "_locked", EMPTY)
        object.__setattr__(self, "_lock", lock)
        object.__setattr__(self, "_widgets", WidgetStates(lock))
        object.__setattr__(self, "_query_string", QueryString(lock=lock))
        object.__setattr__(self, "_client", ClientInfoStore())

    def _writable(self, name: str) -> dict[str, Any]:
        """The mapping in slot ``name``, made a dict of its own first if it is the shared EMPTY
        (:func:`writable`, stored past this class's ``__setattr__``)."""
        mapping: dict[str, Any] = getattr(self, name)
        if mapping is EMPTY:
            mapping = writable(mapping)
            object.__setattr__(self, name, mapping)
        return mapping

    @property
    def widgets(self) -> WidgetStates:
        """The session's widget store (:class:`kernel.contracts.WidgetStore`)."""
        return self._widgets

    @property
    def query_string(self) -> QueryString:
        """The page URL's query string (:class:`kernel.contracts.QueryStringStore`)."""
        return self._query_string

    @property
    def client(self) -> ClientInfoStore:
        """What the session knows about its browser (:class:`kernel.contracts.ClientStore`)."""
        return self._client

    # -- errors -------------------------------------------------------------------

    def _missing(self, key: Any, what: str) -> str:
        return (f'st.session_state has no {what} "{key}". Did you forget to initialize it? '
                f"Set it first, e.g. `if {key!r} not in st.session_state: st.session_state[{key!r}] = ...`; "
                f"{_known(self._keys())}.")

    # -- the mapping: user values here, keyed widgets' values in the widget store ----

    def _get(self, key: Any) -> Any:
        """The value under ``key`` (a user value, else a widget's); ``KeyError`` if none."""
        value = self._data.get(key, MISSING)
        if value is MISSING:
            value = self._widgets.shown(key)
            if value is MISSING:
                raise KeyError(key)
        return value

    def _keys(self) -> list[Any]:
        published = self._widgets.published()
        return [*self._data, *(k for k in published if k not in self._data)]

    def __getitem__(self, key: str) -> Any:
        with self._lock:
            try:
                return self._get(key)
            except KeyError:
                raise KeyError(self._missing(key, "key")) from None
            except TypeError:
                raise KeyError(f"st.session_state keys are strings (or ints); {key!r} is a "
                               f"{type(key).__name__}") from None

    def __setitem__(self, key: str, value: Any) -> None:
        with self._lock:
            widget = self._locked.get(key)
            if widget is not None:
                raise WidgetAlreadyInstantiatedError(
                    f"st.session_state.{key} cannot be modified after the widget with key {key!r} "
                    f"({widget}) is created in this run. Set st.session_state[{key!r}] before the "
                    f"widget's line, or in its on_change callback."
                )
            self._writable("_data")[key] = value
            self._writable("_assigned")[key] = None
            self._widgets.unpublish(key)  # the key holds the user's value now

    def __delitem__(self, key: str) -> None:
        with self._lock:
            if key in self._data:
                del self._data[key]
            elif self._widgets.shown(key) is not MISSING:
                self._widgets.unpublish(key)
            else:
                raise KeyError(self._missing(key, "key"))
            self._assigned.pop(key, None)

    def __getattr__(self, key: str) -> Any:
        if key.startswith("__"):
            raise AttributeError(key)
        with self._lock:
            try:
                return self._get(key)
            except KeyError:
                raise AttributeError(self._missing(key, "attribute")) from None

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value

    def __delattr__(self, key: str) -> None:
        with self._lock:
            if key not in self:
                raise AttributeError(self._missing(key, "attribute"))
            del self[key]

    def __contains__(self, key: object) -> bool:
        with self._lock:
            try:
                return key in self._data or self._widgets.shown(key) is not MISSING  # type: ignore[arg-type]
            except TypeError:
                return False

    def __iter__(self) -> Iterator[str]:
        with self._lock:
            return iter(self._keys())

    def __len__(self) -> int:
        with self._lock:
            return len(self._keys())

    def to_dict(self) -> dict[str, Any]:
        """A shallow copy as a plain dict."""
        with self._lock:
            published = self._widgets.published()
            return {**self._data, **{k: v for k, v in published.items() if k not in self._data}}

    def __repr__(self) -> str:
        return f"SessionState({self.to_dict()!r})"

    def _repr_markdown_(self) -> str:
        return f"```\n{self.to_dict()!r}\n```"

    # -- widget bookkeeping (kernel.contracts.SessionState) ---------------------

    def set_widget_value(self, key: str, value: Any) -> None:
        """Make ``value`` the widget's value under its user key (not a user assignment).

        It is kept once, in the widget store, as the value of the widget that last
        remembered ``key`` (:meth:`WidgetStates.publish`); here only if no widget did.
        """
        with self._lock:
            self._assigned.pop(key, None)
            if self._widgets.publish(key, value):
                self._data.pop(key, None)
            else:
                self._writable("_data")[key] = value

    def take_assigned(self, key: str) -> tuple[bool, Any]:
        """The value the user assigned to ``key`` since a widget last took it, if any."""
        with self._lock:
            if key in self._assigned and key in self._data:
                self._assigned.pop(key, None)
                return True, self._data[key]
            return False, None

    def lock_widget_key(self, key: str, widget: str) -> None:
        """Assigning ``key`` raises until :meth:`unlock_widget_keys`."""
        with self._lock:
            self._writable("_locked")[key] = widget

    def unlock_widget_keys(self) -> None:
        """No widget key is locked any more."""
        with self._lock:
            object.__setattr__(self, "_locked", EMPTY)

    def drop_widget_key(self, key: str) -> None:
        """Delete a gone widget's key unless the user assigned it since."""
        with self._lock:
            if key not in self._assigned:
                self._data.pop(key, None)
                self._widgets.unpublish(key)
