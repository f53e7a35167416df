"""Which sources st.secrets reads, and which one wins."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kernel_plugins.secrets_api import secrets_of

if TYPE_CHECKING:
    from tests.plugins.secrets.conftest import Dirs, MakeApp

LEVELS = [
    ("home", ".streamlit/secrets.toml"),
    ("home", ".kernel/secrets.toml"),
    ("cwd", ".streamlit/secrets.toml"),
    ("cwd", ".kernel/secrets.toml"),
]


def _write_levels(dirs: Dirs, levels: list[tuple[str, str]]) -> None:
    for i, (base, relative) in enumerate(levels):
        dirs.write(relative, f'winner = "level-{i}"\nonly_{i} = "v{i}"\n', base=base)


def test_every_default_file_is_read_and_later_ones_win(dirs: Dirs, make_app: MakeApp) -> None:
    _write_levels(dirs, LEVELS)
    secrets = secrets_of(make_app())
    assert secrets["winner"] == "level-3"
    assert [secrets[f"only_{i}"] for i in range(4)] == ["v0", "v1", "v2", "v3"]


def test_each_level_overrides_the_ones_below(dirs: Dirs, make_app: MakeApp) -> None:
    for top in range(len(LEVELS)):
        _write_levels(dirs, LEVELS[: top + 1])
        assert secrets_of(make_app())["winner"] == f"level-{top}"


def test_environment_variables_override_every_file(dirs: Dirs, make_app: MakeApp) -> None:
    _write_levels(dirs, LEVELS)
    dirs.write(".kernel/secrets.toml", '[db]\nuser = "file-user"\npassword = "file-pw"\n')
    app = make_app(environ={"KERNEL_SECRET_winner": "env", "KERNEL_SECRET_db__password": "env-pw"})
    secrets = secrets_of(app)
    assert secrets["winner"] == "env"
    assert secrets["db"] == {"user": "file-user", "password": "env-pw"}


def test_tables_merge_key_by_key(dirs: Dirs, make_app: MakeApp) -> None:
    dirs.write(".kernel/secrets.toml", '[db]\nuser = "global"\npassword = "global-pw"\n', base="home")
    dirs.write(".kernel/secrets.toml", '[db]\nuser = "project"\n[db.pool]\nsize = 5\n')
    assert secrets_of(make_app()).to_dict() == {"db": {"user": "project", "password": "global-pw", "pool": {"size": 5}}}


def test_a_value_replaces_a_table_and_the_other_way_round(dirs: Dirs, make_app: MakeApp) -> None:
    dirs.write(".kernel/secrets.toml", 'a = "scalar"\n[b]\nx = 1\n', base="home")
    dirs.write(".kernel/secrets.toml", 'b = "scalar"\n[a]\ny = 2\n')
    assert secrets_of(make_app()).to_dict() == {"a": {"y": 2}, "b": "scalar"}


def test_streamlit_secrets_file_alone_is_enough(dirs: Dirs, make_app: MakeApp) -> None:
    dirs.write(".streamlit/secrets.toml", 'migrated = "yes"\n')
    assert secrets_of(make_app())["migrated"] == "yes"


def test_script_folder_files_override_the_working_directory(dirs: Dirs, make_app: MakeApp, tmp_path: Path) -> None:
    app_dir = tmp_path / "elsewhere"
    (app_dir / ".kernel").mkdir(parents=True)
    (app_dir / ".kernel" / "secrets.toml").write_text('where = "script folder"\n', encoding="utf-8")
    (app_dir / "app.py").write_text("", encoding="utf-8")
    dirs.write(".kernel/secrets.toml", 'where = "cwd"\ncwd_only = "c"\n')
    secrets = secrets_of(make_app(script=app_dir / "app.py"))
    assert (secrets["where"], secrets["cwd_only"]) == ("script folder", "c")


def test_config_files_option_replaces_the_default_list(dirs: Dirs, make_app: MakeApp) -> None:
    dirs.write(".kernel/secrets.toml", 'default = "ignored"\n')
    dirs.write("conf/one.toml", 'k = "one"\nfirst = "1"\n')
    dirs.write("two.toml", 'k = "two"\n', base="home")
    dirs.write(".kernel/config.toml", '[secrets]\nfiles = ["conf/one.toml", "~/two.toml"]\n')
    secrets = secrets_of(make_app())
    assert secrets.to_dict() == {"k": "two", "first": "1"}
    assert "default" not in secrets


def test_config_files_option_from_the_command_line(dirs: Dirs, make_app: MakeApp) -> None:
    dirs.write("a.toml", 'k = "a"\n')
    dirs.write("b.toml", 'k = "b"\n')
    assert secrets_of(make_app(config={"secrets.files": "b.toml,a.toml"}))["k"] == "a"


def test_env_prefix_is_configurable_and_can_be_turned_off(dirs: Dirs, make_app: MakeApp) -> None:
    environ = {"MYAPP_token": "from-myapp", "KERNEL_SECRET_token": "from-default"}
    assert secrets_of(make_app(environ=environ))["token"] == "from-default"
    assert secrets_of(make_app(environ=environ, config={"secrets.env_prefix": "MYAPP_"}))["token"] == "from-myapp"
    assert "token" not in secrets_of(make_app(environ=environ, config={"secrets.env_prefix": ""}))


def test_env_prefix_does_not_clash_with_the_config_section(dirs: Dirs, make_app: MakeApp) -> None:
    # KERNEL_SECRETS_* belongs to the [secrets] config section, KERNEL_SECRET_* to secrets.
    dirs.write("only.toml", 'k = "v"\n')
    app = make_app(environ={"KERNEL_SECRETS_FILES": '["only.toml"]', "KERNEL_SECRET_extra": "e"})
    assert secrets_of(app).to_dict() == {"k": "v", "extra": "e"}
