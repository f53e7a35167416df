"""The HTTP route of declared components: a v1 component's build files and v2 modules.

A v1 file is served only from the directory its component registered, and only a
regular file inside it: the request path is percent-decoded once and refused if it is
absolute or holds an empty, ``.``, ``..`` or hidden (``.name``) segment, a backslash or
a NUL; the file's real path (symlinks followed) must still lie inside the real
directory. Every answer carries a Content-Security-Policy ``sandbox`` (no
``allow-same-origin``), so a component's page runs in an opaque origin even when it is
opened on its own, never as the app's origin (docs/security.md, "Components").
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from collections.abc import Awaitable
from pathlib import Path
from urllib.parse import unquote

import trio

from kernel import HttpRequest, HttpResponse
from kernel_plugins.components._registry import V1_PREFIX, V2_PREFIX, registry

__all__ = ["FRAME_SANDBOX", "resolve_component_file", "serve_component_file"]

FRAME_SANDBOX = "allow-scripts allow-forms allow-popups allow-popups-to-escape-sandbox allow-modals allow-downloads"
"""What a component's frame may do. Without ``allow-same-origin`` its document has an opaque
origin: it cannot reach the app page, its cookies, storage or same-origin requests;
without ``allow-top-navigation`` it cannot navigate the app away."""

_TYPES = {
    ".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8", ".json": "application/json", ".map": "application/json",
    ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".gif": "image/gif", ".webp": "image/webp", ".ico": "image/x-icon", ".wasm": "application/wasm",
    ".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".otf": "font/otf",
    ".eot": "application/vnd.ms-fontobject", ".txt": "text/plain; charset=utf-8",
}
_DIGEST = re.compile(r"^[0-9a-f]{64}\.js$")
MAX_FILE_BYTES = 64 * 1024 * 1024
"""A component file larger than this is not served (a build directory holds bundles, not data)."""


def content_type(path: Path) -> str:
    """The MIME type a component file is served with (``application/octet-stream`` when unknown)."""
    suffix = path.suffix.lower()
    if suffix in _TYPES:
        return _TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def _headers(etag: str) -> tuple[tuple[str, str], ...]:
    return (
        ("content-security-policy", f"sandbox {FRAME_SANDBOX}"),
        # The frame's opaque origin makes its font and module requests cross-origin.
        ("access-control-allow-origin", "*"),
        ("cache-control", "no-cache"),
        ("etag", etag),
    )


def resolve_component_file(root: Path, relative: str) -> Path | None:
    """The file ``relative`` (already percent-decoded) under the component directory ``root``
    (resolved), or ``None`` if it is not a regular file inside it."""
    if not relative or "\\" in relative or "\x00" in relative or relative.startswith("/"):
        return None
    parts = relative.split("/")
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        return None
    try:
        real = root.joinpath(*parts).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not real.is_relative_to(root) or not real.is_file():
        return None
    return real


def serve_component_file(request: HttpRequest) -> HttpResponse | Awaitable[HttpResponse | None] | None:
    """Answer a request under ``/_kernel/components/`` (``None``: not found)."""
    if request.path.startswith(V2_PREFIX):
        return _serve_module(request.path[len(V2_PREFIX):])
    if not request.path.startswith(V1_PREFIX):
        return None
    name, sep, rest = request.path[len(V1_PREFIX):].partition("/")
    root = registry().directory(unquote(name)) if sep else None
    if root is None:
        return None
    path = resolve_component_file(root, unquote(rest or "index.html"))
    if path is None:
        return None
    return _read(path, request.header("if-none-match"))


async def _read(path: Path, if_none_match: str | None) -> HttpResponse | None:
    """Read the file in a worker thread (a bundle may be megabytes)."""
    return await trio.to_thread.run_sync(_read_file, path, if_none_match)


def _read_file(path: Path, if_none_match: str | None) -> HttpResponse | None:
    try:
        stat = path.stat()
        if stat.st_size > MAX_FILE_BYTES:
            return None
        etag = '"' + hashlib.sha256(f"{stat.st_mtime_ns}:{stat.st_size}:{path}".encode()).hexdigest()[:32] + '"'
        if if_none_match == etag:
            return HttpResponse(304, b"", content_type(path), _headers(etag))
        body = path.read_bytes()
    except OSError:
        return None
    return HttpResponse(200, body, content_type(path), _headers(etag))


def _serve_module(name: str) -> HttpResponse | None:
    if not _DIGEST.match(name):
        return None
    source = registry().module(name[:-3])
    if source is None:
        return None
    return HttpResponse(200, source.encode("utf-8"), "text/javascript; charset=utf-8",
                        (("cache-control", "max-age=31536000, immutable"),))
