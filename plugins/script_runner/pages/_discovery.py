"""Pages from the ``pages/`` folder next to the entry script (apps without ``st.navigation``)."""

from __future__ import annotations

import threading
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING

from kernel.app import KernelApp
from kernel.context import get_run_context
from kernel.contracts import AppSession
from kernel.navigation import session_pages
from kernel.stash import StashKey

if TYPE_CHECKING:
    from plugins.script_runner.pages._page import Page

PAGES_DIR = "pages"
NAVIGATION_USED: StashKey[bool] = StashKey("navigation_used")
"""App stash: some session called ``st.navigation``; the ``pages/`` folder is ignored from now on."""

_cache_lock = threading.Lock()
_cache: dict[Path, tuple[tuple[int, int], list[Path]]] = {}


def page_files(main: Path) -> list[Path]:
    """The page files of the app whose entry script is ``main``: ``main`` first, then
    ``pages/*.py`` by number prefix and name (hidden and ``__`` files left out)."""
    from plugins.script_runner.pages._names import page_name

    folder = main.parent / PAGES_DIR
    try:
        stat = folder.stat()
    except OSError:
        return [main]
    stamp = (stat.st_mtime_ns, stat.st_ino)
    with _cache_lock:
        cached = _cache.get(folder)
        if cached is not None and cached[0] == stamp:
            return [main, *cached[1]]
    files = [p.resolve() for p in folder.iterdir()
             if p.suffix == ".py" and not p.name.startswith((".", "__")) and p.is_file()]
    files.sort(key=lambda p: page_name(p).sort_key())
    with _cache_lock:
        _cache[folder] = (stamp, files)
    return [main, *files]


def forget_page_files() -> None:
    """Drop the cached listings (the file watcher saw a change)."""
    with _cache_lock:
        _cache.clear()


def uses_navigation(code: CodeType) -> bool:
    """Whether the script's code mentions ``navigation`` (``st.navigation(...)``) anywhere."""
    if "navigation" in code.co_names:
        return True
    return any(isinstance(c, CodeType) and uses_navigation(c) for c in code.co_consts)


def dir_pages(main: Path) -> list[Page]:
    """The app's pages as :class:`Page` objects (the entry script is the default page)."""
    from plugins.script_runner.pages._names import page_name
    from plugins.script_runner.pages._page import Page

    pages: list[Page] = []
    for index, path in enumerate(page_files(main)):
        parsed = page_name(path)
        pages.append(Page(path, title=parsed.title, icon=parsed.icon or None, url_path=parsed.name,
                          default=index == 0))
    return pages


def start_page_run(app: KernelApp, session: AppSession, code: CodeType) -> Path | None:
    """At the start of a full run: the file to run for the page the session asked for.

    ``None`` (run the entry script as it is) when the app has no ``pages/`` folder or
    uses ``st.navigation``. Otherwise the run's widgets are scoped to the page and the
    browser hears about the pages.
    """
    from plugins.script_runner.pages._routing import PAGES, publish, resolve, unpublish

    if app.stash.get(NAVIGATION_USED) or uses_navigation(code) or app.script_path is None:
        return None
    main = Path(app.script_path).resolve()
    pages = dir_pages(main)
    if len(pages) < 2:
        unpublish(session)
        return None
    url, script = session_pages(session).requested()
    page, not_found = resolve(pages, url, script)
    ctx = get_run_context()
    if ctx is not None:
        ctx.id_scope = page.scope
        ctx.stash[PAGES] = tuple(pages)
    publish(session, pages, page, not_found=not_found)
    return page.script_path
