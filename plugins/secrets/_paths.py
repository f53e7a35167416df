"""Turning ``[secrets] files`` entries into paths."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kernel_plugins.secrets._config import SCRIPT_DIR

__all__ = ["resolve_files"]


def resolve_files(entries: Sequence[str], *, cwd: Path, home: Path, script_dir: Path | None) -> list[Path]:
    """Absolute paths for ``entries``, in order, each once.

    ``~/x`` is under ``home``, ``{script_dir}/x`` under the script's folder (skipped
    when there is no script), anything relative under ``cwd``.
    """
    paths: list[Path] = []
    for entry in entries:
        if entry.startswith(SCRIPT_DIR):
            if script_dir is None:
                continue
            path = script_dir / entry[len(SCRIPT_DIR) :].lstrip("/\\")
        elif entry == "~" or entry.startswith(("~/", "~\\")):
            path = home / entry[2:]
        else:
            path = cwd / entry
        path = Path(_normalise(path))
        if path not in paths:
            paths.append(path)
    return paths


def _normalise(path: Path) -> str:
    # Resolve symlinks where they exist so "." and the script folder compare equal.
    try:
        return str(path.resolve())
    except OSError:
        return str(path.absolute())
