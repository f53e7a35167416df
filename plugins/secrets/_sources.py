"""The core secret sources: TOML files and environment variables."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kernel.contracts import SecretSourceError

__all__ = ["EnvSource", "TomlFileSource", "toml_error_message"]

_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def toml_error_message(origin: str, exc: tomllib.TOMLDecodeError, text: str) -> str:
    """``origin:line:column: invalid TOML: reason`` for a syntax error in ``text``.

    tomllib's reason describes the syntax only, never the values around it.
    """
    message = str(exc)
    match = _WHERE.search(message)
    if match is not None:
        line, column, reason = int(match.group(1)), int(match.group(2)), message[: match.start()]
    else:  # "(at end of document)": point past the last character
        reason = message.removesuffix(" (at end of document)")
        line = text.count("\n") + 1
        column = len(text) - (text.rfind("\n") + 1) + 1
    return f"{origin}:{line}:{column}: invalid TOML: {reason}"


class TomlFileSource:
    """Secrets from one TOML file; a missing file contributes nothing."""

    def __init__(self, path: Path, priority: int) -> None:
        self.path = path
        self.name = str(path)
        self.priority = priority

    def __repr__(self) -> str:
        return f"TomlFileSource({self.name!r}, priority={self.priority})"

    def load(self) -> Mapping[str, Any]:
        """Parse the file; ``{}`` if it does not exist; :class:`SecretSourceError` if it is invalid."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except IsADirectoryError:
            raise SecretSourceError(
                f"{self.path}: is a folder, but a secrets file must be a TOML file. Fix the path in [secrets] files."
            ) from None
        except OSError as exc:
            raise SecretSourceError(f"{self.path}: cannot read the secrets file: {exc.strerror}") from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise SecretSourceError(f"{self.path}:{line}: the secrets file is not valid UTF-8") from None
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            message = toml_error_message(str(self.path), exc, text)
            raise SecretSourceError(f"{message}. Fix the secrets file; st.secrets fails until it parses.") from None

    def watch_paths(self) -> Sequence[Path]:
        """The file itself (it may not exist yet)."""
        return [self.path]


class EnvSource:
    """Secrets from environment variables named ``<prefix><key>``; ``__`` separates sections.

    The key keeps its case: ``KERNEL_SECRET_db__password`` is ``st.secrets["db"]["password"]``.
    Values are strings.
    """

    def __init__(self, environ: Mapping[str, str], prefix: str, priority: int) -> None:
        self._environ = environ
        self.prefix = prefix
        self.name = f"environment variables {prefix}*"
        self.priority = priority

    def __repr__(self) -> str:
        return f"EnvSource({self.prefix!r}, priority={self.priority})"

    def load(self) -> Mapping[str, Any]:
        """The matching variables as nested mappings of strings."""
        result: dict[str, Any] = {}
        owner: dict[tuple[str, ...], str] = {}
        for var in sorted(self._environ):
            if not self.prefix or not var.startswith(self.prefix):
                continue
            parts = tuple(var[len(self.prefix) :].split("__"))
            if not all(parts):
                raise SecretSourceError(
                    f"environment variable {var}: empty key part; write sections as "
                    f"{self.prefix}section__key (two underscores between parts)"
                )
            table = result
            for depth, part in enumerate(parts[:-1]):
                node = table.setdefault(part, {})
                if not isinstance(node, dict):
                    raise SecretSourceError(
                        f"environment variables {owner[parts[: depth + 1]]} and {var} clash: the first "
                        f"sets {'.'.join(parts[: depth + 1])!r} to a value, the second uses it as a section"
                    )
                owner.setdefault(parts[: depth + 1], var)
                table = node
            # Sorted order puts "X" before "X__Y", so a value never lands on a section.
            table[parts[-1]] = self._environ[var]
            owner[parts] = var
        return result

    def watch_paths(self) -> Sequence[Path]:
        """Nothing: the environment does not change while the app runs."""
        return []
