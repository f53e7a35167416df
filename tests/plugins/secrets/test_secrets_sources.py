"""The core secret sources: TOML files, environment variables, path resolution."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from kernel import hookimpl
from kernel.contracts import SecretSource, SecretSourceError
from kernel.testing.secrets_conformance import MemorySecretSource, check_secret_source
from kernel_plugins.secrets import EnvSource, TomlFileSource
from kernel_plugins.secrets._paths import resolve_files


def test_toml_file_source_reads_nested_tables(tmp_path: Path) -> None:
    path = tmp_path / "secrets.toml"
    path.write_text('token = "t0ken-value"\n[db]\nuser = "me"\nport = 5432\n', encoding="utf-8")
    source = TomlFileSource(path, priority=7)
    assert source.name == str(path)
    assert source.watch_paths() == [path]
    assert source.load() == {"token": "t0ken-value", "db": {"user": "me", "port": 5432}}


def test_missing_toml_file_contributes_nothing(tmp_path: Path) -> None:
    assert TomlFileSource(tmp_path / "absent.toml", priority=1).load() == {}


def test_invalid_toml_names_file_line_and_column_without_values(tmp_path: Path) -> None:
    path = tmp_path / "secrets.toml"
    path.write_text('password = "hunter2-secret"\nuser = admin-no-quotes\n', encoding="utf-8")
    with pytest.raises(SecretSourceError) as info:
        TomlFileSource(path, priority=1).load()
    message = str(info.value)
    assert message.startswith(f"{path}:2:8: invalid TOML: ")
    assert "hunter2-secret" not in message
    assert "admin-no-quotes" not in message


def test_toml_error_at_end_of_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "secrets.toml"
    path.write_text('key = "unterminated', encoding="utf-8")
    with pytest.raises(SecretSourceError, match=rf"^{path}:1:\d+: invalid TOML"):
        TomlFileSource(path, priority=1).load()


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "secrets.toml"
    path.write_bytes(b'a = "x"\nb = "\xff"\n')
    with pytest.raises(SecretSourceError, match=rf"^{path}:2: the secrets file is not valid UTF-8"):
        TomlFileSource(path, priority=1).load()


def test_folder_instead_of_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SecretSourceError, match="is a folder, but a secrets file must be a TOML file"):
        TomlFileSource(tmp_path, priority=1).load()


def test_env_source_nests_on_double_underscore_and_keeps_case() -> None:
    environ = {
        "KERNEL_SECRET_API_KEY": "k-123",
        "KERNEL_SECRET_db__password": "pw-456",
        "KERNEL_SECRET_db__replica__host": "replica.example",
        "OTHER": "ignored",
        "KERNEL_SECRETS_FILES": "not a secret",
    }
    source = EnvSource(environ, "KERNEL_SECRET_", priority=1000)
    assert source.name == "environment variables KERNEL_SECRET_*"
    assert source.watch_paths() == []
    assert source.load() == {
        "API_KEY": "k-123",
        "db": {"password": "pw-456", "replica": {"host": "replica.example"}},
    }


def test_env_source_value_used_as_section_is_an_error_naming_both_variables() -> None:
    environ = {"KERNEL_SECRET_db": "value-one", "KERNEL_SECRET_db__user": "value-two"}
    with pytest.raises(SecretSourceError) as info:
        EnvSource(environ, "KERNEL_SECRET_", priority=1).load()
    message = str(info.value)
    assert "KERNEL_SECRET_db and KERNEL_SECRET_db__user clash" in message
    assert "value-one" not in message and "value-two" not in message


def test_env_source_rejects_empty_key_parts() -> None:
    with pytest.raises(SecretSourceError, match="empty key part"):
        EnvSource({"KERNEL_SECRET_db____user": "x"}, "KERNEL_SECRET_", priority=1).load()


def test_core_sources_pass_the_conformance_kit(tmp_path: Path) -> None:
    path = tmp_path / "secrets.toml"
    path.write_text('a = "alpha"\n[t]\nb = [1, 2, {c = "gamma"}]\n', encoding="utf-8")
    check_secret_source(
        lambda: TomlFileSource(path, priority=3), expected={"a": "alpha", "t": {"b": [1, 2, {"c": "gamma"}]}}
    )
    check_secret_source(lambda: TomlFileSource(tmp_path / "absent.toml", priority=3), expected={})
    environ = {"P_x__y": "z"}
    check_secret_source(lambda: EnvSource(environ, "P_", priority=9), expected={"x": {"y": "z"}})


class _CachingSource:
    """Returns its internal dict: a caller clearing it would corrupt the next load."""

    name = "caching"
    priority = 1

    def __init__(self) -> None:
        self._data: dict[str, Any] = {"k": "value"}

    def load(self) -> Mapping[str, Any]:
        return self._data

    def watch_paths(self) -> Sequence[Path]:
        return []


class _BadKeySource(_CachingSource):
    def load(self) -> Mapping[str, Any]:
        return {1: "one"}  # type: ignore[dict-item]


class _BadPathSource(_CachingSource):
    def load(self) -> Mapping[str, Any]:
        return {}

    def watch_paths(self) -> Sequence[Path]:
        return ["secrets.toml"]  # type: ignore[list-item]


class _BadValueSource(_CachingSource):
    def load(self) -> Mapping[str, Any]:
        return {"k": object()}


@pytest.mark.parametrize(
    ("factory", "complaint"),
    [
        (_CachingSource, "must return a fresh mapping"),
        (_BadKeySource, "keys must be str"),
        (_BadPathSource, "not a pathlib.Path"),
        (_BadValueSource, "secret values must be TOML-like"),
        (object, "is not a SecretSource"),
    ],
)
def test_conformance_kit_rejects_broken_sources(factory: Any, complaint: str) -> None:
    with pytest.raises(AssertionError, match=complaint):
        check_secret_source(factory)


def test_conformance_kit_compares_with_expected(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text('a = "1"\n', encoding="utf-8")
    with pytest.raises(AssertionError, match="other keys or values than expected"):
        check_secret_source(lambda: TomlFileSource(path, priority=1), expected={"a": "2"})


def test_resolve_files_expands_home_cwd_and_script_dir(tmp_path: Path) -> None:
    home, cwd, script_dir = tmp_path / "h", tmp_path / "c", tmp_path / "s"
    entries = ["~/.kernel/secrets.toml", ".kernel/secrets.toml", "{script_dir}/x.toml", str(tmp_path / "abs.toml")]
    assert resolve_files(entries, cwd=cwd, home=home, script_dir=script_dir) == [
        home / ".kernel/secrets.toml",
        cwd / ".kernel/secrets.toml",
        script_dir / "x.toml",
        tmp_path / "abs.toml",
    ]


def test_resolve_files_skips_script_dir_without_script_and_drops_duplicates(tmp_path: Path) -> None:
    entries = [".kernel/secrets.toml", "{script_dir}/.kernel/secrets.toml"]
    assert resolve_files(entries, cwd=tmp_path, home=tmp_path, script_dir=None) == [tmp_path / ".kernel/secrets.toml"]
    assert resolve_files(entries, cwd=tmp_path, home=tmp_path, script_dir=tmp_path) == [
        tmp_path / ".kernel/secrets.toml"
    ]


def test_memory_source_conforms_and_replaces_files_and_environment(dirs: Any, make_app: Any) -> None:
    check_secret_source(lambda: MemorySecretSource({"a": {"b": "c"}}), expected={"a": {"b": "c"}})
    dirs.write(".kernel/secrets.toml", 'from_file = "f"\n')
    source = MemorySecretSource({"api_key": "in-memory"})

    class Plugin:
        @hookimpl
        def kernel_register_secret_sources(self) -> Sequence[SecretSource]:
            return [source]

    app = make_app(
        environ={"KERNEL_SECRET_x": "y"},
        config={"secrets.files": "[]", "secrets.env_prefix": ""},
        plugins=((Plugin(), "memory"),),
    )
    assert app.make("secrets").to_dict() == {"api_key": "in-memory"}
