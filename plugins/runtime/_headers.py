"""Security headers the runtime adds to every response (docs/security.md, "Response headers").

* ``X-Content-Type-Options: nosniff``: a response is only ever what its type says (a
  text file is never run as a script, an upload never shown as HTML).
* ``Referrer-Policy: strict-origin-when-cross-origin``: another site sees at most the
  app's origin, never its paths or query parameters. (``same-origin`` would send nothing,
  but YouTube's embedded player, behind ``st.video``, refuses to play without a referrer.)
* ``Content-Security-Policy``: scripts come only from the app's own origin (the web
  client, renderer modules, vendored libraries) or carry the page's nonce (the scripts
  of ``st.html(..., unsafe_allow_javascript=True)``); an injected inline script or event
  handler does not run. ``'unsafe-eval'`` is there for Vega, which compiles its
  expressions with ``Function``. Styles, images, media, fonts, frames and fetches stay
  open: apps show content from anywhere. ``frame-ancestors`` says who may frame the app
  (``server.frame_ancestors``, ``'self'`` by default). A route whose answer carries its
  own policy with a ``sandbox`` directive (a custom component's files: their document
  gets an opaque origin, so it cannot act as the app) keeps that policy instead, with
  the app's ``frame-ancestors`` added.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

__all__ = ["REFERRER_POLICY", "SecurityHeaders", "content_security_policy", "frame_ancestors_directive",
           "frame_ancestors_source", "new_nonce"]

REFERRER_POLICY = "strict-origin-when-cross-origin"
_KEYWORDS = {"self": "'self'", "none": "'none'"}


@functools.cache
def _source_pattern() -> re.Pattern[str]:
    """An origin or scheme source; compiled on first use (about 0.8 ms, case-insensitive ranges):
    the default ``'self'`` is a keyword and never needs it."""
    return re.compile(r"^(?:[a-z][a-z0-9+.-]*:|(?:[a-z][a-z0-9+.-]*://)?(?:\*\.)?[a-z0-9.-]+(?::(?:\d+|\*))?)$",
                      re.IGNORECASE)


def frame_ancestors_source(entry: str) -> str:
    """A ``server.frame_ancestors`` entry as a CSP source (``self`` -> ``'self'``), or ``ValueError``."""
    value = entry.strip()
    keyword = _KEYWORDS.get(value.strip("'").lower())
    if keyword is not None:
        return keyword
    if value == "*" or _source_pattern().match(value):
        return value
    raise ValueError(
        f"server.frame_ancestors: {entry!r} is not a frame-ancestors source; write 'self', 'none', "
        "an origin such as 'https://intranet.example.com' (a '*.' prefix allows subdomains), "
        "or a scheme such as 'https:'")


def content_security_policy(frame_ancestors: Sequence[str], nonce: str | None = None) -> str:
    """The app's Content-Security-Policy; ``nonce`` for the shell page (its scripts may carry it)."""
    script = "script-src 'self' 'unsafe-eval'" + (f" 'nonce-{nonce}'" if nonce else "")
    return "; ".join([
        "default-src 'self'",
        script,
        "style-src 'self' 'unsafe-inline'",
        "img-src * data: blob:",
        "media-src * data: blob:",
        "font-src * data:",
        "connect-src 'self' * ws: wss: data: blob:",
        "frame-src * data: blob:",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        frame_ancestors_directive(frame_ancestors),
    ])


def frame_ancestors_directive(frame_ancestors: Sequence[str]) -> str:
    """The CSP ``frame-ancestors`` directive of ``server.frame_ancestors``."""
    ancestors = [frame_ancestors_source(e) for e in frame_ancestors]
    if "'none'" in ancestors or not ancestors:
        ancestors = ["'none'"]
    return "frame-ancestors " + " ".join(ancestors)


def _sandboxes(policy: str) -> bool:
    """Whether the CSP ``policy`` has a ``sandbox`` directive without ``allow-same-origin``."""
    for directive in policy.split(";"):
        words = directive.split()
        if words and words[0].lower() == "sandbox":
            return "allow-same-origin" not in (w.lower() for w in words[1:])
    return False


def new_nonce() -> str:
    """A fresh CSP nonce (128 random bits) for one shell page."""
    import secrets  # here: with hmac and hashlib it loads libcrypto, not needed to be healthy

    return secrets.token_urlsafe(16)


class SecurityHeaders:
    """The headers of every response, made once per server (the nonce'd policy per page)."""

    def __init__(self, frame_ancestors: Sequence[str]) -> None:
        self._frame_ancestors = tuple(frame_ancestors)
        self._common = (("x-content-type-options", "nosniff"), ("referrer-policy", REFERRER_POLICY))
        self._plain = (*self._common, ("content-security-policy", content_security_policy(self._frame_ancestors)))

    def for_response(self, own: Sequence[tuple[str, str]], nonce: str | None = None) -> tuple[tuple[str, str], ...]:
        """The security headers of a response carrying the headers ``own``: the app's, except
        that a sandboxing policy of its own (see the module docs) takes the place of the app's."""
        policies = [value for name, value in own if name.lower() == "content-security-policy"]
        if not policies or not all(_sandboxes(p) for p in policies):
            return self.headers(nonce)
        return (*self._common, ("content-security-policy", frame_ancestors_directive(self._frame_ancestors)))

    def headers(self, nonce: str | None = None) -> tuple[tuple[str, str], ...]:
        """The security headers of one response; ``nonce`` for a shell page."""
        if nonce is None:
            return self._plain
        return (*self._common, ("content-security-policy", content_security_policy(self._frame_ancestors, nonce)))
