"""Rich text for element props, rendered on the server: Markdown (markdown-it-py) and sanitized HTML (nh3).

Part of the element plugin API (re-exported by :mod:`kernel.elements`): a label, a
caption or a body written in Markdown looks the same in every element, core or
third-party. The libraries load on the first call, never at start-up.
"""

from __future__ import annotations

import functools
import textwrap
from typing import Any

__all__ = ["clean_text", "render_inline", "render_markdown", "sanitize_html"]

_CACHE_SIZE = 2048
_HTML_ATTRIBUTES = {"style", "class", "id", "title", "lang", "dir", "role", "aria-label", "aria-hidden",
                    "width", "height", "align", "colspan", "rowspan"}


@functools.cache
def _parser(allow_html: bool) -> Any:
    from markdown_it import MarkdownIt

    from kernel.contracts.markdown_dialect import extend

    md = MarkdownIt("commonmark", {"html": allow_html, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    return extend(md)


def clean_text(body: Any) -> str:
    """``body`` as a text element shows it: ``str(body)`` (``""`` for ``None``) without the
    indentation its lines share, nor leading and trailing blank lines and spaces.

    What Streamlit does to the body of ``st.markdown``, ``st.caption``, ``st.text``, the
    headings, the alerts and ``st.toast``: a triple-quoted string written indented inside a
    function shows as if it were written at the margin (instead of as a code block).
    Lines holding only whitespace are ignored when the shared indentation is measured;
    tabs and spaces are different characters (``textwrap.dedent``'s rule).
    """
    text = "" if body is None else str(body)
    return textwrap.dedent(text).strip() if text else text


@functools.lru_cache(maxsize=_CACHE_SIZE)
def render_markdown(body: str, allow_html: bool = False) -> str:
    """``body`` (Streamlit's Markdown dialect, see ``docs/elements.md``) as HTML.

    ``body`` goes through :func:`clean_text` first, so an indented body renders as if it
    were written at the margin. HTML in ``body`` is shown as text unless ``allow_html``.
    """
    return str(_parser(allow_html).render(clean_text(body)))


@functools.lru_cache(maxsize=_CACHE_SIZE)
def render_inline(body: str, allow_html: bool = False) -> str:
    """``body`` as inline HTML (no paragraph): for labels, headings, captions and options."""
    return str(_parser(allow_html).renderInline(body))


def sanitize_html(body: str) -> str:
    """``body`` with scripts, event handlers and ``javascript:`` links removed (styles are kept)."""
    import nh3

    attributes: dict[str, set[str]] = {"*": _HTML_ATTRIBUTES, "a": {"href", "target"},
                                       "img": {"src", "alt"}, "ol": {"start"}, "td": {"colspan"}}
    return nh3.clean(body, tags=nh3.ALLOWED_TAGS | {"style", "span", "div", "font", "mark"},
                     attributes=attributes, clean_content_tags={"script"}, link_rel=None,
                     strip_comments=True)
