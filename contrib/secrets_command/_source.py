"""Secrets printed by a command (a password manager or vault CLI) as TOML or JSON."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kernel.contracts import SecretSourceError

__all__ = ["CommandSource"]

_FORMATS = ("auto", "toml", "json")
_TOML_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_STDERR_LIMIT = 500


class CommandSource:
    """Runs ``argv`` on every (re)load and parses its standard output.

    Only the program name (``argv[0]``) appears in names and errors: arguments may
    hold tokens. Output is TOML, or JSON (an object); ``format="auto"`` reads JSON
    when the output starts with ``{`` (or is a JSON document starting with ``[``), else TOML.
    """

    def __init__(
        self,
        argv: Sequence[str],
        *,
        priority: int,
        format: str = "auto",
        timeout: float = 30.0,
        cwd: Path | None = None,
    ) -> None:
        if not argv:
            raise ValueError("CommandSource needs a command: argv is empty")
        if format not in _FORMATS:
            raise ValueError(f"format must be one of {', '.join(_FORMATS)}, got {format!r}")
        self.argv = list(argv)
        self.priority = priority
        self.format = format
        self.timeout = timeout
        self.cwd = cwd
        self.name = f"command {Path(self.argv[0]).name!r}"

    def __repr__(self) -> str:
        return f"CommandSource({self.name!r}, priority={self.priority})"

    def load(self) -> Mapping[str, Any]:
        """Run the command and parse what it prints; :class:`SecretSourceError` if either fails."""
        try:
            done = subprocess.run(
                self.argv,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=self.timeout,
                cwd=self.cwd,
                check=False,
            )
        except FileNotFoundError:
            raise SecretSourceError(
                f"secret {self.name}: program not found. Install it or fix [secrets_command] argv."
            ) from None
        except PermissionError:
            raise SecretSourceError(f"secret {self.name}: the program is not executable.") from None
        except subprocess.TimeoutExpired:
            raise SecretSourceError(
                f"secret {self.name}: no answer within {self.timeout:g} s. Is it waiting for a login? "
                "Raise [secrets_command] timeout if it is just slow."
            ) from None
        if done.returncode != 0:
            stderr = done.stderr.decode("utf-8", "replace").strip()[-_STDERR_LIMIT:]
            detail = f"; it said: {stderr}" if stderr else ""
            raise SecretSourceError(f"secret {self.name} failed with exit status {done.returncode}{detail}")
        try:
            text = done.stdout.decode("utf-8")
        except UnicodeDecodeError:
            raise SecretSourceError(f"secret {self.name}: the output is not valid UTF-8") from None
        return self._parse(text)

    def _parse(self, text: str) -> Mapping[str, Any]:
        fmt = self.format
        if fmt == "auto":
            stripped = text.lstrip()
            if stripped.startswith("{"):
                fmt = "json"  # a TOML document never starts with "{"
            elif stripped.startswith("["):
                # A TOML table header or a JSON array: only JSON parses it whole.
                try:
                    return self._check_object(json.loads(text))
                except json.JSONDecodeError:
                    fmt = "toml"
            else:
                fmt = "toml"
        if fmt == "json":
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                # exc.msg describes the syntax only; the output itself is never quoted.
                raise SecretSourceError(
                    f"secret {self.name}: output line {exc.lineno}, column {exc.colno}: invalid JSON: {exc.msg}"
                ) from None
            return self._check_object(data)
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            message = str(exc)
            match = _TOML_WHERE.search(message)
            where = f"line {match.group(1)}, column {match.group(2)}" if match else "the end"
            reason = message[: match.start()] if match else message
            raise SecretSourceError(f"secret {self.name}: output {where}: invalid TOML: {reason}") from None

    def _check_object(self, data: Any) -> Mapping[str, Any]:
        if not isinstance(data, dict):
            raise SecretSourceError(
                f"secret {self.name}: the JSON output must be an object of secrets, got a {type(data).__name__}"
            )
        return data

    def watch_paths(self) -> Sequence[Path]:
        """Nothing to watch: the command runs again whenever the secrets reload."""
        return []
