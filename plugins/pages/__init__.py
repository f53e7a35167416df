"""Core plugin ``pages``: multipage apps.

``pages/`` discovery, ``st.navigation``, ``st.Page``, ``st.switch_page`` and
``st.page_link`` (with its renderer and AppTest node). The plugin owns each session's
:class:`~kernel_plugins.pages._session_pages.SessionPages` (others reach it through
:mod:`kernel.contracts.pages`). At the start of a full run it points the run at the
page's file (``ctx.script_path``) and gives the page's elements ids of their own
(``ctx.id_scope``); the runner knows nothing of pages.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kernel import Command, hookimpl, lazy_exports

if TYPE_CHECKING:
    import pluggy

    from kernel import KernelApp
    from kernel.contracts import AppSession
    from kernel.contracts.messages import Rerun
    from kernel.contracts.pages import SessionPages
    from kernel.testing.nodes import TestNodeType
    from kernel_plugins.pages._discovery import forget_page_files, page_files
    from kernel_plugins.pages._link import page_link
    from kernel_plugins.pages._names import PageName, page_name
    from kernel_plugins.pages._navigation import navigation, switch_page
    from kernel_plugins.pages._page import Page
    from kernel_plugins.pages._watch import pages_changed, track_session

__all__ = ["Page", "PageName", "forget_page_files", "navigation", "page_files", "page_link", "page_name",
           "pages_changed", "switch_page", "track_session"]

# The machinery loads with the first run, not with the server.
__getattr__ = lazy_exports(__name__, {
    "Page": "kernel_plugins.pages._page:Page",
    "forget_page_files": "kernel_plugins.pages._discovery:forget_page_files",
    "page_files": "kernel_plugins.pages._discovery:page_files",
    "pages_changed": "kernel_plugins.pages._watch:pages_changed",
    "track_session": "kernel_plugins.pages._watch:track_session",
    "PageName": "kernel_plugins.pages._names:PageName",
    "navigation": "kernel_plugins.pages._navigation:navigation",
    "page_link": "kernel_plugins.pages._link:page_link",
    "page_name": "kernel_plugins.pages._names:page_name",
    "switch_page": "kernel_plugins.pages._navigation:switch_page",
})

PAGE_LINK_RENDERER = Path(__file__).parent / "page_link.js"


@hookimpl
def kernel_add_hookspecs(pm: pluggy.PluginManager) -> None:
    """Declare ``kernel_session_pages`` (:mod:`kernel.contracts.pages`)."""
    from kernel.contracts import pages
    from kernel.contracts.hookspecs import add_hookspecs_once

    add_hookspecs_once(pm, pages)


@hookimpl(trylast=True)
def kernel_session_pages(session: AppSession) -> SessionPages:
    """The session's pages, made on first use."""
    from kernel_plugins.pages._session_pages import session_pages

    return session_pages(session)


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return [
        Command("navigation", "kernel_plugins.pages._navigation:navigation", kind="module"),
        Command("Page", "kernel_plugins.pages._page:Page", kind="module"),
        Command("switch_page", "kernel_plugins.pages._navigation:switch_page", kind="module"),
        Command("page_link", "kernel_plugins.pages._link:page_link", renderer=PAGE_LINK_RENDERER),
    ]


@hookimpl
def kernel_register_test_nodes(app: KernelApp) -> Sequence[TestNodeType]:
    from kernel_plugins.pages._test_nodes import node_types

    return node_types()


@hookimpl(wrapper=True, tryfirst=True)
def kernel_script_run_started(session: AppSession, run_id: int) -> Generator[None, None, None]:
    """After every other observer (the outermost wrapper): a full run of an app with a
    ``pages/`` folder runs the page the session asked for.

    Observers decide first whether the run is a partial one (the callbacks of the
    user's interaction may turn it into one); a partial run shows no page.
    """
    yield
    from kernel_plugins.pages._discovery import start_page_run

    start_page_run(session)


@hookimpl
def kernel_session_opened(session: AppSession) -> None:
    """Remember the session, so that added or removed pages reach its menu at once."""
    from kernel_plugins.pages._watch import track_session

    track_session(session)


@hookimpl
def kernel_source_changed(app: KernelApp, paths: Sequence[Path]) -> None:
    """Added or removed files in ``pages/`` reach every open session's menu."""
    from kernel_plugins.pages._watch import pages_changed

    pages_changed(app, paths)


@hookimpl
def kernel_rerun_requested(session: AppSession, request: Rerun) -> None:
    """Take the page the request names; a new connection must hear the pages again."""
    from kernel_plugins.pages._session_pages import session_pages

    if request.context is not None:  # the first rerun of a connection
        session_pages(session).client_reset()
    if request.page is not None:
        session_pages(session).request(request.page)


@hookimpl
def kernel_warm_up() -> None:
    """What a session's first run loads: page discovery, routing and tracking."""
    import kernel_plugins.pages._discovery  # noqa: F401
    import kernel_plugins.pages._session_pages  # noqa: F401
    import kernel_plugins.pages._watch  # noqa: F401
