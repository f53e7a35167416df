"""``st.set_page_config``: tab title and icon, layout, initial sidebar state."""

from __future__ import annotations

from typing import Any

import attrs

from kernel import KernelError, NoRunContextError, StashKey
from kernel.context import get_run_context
from kernel.contracts.messages import PageConfig

PAGE_CONFIG_KEY: StashKey[PageConfig] = StashKey("page_config")
LAYOUTS = ("centered", "wide")
SIDEBAR_STATES = ("auto", "expanded", "collapsed", "locked")
SIDEBAR_WIDTHS = range(200, 601)
"""An ``initial_sidebar_state`` given as a number: the sidebar's width in pixels."""


def _sidebar(state: Any) -> dict[str, Any]:
    """The page-config fields of an ``initial_sidebar_state``: a state, or a width in pixels
    (200 to 600) that opens the sidebar as ``"auto"`` does, at that width."""
    if isinstance(state, int) and not isinstance(state, bool):
        if state not in SIDEBAR_WIDTHS:
            raise KernelError(f"st.set_page_config(initial_sidebar_state={state!r}): a sidebar width is "
                              f"{SIDEBAR_WIDTHS.start} to {SIDEBAR_WIDTHS.stop - 1} pixels")
        return {"initial_sidebar_state": "auto", "sidebar_width": state}
    if state not in SIDEBAR_STATES:
        raise KernelError(f"st.set_page_config(initial_sidebar_state={state!r}): use one of "
                          f"{', '.join(map(repr, SIDEBAR_STATES))}, or a width in pixels "
                          f"({SIDEBAR_WIDTHS.start} to {SIDEBAR_WIDTHS.stop - 1})")
    return {"initial_sidebar_state": state, "sidebar_width": None}


def _page_icon(page_icon: Any) -> str:
    """A page icon as the client shows it: a ``:material/name:`` the font draws (else an error),
    an emoji shortcode as its emoji (as Streamlit does), anything else as given."""
    icon = str(page_icon)
    if icon.startswith(":material/"):
        from kernel.elements import check_icon

        check_icon("set_page_config", icon, param="page_icon", error=KernelError)
    elif icon.startswith(":") and icon.endswith(":") and len(icon) > 2:
        from kernel.elements import render_inline

        shown = render_inline(icon)  # the Markdown dialect's shortcodes; unknown ones stay as written
        icon = shown if shown != icon and "<" not in shown and "&" not in shown else icon
    return icon


def set_page_config(page_title: str | None = None, page_icon: str | None = None, layout: str | None = None,
                    initial_sidebar_state: str | int | None = None, menu_items: Any = None) -> None:
    """``st.set_page_config``: each call overrides only the parameters it passes."""
    ctx = get_run_context()
    if ctx is None:
        raise NoRunContextError("st.set_page_config() only works while a script runs")
    if layout is not None and layout not in LAYOUTS:
        raise KernelError(f"st.set_page_config(layout={layout!r}): use 'centered' or 'wide'")
    sidebar = {} if initial_sidebar_state is None else _sidebar(initial_sidebar_state)
    current = ctx.session.stash.get(PAGE_CONFIG_KEY) or PageConfig()
    changes: dict[str, Any] = {}
    if page_title is not None:
        changes["title"] = str(page_title)
    if page_icon is not None:
        changes["icon"] = _page_icon(page_icon)
    if layout is not None:
        changes["layout"] = layout
    changes.update(sidebar)
    config = attrs.evolve(current, **changes)
    ctx.session.stash[PAGE_CONFIG_KEY] = config
    ctx.session.queue.enqueue(config)
