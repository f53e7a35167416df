"""The seam for multipage apps: which page a session asked for, and which pages exist.

The session stores the page each :class:`kernel.messages.Rerun` names (its URL path)
in a :class:`SessionPages` kept in the session's stash; the plugin that implements
pages resolves it at the start of a run, records the pages the app has and the one
the run shows, and tells the page with a :class:`kernel.messages.Navigation`. Test
harnesses (``kernel.testing.AppTest``) read and request pages here too, so nothing
outside that plugin knows how pages are found or run.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from kernel.errors import KernelError
from kernel.stash import StashKey

if TYPE_CHECKING:
    from kernel.contracts import AppSession

__all__ = [
    "SESSION_PAGES",
    "NavigationError",
    "PageEntry",
    "PageNotFoundError",
    "SessionPages",
    "session_pages",
]


class NavigationError(KernelError):
    """``st.navigation`` / ``st.Page`` were used in a way that cannot work (a duplicate
    URL path, ``st.navigation`` called twice in one run, an unknown ``position``, ...)."""


class PageNotFoundError(NavigationError):
    """``st.switch_page`` / ``st.page_link`` named a page the app does not have."""


@attrs.frozen
class PageEntry:
    """One page of the app as a session knows it.

    ``url_path`` is ``""`` for the default page; ``script_path`` is the page's file
    (``None`` for a page made from a function or an external link).
    """

    url_path: str
    title: str
    icon: str = ""
    script_path: Path | None = None


class SessionPages:
    """A session's place in a multipage app; thread safe.

    ``requested`` is what the client (or a test) asked for, by URL path or by script
    file; ``current`` and ``pages`` are what the last run resolved.
    """

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


SESSION_PAGES: StashKey[SessionPages] = StashKey("session_pages")
"""Where a session keeps its :class:`SessionPages`."""


def session_pages(session: AppSession) -> SessionPages:
    """The page record of ``session``, created on first use."""
    store = session.stash.get(SESSION_PAGES)
    if store is None:
        store = session.stash.setdefault(SESSION_PAGES, SessionPages())
    return store
