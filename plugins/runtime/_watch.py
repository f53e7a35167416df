"""Watching the app's source folder with watchfiles' async API, inside the trio loop."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import trio

IGNORED_DIRS = frozenset({
    "__pycache__", "node_modules", "site-packages", "venv", "env", ".venv", ".env", ".git", ".hg",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox", "build", "dist",
})
WATCHED_SUFFIXES = frozenset({".py", ".toml"})
START_DELAY = 0.2
"""Seconds after start-up before watching begins (keeps it off the path to a healthy server)."""
DEBOUNCE_MS = 100
"""Changes within this many milliseconds are reported together."""
MAX_LINE = 1 << 20
"""Longest line of relayed changes a worker reads (longer ones are skipped)."""


class SourceFilter:
    """Python sources and TOML files; not in virtualenvs, caches or hidden folders.

    A ``watch_filter`` for watchfiles: called with each change and path.
    """

    def __init__(self, root: Path) -> None:
        self._root = root

    def __call__(self, change: Any, path: str) -> bool:
        p = Path(path)
        if p.suffix not in WATCHED_SUFFIXES:
            return False
        try:
            parts = p.relative_to(self._root).parts
        except ValueError:
            return False
        for part in parts[:-1]:
            if part in IGNORED_DIRS or part.startswith(".") or (Path(self._root, *parts[: parts.index(part) + 1])
                                                                / "pyvenv.cfg").exists():
                return False
        return not parts[-1].startswith(".")


async def watch_sources(root: Path, on_change: Callable[[Sequence[Path]], None]) -> None:
    """Call ``on_change`` with the changed files under ``root`` until cancelled."""
    # watchfiles pulls in anyio (tens of milliseconds): give the server a moment to answer
    # its first requests, then import it in a worker thread.
    await trio.sleep(START_DELAY)
    watchfiles = await trio.to_thread.run_sync(importlib.import_module, "watchfiles")

    async for changes in watchfiles.awatch(
        root, watch_filter=SourceFilter(root), debounce=DEBOUNCE_MS, step=20, rust_timeout=500
    ):
        paths = sorted({Path(path) for _, path in changes})
        if paths:
            on_change(paths)


async def read_relayed_changes(root: Path, on_change: Callable[[Sequence[Path]], None],
                               fd: int = 0) -> None:
    """Call ``on_change`` with the changed files under ``root`` that the supervisor of
    ``kernel run --workers N`` writes to this worker's standard input (one JSON line per
    batch: ``{"changed": [paths]}``; see ``kernel/_source_relay.py``), until the pipe closes.
    Only paths :class:`SourceFilter` accepts count, as with this worker's own watcher."""
    import json
    import os

    accept = SourceFilter(root)
    stream = trio.lowlevel.FdStream(os.dup(fd))
    buffer = b""
    skipping = False  # in a line over MAX_LINE: drop everything up to its end
    async with stream:
        while True:
            chunk = await stream.receive_some(65536)
            if not chunk:
                return  # the supervisor is gone
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            if skipping and lines:
                lines, skipping = lines[1:], False
            if len(buffer) > MAX_LINE:
                buffer, skipping = b"", True
            for line in lines:
                try:
                    changed = json.loads(line).get("changed") if len(line) <= MAX_LINE else None
                except (ValueError, AttributeError):
                    continue
                if not isinstance(changed, list):
                    continue
                paths = sorted({Path(p) for p in changed if isinstance(p, str) and accept(None, p)})
                if paths:
                    on_change(paths)
