"""Rich text for element props, rendered on the server: Markdown (markdown-it-py) and sanitized HTML (nh3).

Part of the element plugin API (re-exported by :mod:`kernel.elements`): a label, a
caption or a body written in Markdown looks the same in every element, core or
third-party. The libraries load on the first call, never at start-up.
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["render_inline", "render_markdown", "sanitize_html"]

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


@functools.lru_cache(maxsize=_CACHE_SIZE)
def render_markdown(body: str, allow_html: bool = False) -> str:
    """``body`` (Streamlit's Markdown dialect, see ``docs/elements.md``) as HTML.

    HTML in ``body`` is shown as text unless ``allow_html``.
    """
    return str(_parser(allow_html).render(body))


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
