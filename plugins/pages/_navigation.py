"""``st.navigation`` and ``st.switch_page``, and finding the page a command names."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

from kernel import NoRunContextError, StashKey
from kernel.context import RunContext, get_run_context
from kernel.contracts.hookspecs import call_declared_hook
from kernel.contracts.pages import NavigationError, PageNotFoundError
from kernel.contracts.script_runner import RerunRun
from kernel.contracts.session_state import EMBED_PARAMS
from kernel_plugins.pages._discovery import NAVIGATION_USED, dir_pages, resolved_script
from kernel_plugins.pages._page import RUN_PAGE, Page, is_external, main_dir
from kernel_plugins.pages._routing import PAGES, SWITCHED, publish, resolve
from kernel_plugins.pages._session_pages import session_pages

POSITIONS = ("sidebar", "top", "hidden")

NAV_CALLED: StashKey[bool] = StashKey("navigation_called")
"""Run context: ``st.navigation`` was called in this run."""

PageLike = Page | str | Path | Callable[[], Any]


def _context(what: str) -> RunContext:
    ctx = get_run_context()
    if ctx is None:
        raise NoRunContextError(f"{what} only works while the app's script runs (kernel run, or AppTest)")
    return ctx


def _as_page(item: Any) -> Page:
    if isinstance(item, Page):
        return item
    if isinstance(item, str | Path) or callable(item):
        return Page(item)
    raise NavigationError(f"st.navigation got {item!r}: each page is an st.Page, a .py path or a function")


def navigation(pages: Sequence[PageLike] | Mapping[str, Sequence[PageLike]], *, position: str = "sidebar",
               expanded: bool | int = False) -> Page:
    """``st.navigation``: the app's pages; returns the page to show (call ``.run()`` on it).

    ``pages`` is a list of pages, or a dict ``{section: [pages]}`` for a menu in
    sections. ``position`` is ``"sidebar"``, ``"top"`` or ``"hidden"``; ``expanded``
    says when a long sidebar menu collapses (``False``: above 12 pages, ``True``:
    never, a number: above that many).
    """
    ctx = _context("st.navigation")
    ctx.checkpoint()
    if position not in POSITIONS:
        raise NavigationError(f"st.navigation(position={position!r}): use one of {', '.join(map(repr, POSITIONS))}")
    if ctx.stash.get(NAV_CALLED):
        raise NavigationError("st.navigation was called twice in one run. Call it once, in the entry script, with "
                              "every page of the app.")
    ctx.stash[NAV_CALLED] = True
    listed: list[Page] = []
    sections: dict[int, str] = {}
    groups: Iterable[tuple[str, Sequence[PageLike]]]
    groups = pages.items() if isinstance(pages, Mapping) else [("", pages)]
    for section, items in groups:
        if isinstance(items, Page | str | Path) or callable(items):
            items = [items]
        for item in items:
            page = _as_page(item)
            listed.append(page)
            sections[id(page)] = str(section)
    if not [p for p in listed if not p.is_external]:
        raise NavigationError("st.navigation needs at least one page of the app (not only external links)")
    _check_unique(listed)
    ctx.app.stash[NAVIGATION_USED] = True
    url, script = session_pages(ctx.session).requested()
    page, not_found = resolve(listed, url, script)
    ctx.stash[RUN_PAGE] = page
    ctx.stash[PAGES] = tuple(listed)
    if len([p for p in listed if not p.is_external]) < 2 and not [p for p in listed if p.is_external]:
        position = "hidden"  # a single page never shows a menu
    publish(ctx.session, listed, page, sections=sections, position=position, expanded=expanded,
            not_found=not_found)
    return page


def _check_unique(pages: Sequence[Page]) -> None:
    defaults = [p for p in pages if p.default]
    if len(defaults) > 1:
        raise NavigationError("st.navigation got more than one page with default=True: "
                              + ", ".join(repr(p.title) for p in defaults) + ". Mark only one page as the default.")
    if not defaults:
        next(p for p in pages if not p.is_external).default = True
    seen: dict[str, Page] = {}
    for page in pages:
        if page.is_external:
            continue
        other = seen.get(page.name)
        if other is not None:
            raise NavigationError(
                f"Multiple pages have the URL path {page.name!r} ({other.title!r} and {page.title!r}). URL paths "
                "must be unique; they are inferred from the file or function name unless you pass url_path=...")
        seen[page.name] = page


def known_pages(ctx: RunContext) -> tuple[Page, ...]:
    """The pages of the app as this run knows them (st.navigation's, or pages/'s)."""
    pages = ctx.stash.get(PAGES)
    if pages:
        return pages
    if ctx.app.script_path is None:
        return ()
    if ctx.app.stash.get(NAVIGATION_USED):
        # Before this run's st.navigation: the file pages the session's last run listed.
        return tuple(Page(e.script_path, title=e.title, icon=e.icon or None, url_path=e.url_path or None,
                          default=e.url_path == "")
                     for e in session_pages(ctx.session).pages() if e.script_path is not None)
    return tuple(dir_pages(resolved_script(ctx.app.script_path)))


def find_page(ctx: RunContext, target: Page | str | Path, what: str) -> Page:
    """The app's page that ``target`` (a Page or a path relative to the entry script) names."""
    pages = [p for p in known_pages(ctx) if not p.is_external]
    if isinstance(target, Page):
        for page in pages:
            if page.same_source(target) and page.name == target.name:
                return page
        for page in pages:
            if page.same_source(target):
                return page
        raise PageNotFoundError(f"Could not find page: {target.title!r}. {what} takes a page given to "
                                "st.navigation (same file or function and url_path). " + _listing(pages))
    full = Path(target)
    if not full.is_absolute():
        full = main_dir() / full
    full = full.resolve()
    for page in pages:
        if page.script_path == full:
            return page
    if not pages and ctx.app.script_path is not None and full == Path(ctx.app.script_path).resolve():
        return Page(full, default=True)  # a single-page app: its only page
    raise PageNotFoundError(
        f"Could not find page: `{target}`. It must be the path of a page file relative to the entry script, "
        f"from the folder `{main_dir()}` (or an st.Page given to st.navigation). " + _listing(pages))


