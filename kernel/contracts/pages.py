"""The pages contract: which page of a multipage app a session asked for and shows.

The plugin that implements multipage apps (the core ``pages`` plugin) keeps one
:class:`SessionPages` per session and hands it out through ``kernel_session_pages``,
a hook it declares itself (``kernel_add_hookspecs``: call
:func:`kernel.contracts.hookspecs.add_hookspecs_once` with this module).
Everything else reaches a session's pages through :func:`session_pages`: the test
harness (``kernel.testing.AppTest`` asks for a page, and reads which pages the app
has) and the widget engine (``persist_state="page"`` remembers the page a widget was
shown on). The errors users catch live here too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import attrs

from kernel._errors import KernelAPIException
from kernel.contracts.hookspecs import call_declared_hook, hookspec

if TYPE_CHECKING:
    from kernel.contracts.app_session import AppSession

__all__ = [
    "NavigationError",
    "PageEntry",
    "PageNotFoundError",
    "SessionPages",
    "kernel_session_pages",
    "session_pages",
]


class NavigationError(KernelAPIException):
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


@runtime_checkable
class SessionPages(Protocol):
    """A session's place in a multipage app; thread safe.

    A request counts at the session's next run: the pages plugin resolves it then and
    records the pages the app has and the one the run shows.
    """

    def request(self, url_path: str) -> None:
        """Ask for the page at ``url_path`` (slashes around it are ignored)."""
        ...

    def request_script(self, script_path: Path) -> None:
        """Ask for the page whose file is ``script_path``."""
        ...

    def pages(self) -> tuple[PageEntry, ...]:
        """The pages the last run knew (empty for a single-page app or before a run)."""
        ...

    def current(self) -> str | None:
        """The URL path of the page the last run showed, or ``None``."""
        ...


@hookspec(firstresult=True)
def kernel_session_pages(session: AppSession) -> SessionPages | None:
    """The :class:`SessionPages` of ``session``, made on first use.

    Declared by the plugin that implements pages (through ``add_hookspecs_once``) and
    answered by it. **Called:** from any thread; must not block. First result wins.

    :param session: the session.
    """


def session_pages(session: AppSession) -> SessionPages | None:
    """The pages of ``session``; ``None`` when no plugin implements pages."""
    result: SessionPages | None = call_declared_hook(session.app.hook, "kernel_session_pages", session=session)
    return result
