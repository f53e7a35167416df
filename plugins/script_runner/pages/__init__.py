"""Multipage apps: ``pages/`` discovery, ``st.navigation``, ``st.Page``, ``st.switch_page``, ``st.page_link``.

Part of the ``script_runner`` plugin (running a page is running a script). The kernel
knows pages only through :mod:`kernel.navigation` (which page a session asked for)
and the ``Navigation`` message.
"""

from __future__ import annotations

from plugins.script_runner.pages._discovery import forget_page_files, page_files, start_page_run
from plugins.script_runner.pages._link import page_link
from plugins.script_runner.pages._names import PageName, page_name
from plugins.script_runner.pages._navigation import navigation, switch_page
from plugins.script_runner.pages._page import Page
from plugins.script_runner.pages._watch import pages_changed, track_session

__all__ = [
    "Page",
    "PageName",
    "forget_page_files",
    "navigation",
    "page_files",
    "page_link",
    "page_name",
    "pages_changed",
    "start_page_run",
    "switch_page",
    "track_session",
]
