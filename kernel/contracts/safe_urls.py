"""Which link targets an element may put in the page: ``http``, ``https``, ``mailto`` and relative URLs.

Part of the element plugin API (re-exported by :mod:`kernel.elements`). A ``javascript:``,
``vbscript:`` or ``data:`` link runs script (or shows a page of the attacker's choosing)
on the app's origin when clicked, so elements that take a URL from the script or from
data (``st.link_button``, ``LinkColumn`` cells, ``\\href`` in TeX) check it here. The web
client has the same rule as ``safeUrl`` in ``/_kernel/static/client/elements.js``.
"""

from __future__ import annotations

import re

__all__ = ["SAFE_URLS", "SAFE_URL_SCHEMES", "is_safe_url"]

SAFE_URL_SCHEMES = frozenset({"http", "https", "mailto"})
"""The schemes a link may have; a URL without a scheme (relative, ``//host/path``) is allowed too."""
SAFE_URLS = frozenset({"about:blank"})
"""Whole URLs allowed besides: the empty page runs nothing."""

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_IGNORED = re.compile(r"[\x00-\x20\x7f]")
"""What a browser drops before reading the scheme: leading controls and spaces, and tabs
and newlines anywhere (``java\\tscript:`` is ``javascript:``). Dropping all of them here
errs on the safe side."""


def _scheme(url: str) -> str | None:
    match = _SCHEME.match(_IGNORED.sub("", url))
    return match.group(1).lower() if match else None


def is_safe_url(url: str) -> bool:
    """Whether ``url`` may be a link target: ``http``, ``https``, ``mailto``, no scheme, or ``about:blank``.

    The URL is also checked with HTML character references decoded
    (``javascript&colon;...``), for links that end up in markup.
    """
    if not isinstance(url, str):
        return False
    import html  # not at import: html loads its table of entities (about 1 ms); pages without links never need it

    for form in (url, html.unescape(url)):
        scheme = _scheme(form)
        if scheme is not None and scheme not in SAFE_URL_SCHEMES and form.strip().lower() not in SAFE_URLS:
            return False
    return True
