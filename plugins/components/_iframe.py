"""``st.iframe``: a URL, a local HTML file or an HTML string in a frame."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kernel.contracts import DeltaGenerator
from kernel.elements import argument_error, check_height, check_width

__all__ = ["iframe", "iframe_element"]

_URL = re.compile(r"^(https?:|data:|/|\./|\.\./)", re.I)


def iframe(dg: DeltaGenerator, src: Any, *, width: Any = "stretch", height: Any = "content",
           tab_index: int | None = None, alt: str | None = None) -> DeltaGenerator:
    """``st.iframe``: embed ``src`` in a frame.

    ``src`` is a URL (``http(s):``, ``data:``, a path starting with ``/``), a
    :class:`~pathlib.Path` of a local HTML file (its text is embedded), or an HTML string.
    ``height="content"`` sizes the frame to an embedded document's height.
    """
    url: str | None
    html: str | None
    if isinstance(src, Path):
        if not src.is_file():
            raise argument_error("iframe", "src", str(src), "no such file; give an existing HTML file, a URL "
                                 "or an HTML string")
        url, html = None, src.read_text(encoding="utf-8")
    elif isinstance(src, str) and src.strip():
        url, html = (src, None) if _URL.match(src.strip()) and "\n" not in src.strip() else (None, src)
    else:
        raise argument_error("iframe", "src", src, "give a URL, a pathlib.Path of an HTML file or an HTML string")
    return iframe_element(dg, "iframe", src=url, srcdoc=html, width=check_width("iframe", width),
                          height=check_height("iframe", height), scrolling=True, tab_index=tab_index, alt=alt)


def iframe_element(dg: DeltaGenerator, command: str, *, src: str | None, srcdoc: str | None, width: Any,
                   height: Any, scrolling: bool, tab_index: int | None, alt: str | None) -> DeltaGenerator:
    """Add the ``iframe`` element (``st.iframe`` and the ``components.v1`` functions share it)."""
    if tab_index is not None and (isinstance(tab_index, bool) or not isinstance(tab_index, int) or tab_index < -1):
        raise argument_error(command, "tab_index", tab_index, "use None, -1 or a non-negative int")
    props = {"src": src, "srcdoc": srcdoc, "width": width, "height": height, "scrolling": bool(scrolling),
             "tab_index": tab_index, "alt": alt}
    return dg.add_element("iframe", props)
