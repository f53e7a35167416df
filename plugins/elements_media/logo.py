"""``st.logo``: an image in the top-left corner of the page, above the sidebar.

The logo is an element of a root of its own (``"header"``, the page header): the run writes it there, so a
run that does not call ``st.logo`` leaves none (stale elements of every root are removed
when a run finishes), and several calls in one run show the last. The renderer
(``logo.js``) pins that root to the corner.
"""

from __future__ import annotations

import re
from typing import Any

from kernel import NoRunContextError
from kernel.context import get_run_context
from kernel.contracts import DeltaGenerator
from kernel.elements import argument_error as fail
from kernel.elements import check_choice, image_url

LOGO_ROOT = "header"
SIZES = ("small", "medium", "large")
_ICON = re.compile(r"^:material/[a-z0-9_]+:$")


def _logo_root() -> DeltaGenerator:
    ctx = get_run_context()
    if ctx is None:
        raise NoRunContextError("st.logo() only works while a script runs (kernel run app.py)")
    dg = ctx.roots.get(LOGO_ROOT)
    if dg is None:
        dg = ctx.roots[LOGO_ROOT] = ctx.app.make("delta_generator", session=ctx.session, root=LOGO_ROOT)
    return dg


def _picture(param: str, image: Any) -> dict[str, str]:
    """``{"src": url}`` for an image, ``{"icon": text}`` for an emoji or a ``:material/name:`` icon."""
    if isinstance(image, list | tuple):
        raise fail("logo", param, image, "give one image (st.logo takes no list)")
    if isinstance(image, str) and (_ICON.match(image) or (len(image) <= 4 and not image.isascii())):
        return {"icon": image}
    return {"src": image_url(image, command="logo", param=param)}


def logo(image: Any, *, size: str = "medium", link: str | None = None, icon_image: Any = None) -> None:
    """``st.logo``: ``image`` (anything ``st.image`` takes, an emoji or a ``:material/name:`` icon) in the
    top-left corner; ``icon_image`` replaces it while the sidebar is collapsed or absent.

    ``size`` is ``"small"`` (20 px high), ``"medium"`` (24 px) or ``"large"`` (32 px);
    ``link`` an absolute http(s) URL the logo opens.
    """
    check_choice("logo", "size", size, SIZES)
    if link is not None and (not isinstance(link, str) or not re.match(r"^https?://\S+$", link)):
        raise fail("logo", "link", link, "use an absolute URL starting with http:// or https://")
    props: dict[str, Any] = {"image": _picture("image", image), "size": size, "link": link}
    if icon_image is not None:
        props["icon_image"] = _picture("icon_image", icon_image)
    _logo_root().add_element("logo", props)
