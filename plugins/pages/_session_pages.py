"""The pages plugin's :class:`kernel.contracts.pages.SessionPages`: one per session."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from kernel import StashKey
from kernel.contracts.pages import PageEntry

if TYPE_CHECKING:
    from kernel.contracts import AppSession

SESSION_PAGES: StashKey[SessionPages] = StashKey("session_pages")
"""Session stash: the session's :class:`SessionPages` (private to this plugin; others
reach it through ``kernel.contracts.pages.session_pages``)."""


class SessionPages:
    """A session's place in a multipage app; thread safe.

    ``requested`` is what the client (or a test) asked for, by URL path or by script
    file; ``current`` and ``pages`` are what the last run resolved.
    """

    __slots__ = ("_client_reset", "_current", "_lock", "_pages", "_requested_script", "_requested_url")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requested_url: str | None = None
        self._requested_script: Path | None = None
        self._pages: tuple[PageEntry, ...] = ()
        self._current: str | None = None
        self._client_reset = True

    def request(self, url_path: str) -> None:
        """Ask for the page at ``url_path`` (slashes around it are ignored)."""
        with self._lock:
            self._requested_url = url_path.strip("/")
            self._requested_script = None

    def request_script(self, script_path: Path) -> None:
        """Ask for the page whose file is ``script_path``."""
        with self._lock:
            self._requested_script = Path(script_path).resolve()
            self._requested_url = None

    def requested(self) -> tuple[str | None, Path | None]:
        """``(url_path, script_path)`` of the request; at most one is not ``None``."""
        with self._lock:
            return self._requested_url, self._requested_script

    def publish(self, pages: tuple[PageEntry, ...], current: str) -> None:
        """The pages the app has and the URL path of the page being shown; the request
        is now that page."""
        with self._lock:
            self._pages = tuple(pages)
            self._current = current
            self._requested_url = current
            self._requested_script = None

    def client_reset(self) -> None:
        """A client (re)connected: it must be sent the pages again even if unchanged."""
        with self._lock:
            self._client_reset = True

    def take_client_reset(self) -> bool:
        """Whether a client (re)connected since the last call."""
        with self._lock:
            reset, self._client_reset = self._client_reset, False
            return reset

    def pages(self) -> tuple[PageEntry, ...]:
        """The pages the last run knew (empty for a single-page app or before a run)."""
        with self._lock:
            return self._pages

    def current(self) -> str | None:
        """The URL path of the page the last run showed, or ``None``."""
        with self._lock:
            return self._current


def session_pages(session: AppSession) -> SessionPages:
    """The page record of ``session``, created on first use."""
    return session.stash.get_or_create(SESSION_PAGES, SessionPages)
