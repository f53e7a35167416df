"""What a session knows about its browser (:class:`kernel.contracts.ClientStore`).

The session's state owns it (``state.client``). The runtime announces the head and
address of the request that opened (or resumed) the session's connection with the
``kernel_client_connected`` event (the head as received, one bytes object, parsed only
when a script asks for it); the page reports browser facts (time zone, locale, URL,
theme) with its first :class:`kernel.contracts.messages.Rerun` (``context``). ``st.context``
reads a snapshot.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from kernel.contracts.session_state import ClientInfo

__all__ = ["BROWSER_KEYS", "ClientInfoStore", "parse_head"]

BROWSER_KEYS = ("timezone", "timezone_offset", "locale", "url", "is_embedded", "theme")
"""The browser facts a page may report (anything else is ignored)."""


def parse_head(head: bytes) -> tuple[tuple[str, str], ...]:
    """The headers of an HTTP/1.1 request head (names lower-cased, in order).

    ``head`` is the request line and header lines, each ending in CRLF, as a server
    received them; lines without a colon are skipped.
    """
    headers = []
    for line in head.decode("latin-1").split("\r\n")[1:]:
        name, colon, value = line.partition(":")
        if colon:
            headers.append((name.strip().lower(), value.strip()))
    return tuple(headers)


_NO_BROWSER: Mapping[str, Any] = MappingProxyType({})


class ClientInfoStore:
    """The core :class:`kernel.contracts.ClientStore`: the session's :class:`ClientInfo`,
    updated from the trio thread, read from scripts.

    Each update replaces one attribute as a whole, so a reader in another thread sees
    either the old or the new value, never half of one (no lock needed).
    """

    __slots__ = ("_browser", "_request")

    def __init__(self) -> None:
        self._request: tuple[bytes | tuple[tuple[str, str], ...], str | None] = ((), None)
        self._browser = _NO_BROWSER

    def set_request(self, headers: tuple[tuple[str, str], ...], ip_address: str | None) -> None:
        """Record the request that opened or resumed the connection, by its headers."""
        self._request = (tuple((k.lower(), v) for k, v in headers), ip_address)

    def set_request_head(self, head: bytes, ip_address: str | None) -> None:
        """Record the request that opened or resumed the connection, by its head as received.

        The head is kept as it is (one bytes object) and parsed by :meth:`snapshot`:
        an idle session keeps no header strings.
        """
        self._request = (head, ip_address)

    def set_browser(self, facts: Mapping[str, Any]) -> None:
        """Record the browser facts the page reported."""
        self._browser = {k: v for k, v in facts.items() if k in BROWSER_KEYS}

    def snapshot(self) -> ClientInfo:
        """The current information."""
        (headers, ip_address), browser = self._request, self._browser
        if isinstance(headers, bytes):
            headers = parse_head(headers)
        return ClientInfo(headers, ip_address, dict(browser))
