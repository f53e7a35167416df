"""Rich text for element props, rendered on the server: Markdown (markdown-it-py) and sanitized HTML (nh3).

Part of the element plugin API (re-exported by :mod:`kernel.elements`): a label, a
caption or a body written in Markdown looks the same in every element, core or
third-party. The libraries load on the first call, never at start-up.
"""

from __future__ import annotations

import functools
import re
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
    text = body if type(body) is str else "" if body is None else str(body)
    if "\n" not in text:
        return text.strip()  # what dedent and strip leave of a single line
    return textwrap.dedent(text).strip()


@functools.lru_cache(maxsize=_CACHE_SIZE)
def render_markdown(body: str, allow_html: bool = False) -> str:
    """``body`` (Streamlit's Markdown dialect, see ``docs/elements.md``) as HTML.

    ``body`` goes through :func:`clean_text` first, so an indented body renders as if it
    were written at the margin. HTML in ``body`` is shown as text unless ``allow_html``.

    Two shortcuts give the engine's HTML without running it (tests hold them to it): text
    with no Markdown syntax at all is one escaped paragraph (:func:`plain_paragraph`), and
    text that differs from one rendered before only in its numbers reuses that render
    (:func:`_numbers_template`): a page that shows a changing value in many elements
    renders each shape of text once.
    """
    text = clean_text(body)
    plain = plain_paragraph(text)
    if plain is not None:
        return plain
    if not allow_html:
        templated = _with_numbers(text)
        if templated is not None:
            return templated
    return _render(text, allow_html)


def _render(text: str, allow_html: bool) -> str:
    return str(_parser(allow_html).render(text))


@functools.lru_cache(maxsize=_CACHE_SIZE)
def render_inline(body: str, allow_html: bool = False) -> str:
    """``body`` as inline HTML (no paragraph): for labels, headings, captions and options."""
    if _is_plain(body):
        return _escape(body)
    return str(_parser(allow_html).renderInline(body))


# -- shortcuts ------------------------------------------------------------------------

_SYNTAX = re.compile(r"[\\`*_~\[\]!<>&#|\x00-\x09\x0b-\x1f]")
"""Characters that may start Markdown syntax anywhere in a line (or that the engine
rewrites: NUL, CR, tabs and other controls)."""
_LINE_START = re.compile(r"(?m)^(?:[-+*=>]|[0-9]{1,9}[.)])")
"""Block syntax at the start of a line: list items, setext underlines, thematic breaks,
quotes, ordered lists (headings, code fences and tables need characters of _SYNTAX)."""
_LINE_START_ONE = re.compile(r"[-+*=>]|[0-9]{1,9}[.)]")
""":data:`_LINE_START` for text of one line (matched at its start)."""
_COLON_PAIR = re.compile(r":\S*:")
"""Two colons without a space between: an emoji shortcode or ``:material/...:`` icon."""
_STANDALONE = re.compile(r"(?<!\S)(?:<->|->|<-|--|>=|<=|~=)(?!\S)")
"""The dialect's typographic replacements (see markdown_dialect.TYPOGRAPHY)."""


def _is_plain(text: str) -> bool:
    """Whether ``text`` holds no Markdown syntax: every line the engine would show as it
    is, escaped (no leading or trailing whitespace, no blank line either)."""
    if not text or _SYNTAX.search(text):
        return False
    one_line = "\n" not in text
    # On one line, block syntax can only be at its start: a match there, not a search.
    if _LINE_START_ONE.match(text) if one_line else _LINE_START.search(text):
        return False
    if text.count(":") > 1 and _COLON_PAIR.search(text):
        return False
    if ("-" in text or "=" in text) and _STANDALONE.search(text):
        return False
    if one_line:
        return text == text.strip()
    return all(line and line == line.strip() for line in text.split("\n"))


def _escape(text: str) -> str:
    # markdown-it's escaping of text (not of single quotes); & < > never reach here.
    return text.replace('"', "&quot;") if '"' in text else text


def plain_paragraph(text: str) -> str | None:
    """The engine's HTML of ``text`` (cleaned already) when it holds no Markdown syntax:
    one paragraph of the escaped text; ``""`` for empty text; otherwise ``None``."""
    if not text:
        return ""
    if not _is_plain(text):
        return None
    return f"<p>{_escape(text)}</p>\n"


_NUMBER_SPLIT = re.compile(r"([0-9]+)")
_MARK = "\ue000"
"""Stands for each number in a template: a private-use character, to Markdown a letter
(neither punctuation nor space), which no rule looks at."""
_NUMBERS_UNSAFE = re.compile(r"(?m)[<&\ue000]|\]\(|\]:|\]\[|^[ \t>*+-]*[0-9]")
"""Where a number means something to Markdown, or its place in the HTML could move:
links and autolinks (a destination is percent-encoded, a host name punycoded),
references, entities, numbered lists (a line starting with a digit), and the mark itself."""


_NUMBER_AT_LINE_START = re.compile(r"[ \t>*+-]*[0-9]")
"""The last branch of :data:`_NUMBERS_UNSAFE`, for text of one line (matched at its start)."""


def _numbers_unsafe(text: str) -> bool:
    """``_NUMBERS_UNSAFE.search(text)``, with substring tests where they say the same:
    one pass of the regex's alternatives at every position costs several times more."""
    if "<" in text or "&" in text or _MARK in text or "](" in text or "]:" in text or "][" in text:
        return True
    if "\n" in text:
        return _NUMBERS_UNSAFE.search(text) is not None
    return _NUMBER_AT_LINE_START.match(text) is not None


def _with_numbers(text: str) -> str | None:
    """``text``'s HTML from the template of its shape (its numbers masked), or ``None``
    when that shortcut does not apply."""
    pieces = _NUMBER_SPLIT.split(text)  # text, number, text, ..., text
    if len(pieces) == 1 or _numbers_unsafe(text):
        return None
    if text.count(":") > 1 and _COLON_PAIR.search(text):
        return None  # an emoji shortcode may be a number (:100:)
    parts = _numbers_template(_MARK.join(pieces[0::2]))
    if parts is None:
        return None
    pieces[0::2] = parts  # as many parts as texts: the template checked its marks
    return "".join(pieces)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _numbers_template(masked: str) -> tuple[str, ...] | None:
    """The HTML of ``masked`` cut at each mark, or ``None`` when the marks did not come
    through one for one and in place (then the text is rendered as it is)."""
    html = _render(masked, False)
    if html.count(_MARK) != masked.count(_MARK) or "%EE%80%80" in html.upper():
        return None
    return tuple(html.split(_MARK))


def sanitize_html(body: str) -> str:
    """``body`` with scripts, event handlers and ``javascript:`` links removed (styles are kept)."""
    import nh3

    attributes: dict[str, set[str]] = {"*": _HTML_ATTRIBUTES, "a": {"href", "target"},
                                       "img": {"src", "alt"}, "ol": {"start"}, "td": {"colspan"}}
    return nh3.clean(body, tags=nh3.ALLOWED_TAGS | {"style", "span", "div", "font", "mark"},
                     attributes=attributes, clean_content_tags={"script"}, link_rel=None,
                     strip_comments=True)
