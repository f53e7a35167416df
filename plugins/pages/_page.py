"""``st.Page``: one page of a multipage app, made from a file, a function or an external URL."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kernel import StashKey, current_app
from kernel.context import get_run_context
from kernel.contracts.pages import NavigationError, PageEntry
from kernel_plugins.pages._names import callable_name, page_name

VISIBILITIES = ("visible", "hidden")

RUN_PAGE: StashKey[Page] = StashKey("navigation_page")
"""Run context: the page ``st.navigation`` returned in this run."""
PAGE_RAN: StashKey[bool] = StashKey("navigation_page_ran")
"""Run context: ``Page.run()`` was called in this run."""


def is_external(page: Any) -> bool:
    """Whether ``page`` is an ``http(s)://`` URL."""
    return isinstance(page, str) and page.lower().startswith(("http://", "https://"))


def main_dir() -> Path:
    """The folder of the entry script: page paths are relative to it."""
    script = current_app().script_path
    if script is None:
        raise NavigationError("st.Page needs a running app: there is no entry script to find pages next to")
    return Path(script).resolve().parent


class Page:
    """``st.Page``: a page for ``st.navigation``.

    ``page`` is a ``.py`` file (relative to the entry script's folder), a function
    taking no arguments, or an external ``http(s)://`` URL (then ``title`` is required).
    ``title``, ``icon`` and ``url_path`` are inferred from the file or function name
    when left out. ``default=True`` serves the page at the app's root URL.
    ``visibility="hidden"`` keeps it out of the menu but reachable by URL, ``st.page_link``
    and ``st.switch_page``.
    """

    def __init__(self, page: str | Path | Callable[[], Any], *, title: str | None = None, icon: str | None = None,
                 url_path: str | None = None, default: bool = False, visibility: str = "visible",
                 help: str | None = None) -> None:
        if visibility not in VISIBILITIES:
            raise NavigationError(f"st.Page(visibility={visibility!r}): use 'visible' or 'hidden'")
        self._script: Path | None = None
        self._fn: Callable[[], Any] | None = None
        self._external: str | None = None
        inferred_icon = ""
        if is_external(page):
            if not title:
                raise NavigationError(f"st.Page({page!r}) is an external link: give it a title, e.g. "
                                      f"st.Page({page!r}, title='Docs')")
            self._external = str(page)
            inferred = ""
        elif isinstance(page, str | Path):
            self._script = _find_script(Path(page))
            parsed = page_name(self._script)
            inferred, inferred_icon = parsed.name, parsed.icon
        elif callable(page):
            self._fn = page
            inferred = callable_name(page)
            if not inferred.isidentifier():
                if url_path is None and title is None:
                    raise NavigationError(f"st.Page({page!r}): a page made from a lambda needs a title or url_path")
                inferred = ""
        else:
            raise NavigationError(f"st.Page({page!r}): pass a .py file path, a function or an http(s) URL")
        title_source = inferred
        if url_path is not None:
            cleaned = str(url_path).strip("/")
            if "/" in cleaned:
                raise NavigationError(f"st.Page(url_path={url_path!r}): a URL path cannot be nested (no '/' inside)")
            if not cleaned and not default:
                raise NavigationError("st.Page(url_path=''): only the default page (default=True) may have an "
                                      "empty URL path")
            inferred = cleaned
        if not inferred and title:
            inferred = "_".join(str(title).split())
        if not title and not inferred and default:
            inferred = "home"
        self._name = inferred
        self.title: str = str(title) if title else (title_source or inferred).replace("_", " ")
        if icon:
            from kernel.elements import check_icon  # the element API loads with the first icon, not at start-up

            check_icon("Page", icon, error=NavigationError)
        self.icon: str = str(icon) if icon else inferred_icon
        self.default: bool = bool(default)
        self.visibility: str = visibility
        self.help: str | None = help

    # -- Streamlit's attributes ------------------------------------------------------

    @property
    def url_path(self) -> str:
        """The page's URL path: ``""`` for the default page."""
        return "" if self.default else self._name

    @property
    def is_external(self) -> bool:
        """Whether the page is a link to another site."""
        return self._external is not None

    @property
    def external_url(self) -> str | None:
        """The external URL, or ``None`` for a page of this app."""
        return self._external

    # -- for the navigation ------------------------------------------------------------

    @property
    def name(self) -> str:
        """The page's URL name even when it is the default page."""
        return self._name

    @property
    def script_path(self) -> Path | None:
        """The page's file, if it is made from one."""
        return self._script

    @property
    def function(self) -> Callable[[], Any] | None:
        """The page's function, if it is made from one."""
        return self._fn

    def same_source(self, other: Page) -> bool:
        """Whether ``other`` runs the same file or function as this page."""
        if self._script is not None:
            return other._script == self._script
        if self._fn is not None:
            return other._fn is self._fn
        return other._external == self._external

    def entry(self) -> PageEntry:
        """This page for :class:`kernel.contracts.pages.SessionPages`."""
        return PageEntry(self.url_path, self.title, self.icon, self._script)

    def run(self) -> None:
        """Run the page: its file or function (no-op for an external page).

        Call it on the page ``st.navigation`` returned, once per run.
        """
        if self._external is not None:
            return
        ctx = get_run_context()
        if ctx is None:
            raise NavigationError("Page.run() only works while the app's script runs")
        current = ctx.stash.get(RUN_PAGE)
        if current is None:
            raise NavigationError("Page.run() is for the page st.navigation returns: call "
                                  "`page = st.navigation([...])` first, then `page.run()`")
        if current is not self and not (current.same_source(self) and current.name == self.name):
            raise NavigationError(f"Page.run() was called on {self.title!r}, but st.navigation returned "
                                  f"{current.title!r}: call run() on the page st.navigation returns")
        if ctx.stash.get(PAGE_RAN):
            raise NavigationError("Page.run() was called twice in one run; call it once, on the page "
                                  "st.navigation returns")
        ctx.stash[PAGE_RAN] = True
        ctx.checkpoint()
        outer = ctx.id_scope
        ctx.id_scope = self.scope
        try:
            if self._fn is not None:
                self._fn()
            else:
                assert self._script is not None
                run_script_file(self._script)
        finally:
            ctx.id_scope = outer

    @property
    def scope(self) -> str:
        """What widget ids made by this page include (``kernel.context.RunContext.id_scope``)."""
        return f"page:{self._name}"

    def __repr__(self) -> str:
        source = self._external or (str(self._script) if self._script else repr(self._fn))
        return (f"Page(page={source!r}, title={self.title!r}, icon={self.icon!r}, url_path={self.url_path!r}, "
                f"default={self.default!r}, visibility={self.visibility!r})")


def _find_script(path: Path) -> Path:
    full = path if path.is_absolute() else main_dir() / path
    if not full.is_file():
        raise NavigationError(f"Unable to create Page. The file `{path}` could not be found; page paths are "
                              f"relative to the entry script's folder ({main_dir()}).")
    return full.resolve()


def run_script_file(path: Path) -> None:
    """Execute a page file as the runner executes the app's script (``ctx.run_file``:
    compiled once per change, with magic, as ``__main__``); its folder joins ``sys.path``."""
    ctx = get_run_context()
    if ctx is None or ctx.run_file is None:
        raise NavigationError(f"Page.run() cannot run {path}: this run's script runner does not execute other "
                              "files (its runs must go through kernel.runs.execute_run)")
    folder = str(path.parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    ctx.run_file(path)
