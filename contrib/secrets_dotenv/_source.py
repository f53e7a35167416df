"""Secrets from a ``.env`` file, parsed by python-dotenv."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from dotenv import dotenv_values

from kernel.contracts import SecretSourceError

__all__ = ["DotenvSource"]


class DotenvSource:
    """The ``KEY=value`` lines of one dotenv file as top-level string secrets.

    A missing file contributes nothing. Keys without ``=`` are skipped; ``${VAR}`` is
    not expanded, so a value is exactly what the file says.
    """

    def __init__(self, path: Path, priority: int) -> None:
        self.path = path
        self.name = str(path)
        self.priority = priority

    def __repr__(self) -> str:
        return f"DotenvSource({self.name!r}, priority={self.priority})"

    def load(self) -> Mapping[str, Any]:
        """Parse the file; ``{}`` if it does not exist."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except UnicodeDecodeError:
            raise SecretSourceError(f"{self.path}: the dotenv file is not valid UTF-8") from None
        except OSError as exc:
            raise SecretSourceError(f"{self.path}: cannot read the dotenv file: {exc.strerror}") from None
        values = dotenv_values(stream=io.StringIO(text), interpolate=False)
        return {key: value for key, value in values.items() if value is not None}

    def watch_paths(self) -> Sequence[Path]:
        """The file itself (it may not exist yet)."""
        return [self.path]
