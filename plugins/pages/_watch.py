"""Added and removed page files reach every open session's menu without a rerun."""

from __future__ import annotations

import logging
import weakref
from collections.abc import Sequence
from pathlib import Path

from kernel import KernelApp, StashKey
from kernel.contracts import AppSession
from kernel_plugins.pages._discovery import (
    NAVIGATION_USED,
    PAGES_DIR,
    dir_pages,
    forget_page_files,
    forget_resolved_scripts,
)
from kernel_plugins.pages._routing import publish, resolve, unpublish
from kernel_plugins.pages._session_pages import session_pages

SESSIONS: StashKey[weakref.WeakSet[AppSession]] = StashKey("page_sessions")
"""App stash: the open sessions (weakly), to tell about page files coming and going."""

log = logging.getLogger("kernel.pages")


def track_session(session: AppSession) -> None:
    """Remember ``session`` (until it is garbage) for :func:`pages_changed`."""
    session.app.stash.setdefault(SESSIONS, weakref.WeakSet()).add(session)


def pages_changed(app: KernelApp, paths: Sequence[Path]) -> bool:
    """If files in ``pages/`` changed, send each open session the new menu; ``True`` if so.

    Called from the trio main thread by the file watcher (``kernel_source_changed``).
    Apps with ``st.navigation`` ignore the folder: their menu changes when the entry
    script runs again.
    """
    if app.script_path is None:
        return False
    forget_resolved_scripts()
    main = Path(app.script_path).resolve()
    folder = main.parent / PAGES_DIR
    if not any(Path(p).resolve().parent == folder for p in paths):
        return False
    forget_page_files()
    if app.stash.get(NAVIGATION_USED):
        return True
    pages = dir_pages(main)
    for session in list(app.stash.get(SESSIONS) or ()):
        if getattr(session, "closed", False):
            continue
        try:
            if len(pages) < 2:
                unpublish(session)
                continue
            page, _ = resolve(pages, session_pages(session).current(), None)
            publish(session, pages, page)
        except Exception:
            log.exception("session %s: telling it about changed pages failed", session.id)
    return True
