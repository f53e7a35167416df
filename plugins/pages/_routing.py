"""Choosing the page a run shows, and telling the browser (``Navigation``).

A ``Navigation`` goes out at the start of a full run when it differs from the last one
the browser got, or when a client (re)connected (``SessionPages.client_reset``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kernel import StashKey
from kernel.contracts import AppSession
from kernel.contracts.messages import Navigation, NavPage
from kernel_plugins.pages._page import Page
from kernel_plugins.pages._session_pages import session_pages

SWITCHED: StashKey[str] = StashKey("page_switched")
"""Session stash: ``st.switch_page`` chose the next page; the value is its query string."""
LAST_SENT: StashKey[Navigation | None] = StashKey("navigation_sent")
"""Session stash: the last ``Navigation`` the browser got (``None``: it shows no menu)."""
PAGES: StashKey[tuple[Page, ...]] = StashKey("run_pages")
"""Run context: the pages of the app in this run (from st.navigation or pages/)."""

COLLAPSE_ABOVE = 12
COLLAPSED_COUNT = 10


def default_page(pages: Sequence[Page]) -> Page:
    """The page served at the root URL."""
    for page in pages:
        if page.default:
            return page
    return next(p for p in pages if not p.is_external)


def resolve(pages: Sequence[Page], url: str | None, script: Path | None) -> tuple[Page, str | None]:
    """The page asked for by URL path or file, and the path asked for when no page has it."""
    default = default_page(pages)
    routable = [p for p in pages if not p.is_external]
    if script is not None:
        for page in routable:
            if page.script_path == script:
                return page, None
        return default, str(script)
    if not url:
        return default, None
    for page in routable:
        if page.name == url:
            return page, None
    return default, url


def collapsed_count(visible: int, expanded: bool | int) -> int:
    """How many menu entries show before "View more" (0: all)."""
    if expanded is True:
        return 0
    if expanded is False:
        return COLLAPSED_COUNT if visible > COLLAPSE_ABOVE else 0
    return int(expanded) if visible > int(expanded) else 0


def publish(session: AppSession, pages: Sequence[Page], current: Page, *, sections: dict[int, str] | None = None,
            position: str = "sidebar", expanded: bool | int = False, not_found: str | None = None) -> None:
    """Record the session's pages and current page, and send the browser a ``Navigation``."""
    session_pages(session).publish(tuple(p.entry() for p in pages if not p.is_external), current.url_path)
    sections = sections or {}
    nav_pages = tuple(
        NavPage(url_path=p.url_path if not p.is_external else "", title=p.title, icon=p.icon,
                section=sections.get(id(p), ""), hidden=p.visibility == "hidden", help=p.help,
                external_url=p.external_url)
        for p in pages
    )
    visible = sum(1 for p in pages if p.visibility == "visible")
    switched = session.stash.get(SWITCHED)
    if switched is not None:
        del session.stash[SWITCHED]
    msg = Navigation(
        pages=nav_pages, current=current.url_path, position=position,
        collapsed_count=collapsed_count(visible, expanded), page_not_found=not_found,
        switched=switched is not None and not_found is None, query_string=switched,
    )
    fresh = session_pages(session).take_client_reset()
    if not fresh and session.stash.get(LAST_SENT) == msg:
        return  # the browser shows exactly this: an unchanged rerun stays a tiny frame
    session.stash[LAST_SENT] = msg
    session.queue.enqueue(msg)


def unpublish(session: AppSession) -> None:
    """The app has no pages (any more): clear the browser's menu if it had one."""
    if session.stash.get(LAST_SENT) is not None:
        session.stash[LAST_SENT] = None
        session.queue.enqueue(Navigation(pages=(), current=""))
    if SWITCHED in session.stash:
        del session.stash[SWITCHED]
