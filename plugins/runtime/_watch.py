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
