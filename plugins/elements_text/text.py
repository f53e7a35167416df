"""Text elements: text, markdown, caption, headings, code, divider."""

from __future__ import annotations

import re
from typing import Any

from kernel.contracts import DeltaGenerator
from kernel.elements import check_icon, clean_text, render_inline, render_markdown
from kernel_plugins.elements_text._highlight import highlight

HEADER_DIVIDER_COLORS = ("blue", "green", "orange", "red", "violet", "yellow")


_body = clean_text
"""Streamlit's rule for text bodies: the indentation the lines share and the blank lines
around them go (an indented triple-quoted string is not a code block). The function itself,
not a wrapper: one call less for every text and Markdown element."""


def slugify(text: str) -> str:
    """An anchor id for a heading: lower case words joined by dashes."""
    words = re.findall(r"[\w]+", text.lower())
    return "-".join(words)


def text(dg: DeltaGenerator, body: Any, *, help: str | None = None, width: Any = "content",
         text_alignment: str = "left", wrap: bool = True) -> DeltaGenerator:
    """``st.text``: plain fixed-width text, no Markdown."""
    return dg.add_element("text", {"body": _body(body), "help": help, "align": text_alignment, "wrap": wrap})


def markdown(dg: DeltaGenerator, body: Any, unsafe_allow_html: bool = False, *, help: str | None = None,
             width: Any = "auto", text_alignment: str = "left", anchors: bool = True,
             wrap: bool = True) -> DeltaGenerator:
    """``st.markdown``: Markdown rendered on the server; HTML escaped unless ``unsafe_allow_html``."""
    text = _body(body)
    html = render_markdown(text, bool(unsafe_allow_html))
    return dg.add_element("markdown", {"_body": text, "html": html, "help": help, "align": text_alignment})


def caption(dg: DeltaGenerator, body: Any, unsafe_allow_html: bool = False, *, help: str | None = None,
            width: Any = "stretch", text_alignment: str = "left", wrap: bool = True) -> DeltaGenerator:
    """``st.caption``: small, muted Markdown text."""
    text = _body(body)
    html = render_markdown(text, bool(unsafe_allow_html))
    return dg.add_element("markdown", {"_body": text, "html": html, "help": help, "align": text_alignment,
                                       "caption": True})


def _heading(dg: DeltaGenerator, level: int, body: Any, anchor: Any, help: str | None, icon: str | None,
             divider: Any = False, text_alignment: str = "left") -> DeltaGenerator:
    text_body = _body(body)
    if anchor is False:
        anchor_id = None
    elif anchor:
        anchor_id = str(anchor)
    else:
        anchor_id = slugify(text_body) or None
    if divider is True:
        divider = "blue"
    elif divider is False or divider is None:
        divider = None
    else:
        divider = str(divider)
    props = {
        "level": level,
        "body": text_body,
        "html": render_inline(text_body),
        "anchor": anchor_id,
        "hide_anchor": anchor is False or None,
        "help": help,
        "icon": check_icon(("title", "header", "subheader")[level - 1], icon or None),
        "divider": divider,
        "align": text_alignment,
    }
    return dg.add_element("heading", props)


def title(dg: DeltaGenerator, body: Any, anchor: Any = None, *, help: str | None = None, icon: str | None = None,
          width: Any = "stretch", text_alignment: str = "left", wrap: bool = True) -> DeltaGenerator:
    """``st.title``: the page's top heading (h1)."""
    return _heading(dg, 1, body, anchor, help, icon, text_alignment=text_alignment)


def header(dg: DeltaGenerator, body: Any, anchor: Any = None, *, help: str | None = None, icon: str | None = None,
           divider: Any = False, width: Any = "stretch", text_alignment: str = "left",
           wrap: bool = True) -> DeltaGenerator:
    """``st.header``: a section heading (h2), optionally underlined."""
    return _heading(dg, 2, body, anchor, help, icon, divider, text_alignment)


def subheader(dg: DeltaGenerator, body: Any, anchor: Any = None, *, help: str | None = None,
              icon: str | None = None, divider: Any = False, width: Any = "stretch", text_alignment: str = "left",
              wrap: bool = True) -> DeltaGenerator:
    """``st.subheader``: a subsection heading (h3), optionally underlined."""
    return _heading(dg, 3, body, anchor, help, icon, divider, text_alignment)


def code(dg: DeltaGenerator, body: Any, language: str | None = "python", *, line_numbers: bool = False,
         wrap_lines: bool = False, height: Any = "content", width: Any = "stretch") -> DeltaGenerator:
    """``st.code``: a code block highlighted with Pygments, with a copy button."""
    source = "" if body is None else str(body)
    props = {
        "code": source,
        "html": highlight(source, language),
        "language": language,
        "line_numbers": bool(line_numbers),
        "wrap_lines": bool(wrap_lines),
        "height": height if isinstance(height, int) else None,
    }
    return dg.add_element("code", props)


def divider(dg: DeltaGenerator, *, width: Any = "stretch") -> DeltaGenerator:
    """``st.divider``: a horizontal rule."""
    return dg.add_element("divider", {})
