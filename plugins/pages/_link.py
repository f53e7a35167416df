"""``st.page_link``: a link to a page of the app (or to another site)."""

from __future__ import annotations

import urllib.parse
from pathlib import Path
from typing import Any

from kernel import NoRunContextError
from kernel.context import get_run_context
from kernel.contracts import DeltaGenerator
from kernel.contracts.pages import NavigationError
from kernel_plugins.pages._navigation import encode_query, find_page
from kernel_plugins.pages._page import Page, is_external
from kernel_plugins.pages._session_pages import session_pages

ICON_POSITIONS = ("left", "right")


def page_link(dg: DeltaGenerator, page: Page | str | Path, *, label: str | None = None, icon: str | None = None,
              icon_position: str = "left", help: str | None = None, disabled: bool = False,
              use_container_width: bool | None = None, width: Any = "content",
              query_params: Any = None) -> DeltaGenerator:
    """``st.page_link``: a link to a page of the app (a path relative to the entry script
    or an ``st.Page``) or to an external ``http(s)://`` URL (then ``label`` is required).

    Clicking an internal link shows that page like its menu entry would; ``query_params``
    (a dict or ``(name, value)`` pairs) become the new page's query parameters.
    """
    ctx = get_run_context()
    if ctx is None:
        raise NoRunContextError("st.page_link only works while the app's script runs")
    if icon_position not in ICON_POSITIONS:
        raise NavigationError(f"st.page_link(icon_position={icon_position!r}): use 'left' or 'right'")
    if icon:
        from kernel.elements import check_icon

        check_icon("page_link", icon, error=NavigationError)
    if use_container_width is None:
        use_container_width = dg.root == "sidebar"
    props: dict[str, Any] = {"icon_position": icon_position, "help": help, "disabled": bool(disabled),
                             "stretch": bool(use_container_width) or width == "stretch"}
    if is_external(page):
        if not label:
            raise NavigationError(f"st.page_link({page!r}) links to another site: pass label='...' to name it")
        props.update({"label": str(label), "icon": icon, "external": True, "href": str(page)})
        return dg.add_element("page_link", props)
    target = find_page(ctx, page, "st.page_link")
    url_path = "" if target.default else target.name
    query = urllib.parse.urlencode(encode_query(query_params))
    current = session_pages(ctx.session).current()
    props.update({
        "label": str(label) if label else target.title,
        "icon": icon if icon else (target.icon or None),
        "external": False,
        "page": url_path,
        "href": "/" + urllib.parse.quote(url_path) + ("?" + query if query else ""),
        "query_string": query,
        "active": current is not None and current == target.url_path,
    })
    return dg.add_element("page_link", props)

