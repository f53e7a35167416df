"""Helpers for the Elements II tests: run a script with AppTest, check for a named argument error."""

from __future__ import annotations

import textwrap
from pathlib import Path

from kernel.testing import AppTest


def app(source: str, tmp_path: Path | None = None, **config: str) -> AppTest:
    """An AppTest of ``source`` (dedented); ``config`` holds ``section.option`` overrides."""
    if tmp_path is None:
        return AppTest.from_string(source)
    script = tmp_path / "app.py"
    script.write_text(textwrap.dedent(source))
    return AppTest(script, config_options=config)


def error_of(call: str) -> str:
    """Run ``from kernel import st; <call>`` and return the message of the exception it shows."""
    at = AppTest.from_string(f"from kernel import st\nimport datetime as dt\n{call}\n").run()
    assert len(at.exception) == 1, f"{call} raised nothing"
    return str(at.exception[0].value)
