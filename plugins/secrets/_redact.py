"""Replacing secret values in text with ``***``."""

from __future__ import annotations

import re
import threading
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

__all__ = ["MASK", "MIN_LENGTH", "Redactor", "leaf_values"]

MASK = "***"
MIN_LENGTH = 4
"""Shorter values are not redacted: replacing every ``"1"`` in a traceback hides nothing
and garbles the rest."""


def leaf_values(value: Any) -> Iterator[Any]:
    """Every scalar in a nested structure of mappings and lists."""
    if isinstance(value, Mapping):
        for item in value.values():
            yield from leaf_values(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from leaf_values(item)
    else:
        yield value


def _spellings(value: Any) -> Iterator[str]:
    """How ``value`` may appear in text: as is, escaped as in a repr or JSON string, as the
    repr of its encoded bytes (``b'p\\xc3\\xa4ss'`` for ``"päss"``), URL-quoted, and each of
    those escaped once more (a repr of a repr, a repr inside JSON text)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return
    text = str(value)
    if len(text) < MIN_LENGTH:
        return
    yield text
    if not isinstance(value, str):
        return
    import json  # here, not at the top: the plugin loads at start-up, json not before a secret is read

    forms = {value, ascii(value)[1:-1], value.encode("unicode_escape").decode("ascii"),
             json.dumps(value, ensure_ascii=False)[1:-1], urllib.parse.quote(value, safe=""),
             urllib.parse.quote_plus(value, safe="")}
    for encoding in ("utf-8", "latin-1", "utf-16"):
        try:
            forms.add(repr(value.encode(encoding))[2:-1])
        except UnicodeEncodeError:
            continue
    for form in forms:
        yield form
        yield repr(form)[1:-1]
        yield json.dumps(form)[1:-1]


class Redactor:
    """Remembers every secret value seen in this process and masks them in text.

    Values stay remembered after a reload changes them, so an old value still in some
    object's state is masked too. Thread-safe; calling it never raises.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: set[str] = set()
        self._pattern: re.Pattern[str] | None = None

    def add(self, values: Iterable[Any]) -> None:
        """Remember ``values`` (scalars; non-text and short ones are ignored)."""
        new = {s for v in values for s in _spellings(v)}
        with self._lock:
            if new <= self._values:
                return
            self._values |= new
            # Longest first, so a value containing another is masked whole.
            ordered = sorted(self._values, key=len, reverse=True)
            self._pattern = re.compile("|".join(re.escape(v) for v in ordered))

    def __call__(self, text: str) -> str:
        """``text`` with every remembered value replaced by ``***``."""
        pattern = self._pattern
        if pattern is None:
            return text
        try:
            return pattern.sub(MASK, str(text))
        except Exception:  # a redactor must never raise; hide everything instead
            return MASK
