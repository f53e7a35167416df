"""kernel_contrib.secrets_command: secrets printed by a command, run for real."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kernel._app import KernelApp
from kernel._errors import ConfigError
from kernel.contracts import SecretSourceError
from kernel.testing.secrets_conformance import check_secret_source
from kernel_contrib.secrets_command import CommandSource

EXPECTED = {"token": "vault-token-4242", "db": {"user": "vault-user", "password": "vault-pw-777"}}
VALUES = ("vault-token-4242", "vault-user", "vault-pw-777")

Argv = Callable[..., list[str]]


@pytest.mark.parametrize(("mode", "fmt"), [("json", "auto"), ("toml", "auto"), ("json", "json"), ("toml", "toml")])
def test_reads_json_or_toml_from_the_output(vault_argv: Argv, mode: str, fmt: str) -> None:
    assert CommandSource(vault_argv(mode), priority=600, format=fmt).load() == EXPECTED


def test_auto_format_reads_toml_that_starts_with_a_table(vault_argv: Argv) -> None:
    assert CommandSource(vault_argv("toml-table-first"), priority=1).load() == {
        "db": EXPECTED["db"],
        "meta": {"token": "vault-token-4242"},
    }


def test_passes_the_conformance_kit(vault_argv: Argv) -> None:
    check_secret_source(lambda: CommandSource(vault_argv("json"), priority=600), expected=EXPECTED)


def test_name_shows_the_program_but_never_its_arguments(vault_argv: Argv) -> None:
    source = CommandSource([*vault_argv("json"), "--token=arg-secret"], priority=1)
    assert source.name == f"command {Path(vault_argv()[0]).name!r}"
    assert "arg-secret" not in source.name and "arg-secret" not in repr(source)


def _error(source: CommandSource) -> str:
    with pytest.raises(SecretSourceError) as info:
        source.load()
    message = str(info.value)
    for value in VALUES:
        assert value not in message
    return message


def test_a_failing_command_reports_its_exit_status_and_stderr(vault_argv: Argv) -> None:
    message = _error(CommandSource(vault_argv("fail"), priority=1))
    assert "failed with exit status 3; it said: error: not signed in (run `vault login`)" in message


def test_invalid_json_names_line_and_column_without_the_output(vault_argv: Argv) -> None:
    message = _error(CommandSource(vault_argv("bad-json"), priority=1))
    assert "output line 3, column 3: invalid JSON: Expecting property name enclosed in double quotes" in message


def test_json_must_be_an_object(vault_argv: Argv) -> None:
    assert "the JSON output must be an object of secrets, got a list" in _error(
        CommandSource(vault_argv("json-list"), priority=1)
    )


def test_invalid_toml_names_line_and_column_without_the_output(vault_argv: Argv) -> None:
    message = _error(CommandSource(vault_argv("bad-toml"), priority=1))
    assert "output line 2, column 5: invalid TOML: " in message


def test_a_missing_program_says_how_to_fix_it(tmp_path: Path) -> None:
    message = _error(CommandSource([str(tmp_path / "no-such-vault")], priority=1))
    assert "program not found. Install it or fix [secrets_command] argv." in message


def test_a_hanging_command_times_out(vault_argv: Argv) -> None:
    message = _error(CommandSource(vault_argv("sleep"), priority=1, timeout=0.5))
    assert "no answer within 0.5 s" in message


def test_bad_arguments_are_rejected_early() -> None:
    with pytest.raises(ValueError, match="argv is empty"):
        CommandSource([], priority=1)
    with pytest.raises(ValueError, match="format must be one of auto, toml, json"):
        CommandSource(["x"], priority=1, format="yaml")


def test_plugin_is_configured_in_its_section(
    project: Path, make_app: Callable[..., KernelApp], vault_argv: Argv
) -> None:
    (project / ".kernel").mkdir()
    (project / ".kernel" / "config.toml").write_text(
        f"[secrets_command]\nargv = {vault_argv('toml')!r}\n".replace("'", '"'), encoding="utf-8"
    )
    (project / ".kernel" / "secrets.toml").write_text('token = "file"\nfile_only = "f"\n', encoding="utf-8")
    secrets: Any = make_app(environ={"KERNEL_SECRET_db__user": "env-user"}).make("secrets")
    assert secrets.token == "vault-token-4242"  # the command beats the files...
    assert secrets.db.user == "env-user"  # ...and environment variables beat the command
    assert secrets.file_only == "f" and os.environ["token"] == "vault-token-4242"


def test_without_argv_the_plugin_adds_no_source(make_app: Callable[..., KernelApp]) -> None:
    app = make_app()
    assert [s for p, s in app.collect("kernel_register_secret_sources") if p == "kernel_contrib.secrets_command"] == []


def test_an_unknown_format_is_a_config_error(make_app: Callable[..., KernelApp]) -> None:
    with pytest.raises(ConfigError, match=r"\[secrets_command\] is invalid"):
        make_app(config={"secrets_command.format": "yaml"})


def test_the_command_runs_on_load_and_again_on_reload(
    project: Path, make_app: Callable[..., KernelApp], vault_argv: Argv
) -> None:
    counter = project / "runs.txt"
    argv = vault_argv("json", str(counter))
    (project / ".kernel").mkdir()
    (project / ".kernel" / "config.toml").write_text(
        "[secrets_command]\nargv = [" + ", ".join(f'"{a}"' for a in argv) + "]\n", encoding="utf-8"
    )
    secrets: Any = make_app().make("secrets")
    assert not counter.exists()  # lazy: nothing runs before first use
    assert secrets.token == "vault-token-4242" and secrets.db.password == "vault-pw-777"
    assert counter.read_text().count("run") == 1
    assert secrets.reload_if_changed() is False and counter.read_text().count("run") == 1
    secrets_file = project / ".kernel" / "secrets.toml"
    secrets_file.write_text('other = "x"\n', encoding="utf-8")
    assert secrets.reload_if_changed() is True
    assert counter.read_text().count("run") == 2 and secrets.other == "x"
