"""Who may talk to the server: the ``Host`` header of every request, the ``Origin`` of a socket or upload.

Two browser attacks are refused here (docs/security.md, "Origins and hosts"):

* **Cross-site sockets.** A page on another site may open a WebSocket to any server the
  browser can reach, and read what comes back: browsers apply no same-origin rule to
  WebSockets. The server is what must refuse it, by the request's ``Origin`` header.
* **DNS rebinding.** A name the attacker controls (``evil.example``) is made to resolve to
  127.0.0.1; the browser then counts a server on the loopback as ``evil.example``'s own,
  so same-origin rules no longer protect it. The request still says
  ``Host: evil.example``, which is how it is told apart.

:class:`RequestGuard` holds the rules; the runtime asks it about every request, and any
route that takes data from a browser (an upload over HTTP, say) can ask it too through
:meth:`RequestGuard.check`.
"""

from __future__ import annotations

import logging
import urllib.parse
from collections.abc import Iterable, Sequence

import attrs

__all__ = ["ANY", "Refusal", "RequestGuard", "check_origin_entry", "normalize_origin"]

ANY = "*"
"""The entry of ``server.allowed_origins`` / ``server.allowed_hosts`` that allows any."""
WILDCARD_ADDRESSES = frozenset({"", "0.0.0.0", "::", "[::]"})
"""Bound addresses that listen on every interface."""
DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
MAX_LOGGED = 256
"""Distinct refused origins/hosts logged; past that, refusals are counted but not logged
(a client could otherwise grow the set, or the log, with made-up headers)."""

log = logging.getLogger("kernel.runtime")


@attrs.frozen
class Refusal:
    """Why a request is refused (the runtime answers 403 with :attr:`reason`)."""

    reason: str
    """One line for the client: what was refused and which option would allow it."""
    subject: str
    """What was refused, as logged once: ``origin 'https://evil.example'`` or ``host 'evil.example'``."""


def _strip_port(host: str) -> tuple[str, int | None]:
    """``(name, port)`` of a ``Host`` value (``name:port``, ``[v6]:port``), name lower-cased."""
    host = host.strip().lower()
    port: int | None = None
    if host.startswith("["):
        name, _, rest = host[1:].partition("]")
        if rest.startswith(":") and rest[1:].isdigit():
            port = int(rest[1:])
        return name, port
    if host.count(":") == 1:
        name, _, digits = host.partition(":")
        if digits.isdigit():
            port = int(digits)
        host = name
    return host.rstrip("."), port


def _is_ip(name: str) -> bool:
    import ipaddress  # on the first check of a name, not at start-up

    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _netloc(name: str, port: int | None, scheme: str | None = None) -> str:
    """``name[:port]`` with IPv6 in brackets and the scheme's default port left out."""
    shown = f"[{name}]" if ":" in name else name
    if port is None or (scheme is not None and DEFAULT_PORTS.get(scheme) == port) or (
            scheme is None and port in (80, 443)):
        return shown
    return f"{shown}:{port}"


def normalize_origin(origin: str) -> str | None:
    """``scheme://host[:port]`` lower-cased with the default port left out, ``"null"`` as is,
    or ``None`` if ``origin`` is not an origin (a path, a missing host, another scheme)."""
    origin = origin.strip()
    if origin.lower() == "null":
        return "null"
    try:
        parts = urllib.parse.urlsplit(origin)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") or (
            parts.query or parts.fragment or parts.username or parts.password):
        return None
    return f"{scheme}://{_netloc(parts.hostname.lower().rstrip('.'), port, scheme)}"


def check_origin_entry(entry: str) -> str:
    """A ``server.allowed_origins`` entry, normalized; ``ValueError`` saying how to write it."""
    if entry.strip() == ANY:
        return ANY
    normalized = normalize_origin(entry)
    if normalized is None:
        raise ValueError(
            f"server.allowed_origins: {entry!r} is not an origin; write scheme://host[:port] "
            "(e.g. 'https://apps.example.com' or 'http://localhost:3000', no path), 'null', or '*' for any")
    return normalized


