"""Pages from the ``pages/`` folder next to the entry script (apps without ``st.navigation``)."""

from __future__ import annotations

import threading
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING

from kernel import StashKey
from kernel.context import get_run_context
from kernel.contracts import AppSession
from kernel_plugins.pages._session_pages import session_pages

if TYPE_CHECKING:
    from kernel_plugins.pages._page import Page

PAGES_DIR = "pages"
NAVIGATION_USED: StashKey[bool] = StashKey("navigation_used")
"""App stash: some session called ``st.navigation``; the ``pages/`` folder is ignored from now on."""

_cache_lock = threading.Lock()
_cache: dict[Path, tuple[tuple[int, int], list[Path]]] = {}


def page_files(main: Path) -> list[Path]:
    """The page files of the app whose entry script is ``main``: ``main`` first, then
    ``pages/*.py`` by number prefix and name (hidden and ``__`` files left out)."""
    from kernel_plugins.pages._names import page_name

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
    """Drop the cached listings and resolved entry scripts (the file watcher saw a change)."""
    with _cache_lock:
        _cache.clear()
    forget_resolved_scripts()


def forget_resolved_scripts() -> None:
    """Drop the resolved entry scripts (a source file changed: a link may point elsewhere now)."""
    _resolved.clear()


_resolved: dict[str, Path] = {}
_RESOLVED_MAX = 64
"""Entry scripts resolved at most (a process serves one app; tests make many)."""


def resolved_script(script_path: str | Path) -> Path:
    """``Path(script_path).resolve()``, remembered: every full run needs it, and resolving
    looks at each folder of the path (a system call each)."""
    key = str(script_path)
    found = _resolved.get(key)
    if found is None:
        if len(_resolved) >= _RESOLVED_MAX:
            _resolved.clear()
        found = _resolved[key] = Path(key).resolve()
    return found


def uses_navigation(code: CodeType) -> bool:
    """Whether the script's code mentions ``navigation`` (``st.navigation(...)``) anywhere."""
    if "navigation" in code.co_names:
        return True
    return any(isinstance(c, CodeType) and uses_navigation(c) for c in code.co_consts)


_uses_lock = threading.Lock()
_uses: dict[Path, tuple[tuple[int, int], bool]] = {}


def script_uses_navigation(path: Path) -> bool:
    """:func:`uses_navigation` of the script at ``path``, compiled once per change of the file.

    A file that cannot be read or compiled counts as not using it: the run then shows
    the error the runner meets executing it.
    """
    try:
        stat = path.stat()
    except OSError:
        return False
    stamp = (stat.st_mtime_ns, stat.st_size)
    with _uses_lock:
        cached = _uses.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
    try:
        found = uses_navigation(compile(path.read_bytes(), str(path), "exec", dont_inherit=True))
    except (OSError, SyntaxError, ValueError):
        return False
    with _uses_lock:
        _uses[path] = (stamp, found)
    return found


def dir_pages(main: Path) -> list[Page]:
    """The app's pages as :class:`Page` objects (the entry script is the default page)."""
    return pages_of(page_files(main))


def pages_of(files: list[Path]) -> list[Page]:
    """:class:`Page` objects for :func:`page_files` (the first one is the default page)."""
    from kernel_plugins.pages._names import page_name
    from kernel_plugins.pages._page import Page

    pages: list[Page] = []
    for index, path in enumerate(files):
        parsed = page_name(path)
        pages.append(Page(path, title=parsed.title, icon=parsed.icon or None, url_path=parsed.name,
                          default=index == 0))
    return pages


def start_page_run(session: AppSession) -> None:
    """At the start of a full run: point it at the file of the page the session asked for.

    Does nothing for a partial run, an app without a ``pages/`` folder, or one that
    uses ``st.navigation`` (its pages are chosen when the script calls it). Otherwise
    the run executes the page's file (``ctx.script_path``), its elements get ids of
    the page's own (``ctx.id_scope``) and the browser hears about the pages.
    """
    from kernel_plugins.pages._routing import PAGES, publish, resolve, unpublish

    ctx = get_run_context()
    app = session.app
    if ctx is None or ctx.session is not session or ctx.run_body is not None or app.script_path is None:
        return
    main = resolved_script(app.script_path)
    if app.stash.get(NAVIGATION_USED) or script_uses_navigation(main):
        return
    files = page_files(main)
    if len(files) < 2:  # no pages/ folder: no Page objects to make on every run
        unpublish(session)
        return
    pages = pages_of(files)
    url, script = session_pages(session).requested()
    page, not_found = resolve(pages, url, script)
    ctx.id_scope = page.scope
    ctx.stash[PAGES] = tuple(pages)
    publish(session, pages, page, not_found=not_found)
    if page.script_path is not None and page.script_path != main:
        ctx.script_path = page.script_path
