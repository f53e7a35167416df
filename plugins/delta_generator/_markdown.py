"""Markdown rendered on the server with markdown-it-py; raw HTML escaped unless allowed."""

from __future__ import annotations

import functools
import re
from typing import Any

_CACHE_SIZE = 2048


@functools.cache
def _parser(allow_html: bool) -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": allow_html, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    from plugins.delta_generator._markdown_dialect import extend

    return extend(md)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def render_markdown(body: str, allow_html: bool = False) -> str:
    """``body`` as HTML; HTML in ``body`` is shown as text unless ``allow_html``."""
    return _parser(allow_html).render(body)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def render_inline(body: str, allow_html: bool = False) -> str:
    """``body`` as inline HTML (no paragraph), for headings and labels."""
    return _parser(allow_html).renderInline(body)


def slugify(text: str) -> str:
    """An anchor id for a heading: lower case words joined by dashes."""
    words = re.findall(r"[\w]+", text.lower())
    return "-".join(words)
