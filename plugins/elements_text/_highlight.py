"""Code highlighted on the server with Pygments (CSS classes prefixed ``k-c-``)."""

from __future__ import annotations

import functools

_CACHE_SIZE = 512
CLASS_PREFIX = "k-c-"


@functools.lru_cache(maxsize=_CACHE_SIZE)
def highlight(code: str, language: str | None) -> str:
    """``code`` as HTML spans with Pygments token classes; plain escaped text if the language is unknown."""
    import html  # here (calls are cached): st.text imports this module, and html loads a table of entities

    if not language:
        return html.escape(code)
    from pygments import highlight as pyg_highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        return html.escape(code)
    formatter = HtmlFormatter(nowrap=True, classprefix=CLASS_PREFIX)
    out: str = pyg_highlight(code, lexer, formatter)
    return out[:-1] if out.endswith("\n") and not code.endswith("\n") else out
