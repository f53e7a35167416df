"""kernel_contrib.secrets_dotenv: .env files as a secret source."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kernel._app import KernelApp
from kernel.contracts import SecretSourceError
from kernel.testing.secrets_conformance import check_secret_source
from kernel_contrib.secrets_dotenv import DotenvSource

DOTENV = """\
# comment
API_KEY=plain-value
export EXPORTED=from-export
QUOTED="two words # not a comment"
SINGLE='$NOT_EXPANDED'
MULTI="line one
line two"
NO_VALUE
EMPTY=
"""


def test_parses_a_dotenv_file(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text(DOTENV, encoding="utf-8")
    assert DotenvSource(path, priority=500).load() == {
        "API_KEY": "plain-value",
        "EXPORTED": "from-export",
        "QUOTED": "two words # not a comment",
        "SINGLE": "$NOT_EXPANDED",
        "MULTI": "line one\nline two",
        "EMPTY": "",
    }


def test_passes_the_conformance_kit(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text("A=1\nB=two\n", encoding="utf-8")
    check_secret_source(lambda: DotenvSource(path, priority=500), expected={"A": "1", "B": "two"})
    check_secret_source(lambda: DotenvSource(tmp_path / "absent.env", priority=500), expected={})


def test_non_utf8_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_bytes(b"A=\xff\n")
    with pytest.raises(SecretSourceError, match="not valid UTF-8"):
        DotenvSource(path, priority=1).load()


def test_plugin_ranks_dotenv_between_files_and_environment(project: Path, make_app: Callable[..., KernelApp]) -> None:
    (project / ".kernel").mkdir()
    (project / ".kernel" / "secrets.toml").write_text('A = "toml"\nB = "toml"\nC = "toml"\n', encoding="utf-8")
    (project / ".env").write_text("B=dotenv\nC=dotenv\n", encoding="utf-8")
    secrets: Any = make_app(environ={"KERNEL_SECRET_C": "env"}).make("secrets")
    assert (secrets.A, secrets.B, secrets.C) == ("toml", "dotenv", "env")
    assert os.environ["B"] == "dotenv"


def test_files_and_priority_are_configurable(project: Path, make_app: Callable[..., KernelApp]) -> None:
    (project / ".kernel").mkdir()
    (project / ".kernel" / "secrets.toml").write_text('K = "toml"\n', encoding="utf-8")
    (project / "one.env").write_text("K=one\nONLY_ONE=1\n", encoding="utf-8")
    (project / "two.env").write_text("K=two\n", encoding="utf-8")
    app = make_app(config={"secrets_dotenv.files": '["one.env", "two.env"]'})
    assert app.make("secrets").to_dict() == {"K": "two", "ONLY_ONE": "1"}
    low = make_app(config={"secrets_dotenv.files": '["one.env"]', "secrets_dotenv.priority": "1"})
    assert low.make("secrets")["K"] == "toml"


def test_a_changed_dotenv_file_reloads(project: Path, make_app: Callable[..., KernelApp]) -> None:
    path = project / ".env"
    path.write_text("K=before\n", encoding="utf-8")
    secrets: Any = make_app().make("secrets")
    assert secrets.K == "before"
    path.write_text("K=after-change\n", encoding="utf-8")
    os.utime(path, ns=(1, 1))
    assert secrets.reload_if_changed() is True and secrets.K == "after-change"
