"""Static files: the web client's modules, plugins' assets and element renderers."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

from kernel_plugins.runtime._http import Response

CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".txt": "text/plain; charset=utf-8",
}
CACHE_CONTROL = "no-cache"
"""Static files are revalidated on every load (cheap: a 304 with the ETag)."""


def content_type(path: Path) -> str:
    """The content type for a file name, ``application/octet-stream`` if unknown."""
    return CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")


def _safe_parts(url_rest: str) -> list[str] | None:
    """The path segments of ``url_rest``, or ``None`` if it tries to leave its folder."""
    decoded = urllib.parse.unquote(url_rest)
    if "\\" in decoded or "\x00" in decoded:
        return None
    parts = [p for p in decoded.split("/") if p not in ("", ".")]
    if any(p == ".." or p.startswith("~") or ":" in p for p in parts):
        return None
    return parts


class StaticFiles:
    """Folders mounted under URL prefixes.

    Nothing outside a mounted folder is ever served, whatever the URL says; file
    contents are cached in memory and revalidated by modification time and size.
    """

    def __init__(self) -> None:
        self._mounts: list[tuple[str, Path, tuple[str, ...] | None]] = []
        self._cache: dict[Path, tuple[tuple[int, int], bytes]] = {}

    def mount(self, url_prefix: str, directory: Path, *, suffixes: tuple[str, ...] | None = None) -> None:
        """Serve ``directory`` under ``url_prefix`` (which starts and ends with ``/``).

        With ``suffixes``, only files whose names end so are served (a renderer's
        folder serves its ``.js`` and ``.css``, never the Python next to them).
        """
        if not (url_prefix.startswith("/") and url_prefix.endswith("/")):
            raise ValueError(f"a static URL prefix starts and ends with '/': {url_prefix!r}")
        self._mounts.append((url_prefix, directory.resolve(), suffixes))
        self._mounts.sort(key=lambda m: -len(m[0]))

    def find(self, url_path: str) -> Path | None:
        """The file a URL path names, or ``None``."""
        for prefix, directory, suffixes in self._mounts:
            if url_path.startswith(prefix):
                parts = _safe_parts(url_path[len(prefix) :])
                if not parts or (suffixes is not None and not parts[-1].endswith(suffixes)):
                    continue
                candidate = directory.joinpath(*parts).resolve()
                if candidate.is_relative_to(directory) and candidate.is_file():
                    return candidate
                # Several folders may share a prefix (a plugin's renderers in two folders).
        return None

    def handles(self, url_path: str) -> bool:
        """Whether ``url_path`` falls under a mount (found or not)."""
        return any(url_path.startswith(p) for p, _, _ in self._mounts)

    def respond(self, url_path: str, if_none_match: str | None) -> Response | None:
        """A 200 or 304 response for a static file, or ``None`` if there is none."""
        path = self.find(url_path)
        if path is None:
            return None
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        etag = f'"{stamp[0]:x}-{stamp[1]:x}"'
        headers = (("cache-control", CACHE_CONTROL), ("etag", etag))
        if if_none_match is not None and etag in [t.strip() for t in if_none_match.split(",")]:
            return Response(304, b"", content_type(path), headers)
        cached = self._cache.get(path)
        if cached is None or cached[0] != stamp:
            cached = (stamp, path.read_bytes())
            self._cache[path] = cached
        return Response(200, cached[1], content_type(path), headers)
