"""Dynamic HTTP routes plugins ask the runtime to answer (media files, data bundles)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import attrs

__all__ = ["HttpRequest", "HttpResponse", "HttpRoute"]


@attrs.frozen
class HttpRequest:
    """A GET or HEAD request handed to a route: ``path`` without the query, headers lower-cased."""

    method: str
    path: str
    query: str = ""
    headers: tuple[tuple[str, str], ...] = ()

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (lower case), or ``None``."""
        for key, value in self.headers:
            if key == name:
                return value
        return None


@attrs.frozen
class HttpResponse:
    """A complete response from a route handler."""

    status: int
    body: bytes
    content_type: str = "application/octet-stream"
    headers: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class HttpRoute:
    """Requests whose path starts with ``url_prefix`` go to ``handler``.

    ``url_prefix`` starts and ends with ``/``; or, without the final ``/``, it is one exact
    path (``/oauth2callback``) and only that path goes to ``handler``. The handler is called in the trio main
    thread, so it must be quick and must not block; it returns an
    :class:`HttpResponse`, or ``None`` for "not found" (the runtime asks the next route whose
    prefix matches, if any, then answers 404). For
    slow work it may instead return an awaitable of either, which the runtime awaits in
    the connection's task (e.g. a coroutine doing ``await trio.to_thread.run_sync(...)``).

    ``held_by_worker``: the route answers from what this process holds (items made by the
    sessions it serves, named by ids that are hard to guess), and answers ``None`` for an
    item it does not hold. When several worker processes serve one app, a request may reach
    another worker than the one whose session made the item; such a request is then asked
    of every worker, and the one that holds the item answers it (its handler runs there,
    with the request's headers; docs/scaleout.md, "HTTP side channels").
    """

    url_prefix: str
    handler: Callable[[HttpRequest], HttpResponse | None | Awaitable[HttpResponse | None]]
    plugin: str = ""
    held_by_worker: bool = False

    def matches(self, path: str) -> bool:
        """Whether a request for ``path`` goes to this route."""
        if self.url_prefix.endswith("/"):
            return path.startswith(self.url_prefix)
        return path == self.url_prefix
