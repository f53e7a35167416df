"""Passwords of the connections made in this process, masked in text that leaves it.

The secrets plugin masks values that come from secrets; a password passed to
``st.connection`` as a keyword argument (or inside a ``url=`` argument) is unknown to
it. Every password a connection uses is remembered here, and the plugin registers
:func:`redact` through ``kernel_register_redactors`` so that tracebacks shown in the
browser mask it too.
"""

from __future__ import annotations

import re
import threading
import urllib.parse
from collections.abc import Iterable

__all__ = ["MASK", "mask_url_text", "redact", "remember"]

MASK = "***"
_MIN_LENGTH = 3
_lock = threading.Lock()
_values: set[str] = set()
_pattern: re.Pattern[str] | None = None
_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://[^:/@\s]*:)(?P<pw>[^@\s]*)(?=@)")


def remember(passwords: Iterable[object]) -> None:
    """Mask these values (and their URL-quoted forms) from now on."""
    global _pattern
    new = set()
    for value in passwords:
        if value is None:
            continue
        text = str(value)
        if len(text) < _MIN_LENGTH:
            continue
        new |= {text, urllib.parse.quote(text, safe=""), urllib.parse.quote_plus(text, safe=""), repr(text)[1:-1]}
    with _lock:
        if new <= _values:
            return
        _values.update(new)
        ordered = sorted(_values, key=len, reverse=True)
        _pattern = re.compile("|".join(re.escape(v) for v in ordered))


def mask_url_text(text: str) -> str:
    """``text`` with the password part of every ``scheme://user:password@`` replaced by ``***``."""
    return _URL_PASSWORD.sub(lambda m: m.group("head") + MASK, text)


def redact(text: str) -> str:
    """``text`` without any remembered password nor the password of a URL in it. Never raises."""
    try:
        pattern = _pattern
        if pattern is not None:
            text = pattern.sub(MASK, text)
        return mask_url_text(text)
    except Exception:  # noqa: BLE001 - a redactor must never raise
        return text
