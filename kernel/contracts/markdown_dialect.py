"""Streamlit's Markdown dialect on markdown-it-py (for :mod:`kernel.contracts.markup`): task lists, colours, emoji.

* ``- [ ] todo`` / ``- [x] done`` list items become (disabled) checkboxes;
* ``:red[text]``, ``:blue-background[text]``, ``:green-badge[text]``, ``:small[text]``,
  ``:rainbow[text]`` wrap their (Markdown) content in a styled span;
* ``:smile:``-style shortcodes become emoji (when the ``emoji`` package is installed);
  ``:material/name:`` becomes the icon (a span the web client draws with the vendored Material
  Symbols font, see :mod:`kernel.contracts.icons`); an unknown name stays as written;
* ``<->``, ``->``, ``<-``, ``--``, ``>=``, ``<=``, ``~=`` become ``↔ → ← — ≥ ≤ ≈`` where the
  symbol stands alone (whitespace or the edge of a run of text on both sides: ``a -> b``,
  never ``a->b``, ``echo--done``, ``--verbose`` or ``x>=3``), and never inside links or code.
"""

from __future__ import annotations

import html
import re
from typing import Any

from kernel.contracts.icons import MATERIAL_ICON, is_material_icon

COLORS = {"red": "#e03131", "orange": "#e8590c", "yellow": "#b08800", "green": "#21a366", "blue": "#1c83e1",
          "violet": "#803df5", "gray": "#6b7080", "grey": "#6b7080", "primary": "var(--k-accent)"}
_DIRECTIVE = re.compile(r":([a-z]+(?:-(?:background|badge))?)\[")
_SHORTCODE = re.compile(r":([a-zA-Z0-9_+\-]+):")
TYPOGRAPHY = {"<->": "↔", "->": "→", "<-": "←", "--": "—", ">=": "≥", "<=": "≤", "~=": "≈"}
"""The typographic symbols Streamlit's Markdown replaces, each only where it stands alone."""
# Not preceded and not followed by a non-space: the edges of a text run count as space, and
# the lookarounds consume nothing, so "-- --" replaces both.
_STANDALONE = re.compile(r"(?<!\S)(<->|->|<-|--|>=|<=|~=)(?!\S)")
_TASK = re.compile(r"^\[([ xX])\]\s+")


def _style(name: str) -> str | None:
    if name == "small":
        return "font-size: .85em"
    if name == "rainbow":
        return ("background: linear-gradient(to right, #e03131, #e8590c, #b08800, #21a366, #1c83e1, #803df5); "
                "-webkit-background-clip: text; background-clip: text; color: transparent")
    base, _, variant = name.partition("-")
    color = COLORS.get(base)
    if color is None:
        return None
    if variant == "background":
        return f"background: color-mix(in srgb, {color} 18%, transparent); border-radius: .2em; padding: 0 .15em"
    if variant == "badge":
        return (f"color: {color}; background: color-mix(in srgb, {color} 14%, transparent); border-radius: .6em; "
                "padding: .05em .5em; font-size: .85em; font-weight: 500")
    return f"color: {color}"


def _closing_bracket(src: str, start: int, end: int) -> int:
    depth = 1
    i = start
    while i < end:
        ch = src[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _directive_rule(state: Any, silent: bool) -> bool:
    if state.src[state.pos] != ":":
        return False
    match = _DIRECTIVE.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    style = _style(match.group(1))
    if style is None:
        return False
    content_start = match.end()
    close = _closing_bracket(state.src, content_start, state.posMax)
    if close < 0:
        return False
    if not silent:
        token = state.push("html_inline", "", 0)
        token.content = f'<span class="k-md-{html.escape(match.group(1))}" style="{style}">'
        old_max = state.posMax
        state.pos, state.posMax = content_start, close
        state.md.inline.tokenize(state)
        state.posMax = old_max
        token = state.push("html_inline", "", 0)
        token.content = "</span>"
    state.pos = close + 1
    return True


def _emojize(text: str) -> str:
    if ":" not in text:
        return text
    try:
        import emoji
    except ImportError:
        return text
    return str(emoji.emojize(text, language="alias"))


def typography(text: str) -> str:
    """``text`` with each standalone symbol of :data:`TYPOGRAPHY` replaced (for one run of text)."""
    if "-" not in text and "=" not in text:
        return text
    return _STANDALONE.sub(lambda m: TYPOGRAPHY[m.group(1)], text)


def _text_children(children: list[Any], token_type: type) -> list[Any]:
    out = []
    in_link = 0
    for child in children:
        if child.type == "link_open":
            in_link += 1
        elif child.type == "link_close":
            in_link -= 1
        if child.type != "text":
            out.append(child)
            continue
        text = child.content if in_link else typography(child.content)
        text = _emojize(text)
        if ":material/" not in text:
            child.content = text
            out.append(child)
            continue
        start = 0
        for match in MATERIAL_ICON.finditer(text):
            if not is_material_icon(match.group(1)):
                continue  # an unknown name stays as written (plain text)
            if match.start() > start:
                out.append(_text_token(token_type, text[start:match.start()]))
            icon = token_type("html_inline", "", 0)
            icon.content = material_icon_html(match.group(1))
            out.append(icon)
            start = match.end()
        if start < len(text):
            out.append(_text_token(token_type, text[start:]))
    return out


def _text_token(token_type: type, text: str) -> Any:
    token = token_type("text", "", 0)
    token.content = text
    return token


def material_icon_html(name: str) -> str:
    """The HTML of the Material Symbol ``name`` (a known name: letters, digits and ``_``).

    The font draws the name as one glyph (a ligature); ``translate="no"`` keeps page
    translators from changing the name, and the icon reads as an image named after it.
    """
    return (f'<span class="k-material-icon" translate="no" role="img" aria-label="{html.escape(name)} icon">'
            f"{html.escape(name)}</span>")


def _core_rule(state: Any) -> None:
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "inline" or not token.children:
            continue
        if i >= 2 and tokens[i - 1].type == "paragraph_open" and tokens[i - 2].type == "list_item_open":
            first = token.children[0]
            match = _TASK.match(first.content) if first.type == "text" else None
            if match is not None:
                first.content = first.content[match.end():]
                box = type(first)("html_inline", "", 0)
                checked = " checked" if match.group(1) in "xX" else ""
                box.content = f'<input type="checkbox" class="k-task" disabled{checked}> '
                token.children.insert(0, box)
                tokens[i - 2].attrSet("class", "k-task-item")
        token.children = _text_children(token.children, type(token))


def extend(md: Any) -> Any:
    """Add the dialect's rules to a markdown-it parser and return it."""
    md.inline.ruler.before("emphasis", "kernel_directive", _directive_rule)
    md.core.ruler.push("kernel_dialect", _core_rule)
    return md