def _listing(pages: Sequence[Page]) -> str:
    if not pages:
        return "This app has only its entry script as a page."
    names = ", ".join(f"{p.title!r} ({_relative(p)})" for p in pages)
    return f"Pages: {names}."


def _relative(page: Page) -> str:
    if page.script_path is None:
        return f"function {getattr(page.function, '__name__', '?')}"
    try:
        return str(page.script_path.relative_to(main_dir()))
    except ValueError:
        return str(page.script_path)


def encode_query(query_params: Mapping[str, Any] | Iterable[tuple[str, Any]] | None) -> list[tuple[str, str]]:
    """``query_params`` of page_link / switch_page as ``(name, value)`` pairs."""
    if query_params is None:
        return []
    items = query_params.items() if isinstance(query_params, Mapping) else query_params
    pairs: list[tuple[str, str]] = []
    for name, value in items:
        if str(name).lower() in EMBED_PARAMS:
            raise NavigationError(f"query_params cannot set {name!r}: embed parameters are kept from the URL")
        values = value if isinstance(value, list | tuple) else [value]
        pairs.extend((str(name), str(v)) for v in values)
    return pairs


def switch_page(page: Page | str | Path, *, query_params: Any = None) -> NoReturn:
    """``st.switch_page``: stop this run and run ``page`` (as if its menu entry was clicked)."""
    ctx = _context("st.switch_page")
    ctx.checkpoint()
    if is_external(page):
        raise NavigationError(f"st.switch_page({page!r}): external URLs are not pages of the app; use "
                              "st.link_button or st.page_link to link to them")
    target = find_page(ctx, page, "st.switch_page")
    session = ctx.session
    store = session.state.query_string
    kept = [(k, v) for k, v in store.pairs() if k.lower() in EMBED_PARAMS]
    pairs = kept + encode_query(query_params)
    store.set_pairs(pairs)
    session.stash[SWITCHED] = urllib.parse.urlencode(pairs)
    session_pages(session).request(target.url_path if target.default else target.name)
    # A full rerun, like st.rerun(): owners of pending partial reruns drop them.
    call_declared_hook(ctx.app.hook, "kernel_rerun_scope", session=session, scope="app")
    if ctx.runner is None:
        raise NavigationError("st.switch_page needs the script runner of this session")
    ctx.runner.request_rerun()
    raise RerunRun