def _check_host_entry(entry: str) -> str:
    entry = entry.strip().lower()
    if entry == ANY:
        return ANY
    name = entry[1:] if entry.startswith(".") else entry
    if not name or (any(c in name for c in "/:@ ,;") and not _is_ip(name.strip("[]"))):
        raise ValueError(
            f"server.allowed_hosts: {entry!r} is not a host name; write a name without scheme or port "
            "(e.g. 'apps.example.com'), '.example.com' for it and its subdomains, or '*' for any")
    return entry.rstrip(".")


class RequestGuard:
    """The Host and Origin rules of one server, built from the ``[server]`` config.

    * ``Host``: allowed when it names the bound address, a loopback name (``localhost``,
      ``*.localhost``), an IP address (no DNS is involved, so no rebinding), or an entry of
      ``allowed_hosts`` (``.example.com`` also allows its subdomains). A server bound to
      every interface (``0.0.0.0``) with no ``allowed_hosts`` allows any host: it cannot
      know the names it is reached by. A request without ``Host`` (HTTP/1.0 tools) passes.
    * ``Origin`` (checked for WebSocket upgrades and requests that send data): allowed
      when absent (not a browser), when it is the app's own origin (its host and port are
      the request's ``Host``), or when ``allowed_origins`` lists it or ``"*"``.
    """

    def __init__(self, address: str, allowed_hosts: Iterable[str] = (), allowed_origins: Iterable[str] = ()) -> None:
        self._address = _strip_port(address)[0] if address not in WILDCARD_ADDRESSES else ""
        self._hosts = frozenset(_check_host_entry(h) for h in allowed_hosts)
        self._origins = frozenset(check_origin_entry(o) for o in allowed_origins)
        self._any_host = ANY in self._hosts or (address in WILDCARD_ADDRESSES and not self._hosts)
        self._logged: set[str] = set()
        self.refused = 0
        """Requests refused so far."""

    def host_allowed(self, host: str | None) -> bool:
        """Whether a request with this ``Host`` header may be answered."""
        if host is None or self._any_host:
            return True
        name, _ = _strip_port(host)
        if not name:
            return False
        if name == self._address or name == "localhost" or name.endswith(".localhost") or name in self._hosts:
            return True
        if _is_ip(name):
            return True
        return any(entry.startswith(".") and (name == entry[1:] or name.endswith(entry)) for entry in self._hosts)

    def origin_allowed(self, origin: str | None, host: str | None) -> bool:
        """Whether a browser page at ``origin`` may open a socket or send data to this server."""
        if origin is None or ANY in self._origins:
            return True
        normalized = normalize_origin(origin)
        if normalized is None:
            return False
        if normalized in self._origins:
            return True
        if normalized == "null" or host is None:
            return False
        own = _netloc(*_strip_port(host))
        scheme, _, netloc = normalized.partition("://")
        name, port = _strip_port(netloc)
        return _netloc(name, port if port is not None else DEFAULT_PORTS[scheme]) == own

    def check(self, headers: Sequence[tuple[str, str]], *, sends_data: bool) -> Refusal | None:
        """The refusal of a request with these headers (names lower-cased), or ``None``.

        ``sends_data``: a WebSocket upgrade, or a request that carries data into the app
        (an upload): the ``Origin`` is checked too. A refusal is logged (once per origin
        or host) and counted.
        """
        host = origin = None
        for name, value in headers:
            if name == "host" and host is None:
                host = value
            elif name == "origin" and origin is None:
                origin = value
        refusal: Refusal | None = None
        if not self.host_allowed(host):
            refusal = Refusal(
                f"forbidden: this server does not answer to the host {host!r}; "
                "add the name to server.allowed_hosts to serve it", f"host {host!r}")
        elif sends_data and not self.origin_allowed(origin, host):
            refusal = Refusal(
                f"forbidden: a page at {origin!r} may not connect to this app; "
                "add the origin to server.allowed_origins to allow it", f"origin {origin!r}")
        if refusal is not None:
            self.refused += 1
            self._log_once(refusal)
        return refusal

    def _log_once(self, refusal: Refusal) -> None:
        if refusal.subject in self._logged or len(self._logged) >= MAX_LOGGED:
            return
        self._logged.add(refusal.subject)
        log.warning("refused a request from %s (%s); further refusals of it are not logged",
                    refusal.subject, refusal.reason)
