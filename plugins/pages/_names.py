"""Titles, icons and URL paths from page file names (``pages/2_📈_Sales_report.py``)."""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path

import attrs

_NUMBER_PREFIX = re.compile(r"^[_ \-]*(\d*)[_ \-]*(.*)$", re.DOTALL)
_SEPARATORS = re.compile(r"[_ ]+")
_EMOJI_JOINERS = {"\u200d", "\ufe0f", "\ufe0e", "\u20e3"}


@attrs.frozen
class PageName:
    """What a page's file name says: its sort number, icon, URL name and title."""

    number: float
    icon: str
    name: str
    """The page's URL path (``Sales_report``)."""

    @property
    def title(self) -> str:
        """The menu label: the name with underscores shown as spaces."""
        return self.name.replace("_", " ")

    def sort_key(self) -> tuple[float, str]:
        """Numbered pages first (by number), then the rest, each by name ignoring case."""
        return (self.number, self.name.lower())


def _is_emoji_char(ch: str) -> bool:
    code = ord(ch)
    return (unicodedata.category(ch) == "So" or 0x1F1E6 <= code <= 0x1F1FF  # regional indicators (flags)
            or 0x1F3FB <= code <= 0x1F3FF or ch in _EMOJI_JOINERS)


def split_leading_emoji(text: str) -> tuple[str, str]:
    """``("📈", "Sales")`` for ``"📈_Sales"``: a leading emoji (with its joiners) and the rest."""
    end = 0
    while end < len(text) and _is_emoji_char(text[end]):
        end += 1
    if end and text[0] in _EMOJI_JOINERS:
        return "", text
    return text[:end], text[end:]


def page_name(path: Path) -> PageName:
    """Parse a page file name: ``"10_🎈_My_page.py"`` -> number 10, icon 🎈, name ``My_page``.

    Spaces and runs of underscores become one underscore; a name that is only a number
    keeps the number as its name.
    """
    match = _NUMBER_PREFIX.match(path.stem)
    assert match is not None  # the pattern matches every string
    digits, rest = match.groups()
    icon, rest = split_leading_emoji(rest)
    name = _SEPARATORS.sub("_", rest).strip("_-") or digits or path.stem
    number = float(digits) if digits else math.inf
    return PageName(number, icon, name)


def callable_name(fn: object) -> str:
    """The URL name of a page made from a function: its ``__name__``."""
    return str(getattr(fn, "__name__", "") or "")
