"""The seam for ``st.context``: what a session knows about its browser.

The runtime records the headers and address of the request that opened (or resumed)
the session's connection; the page reports browser facts (time zone, locale, URL,
theme) with its first :class:`kernel.messages.Rerun` (``context``). Both live in the
session's stash under :data:`CLIENT_INFO`; ``st.context`` reads a snapshot.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from kernel.stash import StashKey

if TYPE_CHECKING:
    from kernel.contracts import AppSession

__all__ = ["BROWSER_KEYS", "CLIENT_INFO", "ClientInfo", "ClientInfoStore", "client_info"]

BROWSER_KEYS = ("timezone", "timezone_offset", "locale", "url", "is_embedded", "theme")
"""The browser facts a page may report (anything else is ignored)."""


@attrs.frozen
class ClientInfo:
    """A snapshot: request ``headers`` (names lower-cased, in order), the client's
    ``ip_address`` and the ``browser`` facts (keys from :data:`BROWSER_KEYS`)."""

    headers: tuple[tuple[str, str], ...] = ()
    ip_address: str | None = None
    browser: Mapping[str, Any] = attrs.field(factory=dict)


class ClientInfoStore:
    """The session's :class:`ClientInfo`, updated from the trio thread, read from scripts."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._info = ClientInfo()

    def set_request(self, headers: tuple[tuple[str, str], ...], ip_address: str | None) -> None:
        """Record the request that opened or resumed the connection."""
        with self._lock:
            self._info = attrs.evolve(self._info, headers=tuple((k.lower(), v) for k, v in headers),
                                      ip_address=ip_address)

    def set_browser(self, facts: Mapping[str, Any]) -> None:
        """Record the browser facts the page reported."""
        known = {k: v for k, v in facts.items() if k in BROWSER_KEYS}
        with self._lock:
            self._info = attrs.evolve(self._info, browser=known)

    def snapshot(self) -> ClientInfo:
        """The current information."""
        with self._lock:
            return self._info


CLIENT_INFO: StashKey[ClientInfoStore] = StashKey("client_info")
"""Where a session keeps its :class:`ClientInfoStore`."""


def client_info(session: AppSession) -> ClientInfoStore:
    """The client information of ``session``, created (empty) on first use."""
    store = session.stash.get(CLIENT_INFO)
    if store is None:
        store = session.stash.setdefault(CLIENT_INFO, ClientInfoStore())
    return store
