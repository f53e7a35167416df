"""``BaseConnection``: what every connection type (built in or third party) derives from.

A subclass implements :meth:`BaseConnection._connect`, which makes the underlying
object (an engine, a client, a session) from its keyword arguments and its secrets
section ``[connections.<name>]`` (:attr:`BaseConnection._secrets`). The object is made
once when the connection is made, again after :meth:`BaseConnection.reset`, and again
after the secrets of its section change.
"""

from __future__ import annotations

import hashlib
import html
import json
import threading
import weakref
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from kernel.contracts.attribute_dict import AttributeDict

__all__ = ["BaseConnection", "connection_secrets", "live_connections"]

RawConnectionT = TypeVar("RawConnectionT")

_live: weakref.WeakSet[BaseConnection[Any]] = weakref.WeakSet()
_live_lock = threading.Lock()


def live_connections(app: object) -> list[BaseConnection[Any]]:
    """Every connection object ``app`` made that is still in use (for a secrets reload)."""
    with _live_lock:
        return [conn for conn in _live if conn._app_ref() is app]


def connection_secrets(connection_name: str) -> Mapping[str, Any]:
    """The secrets section ``[connections.<connection_name>]`` (empty when there is none).

    Read through ``st.secrets``, whichever plugin provides the secrets component.
    """
    from kernel import st

    try:
        section = st.secrets["connections"][connection_name]
    except KeyError:
        return AttributeDict()
    if not isinstance(section, Mapping):
        return AttributeDict()
    return section


def _app_ref() -> Callable[[], object]:
    from kernel import current_app

    try:
        return weakref.ref(current_app())
    except Exception:  # noqa: BLE001 - no app (a connection made by hand in a test): never reloaded
        return lambda: None


def _section_digest(section: Mapping[str, Any]) -> str:
    to_dict = getattr(section, "to_dict", None)
    data = to_dict() if callable(to_dict) else dict(section)
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


class BaseConnection(ABC, Generic[RawConnectionT]):
    """A named connection to a data source, made by ``st.connection``.

    Subclasses implement :meth:`_connect` and add the methods users call (``query``,
    ``read``, ...), reaching the underlying object through :attr:`_instance`.

    ``st.connection`` caches connection objects like ``st.cache_resource`` does: every
    session and rerun gets the same object for the same name, type and arguments, so a
    subclass must be safe to use from several script threads at once.
    """

    def __init__(self, connection_name: str, **kwargs: Any) -> None:
        self._connection_name = connection_name
        self._kwargs = kwargs
        self._lock = threading.RLock()
        self._app_ref = _app_ref()
        self._config_section_hash = _section_digest(self._secrets)
        self._raw_instance: RawConnectionT | None = self._connect(**kwargs)
        with _live_lock:
            _live.add(self)

    # -- for subclasses ----------------------------------------------------------------

    @abstractmethod
    def _connect(self, **kwargs: Any) -> RawConnectionT:
        """Make the underlying connection object from ``kwargs`` and :attr:`_secrets`."""

    @property
    def _secrets(self) -> Mapping[str, Any]:
        """This connection's secrets section, ``[connections.<name>]`` (empty when there is none)."""
        return connection_secrets(self._connection_name)

    @property
    def _instance(self) -> RawConnectionT:
        """The underlying object, made again by :meth:`_connect` after :meth:`reset`."""
        raw = self._raw_instance
        if raw is None:
            with self._lock:
                raw = self._raw_instance
                if raw is None:
                    raw = self._raw_instance = self._connect(**self._kwargs)
        return raw

    # -- for users ---------------------------------------------------------------------

    def reset(self) -> None:
        """Drop the underlying object; the next use makes a new one (e.g. after a lost connection)."""
        with self._lock:
            old, self._raw_instance = self._raw_instance, None
        if old is not None:
            self._on_reset(old)

    def _on_reset(self, old: RawConnectionT) -> None:
        """Release an underlying object that :meth:`reset` dropped (nothing by default)."""

    def _secrets_changed(self) -> bool:
        """Reset when this connection's secrets section changed; whether it did."""
        digest = _section_digest(self._secrets)
        if digest == self._config_section_hash:
            return False
        self._config_section_hash = digest
        self.reset()
        return True

    def __repr__(self) -> str:
        return f"<{type(self).__qualname__} {self._connection_name!r}>"

    def _repr_html_(self) -> str:
        """What ``st.write(conn)`` shows: the name and the type, never a setting's value."""
        module = type(self).__module__
        return (
            f"<strong>{html.escape(type(self).__qualname__)}</strong> "
            f"<code>{html.escape(self._connection_name)}</code> "
            f"(<code>{html.escape(module)}</code>)"
        )
