"""Config precedence, provenance, and the errors and warnings a user sees."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from kernel import ConfigError, ConfigSection, ConfigWarning, hookimpl
from kernel._config import build_config, option_name, read_layers
from tests.conftest import MakeApp


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@attrs.define
class DemoConfig:
    """A section contributed by a test plugin."""

    level: int = 1
    name: str = "default"
    ratio: float = 0.5
    enabled: bool = False
    tags: list[str] = attrs.field(factory=list)
    run_on_save: bool = False
    folder: Path | None = None


class DemoPlugin:
    @hookimpl
    def kernel_register_config_sections(self) -> list[ConfigSection]:
        return [ConfigSection("demo", DemoConfig)]


@pytest.fixture
def demo_app(make_app: MakeApp) -> MakeApp:
    def make(**kwargs: object) -> object:
        return make_app(plugins=[(DemoPlugin(), "demo")], **kwargs)

    return make


def test_defaults_and_their_source(demo_app: MakeApp) -> None:
    app = demo_app()
    assert app.config.demo == DemoConfig()
    assert app.config.source("demo", "level") == "default"
    assert app.config["server"].port == 8501
    assert app.config.sections["demo"].name == "default"


def test_precedence_lowest_first(demo_app: MakeApp, project: Path, home: Path) -> None:
    write(home / ".kernel" / "config.toml", '[demo]\nlevel = 2\nname = "home"\nratio = 1\ntags = ["a"]\n')
    write(project / ".kernel" / "config.toml", '[demo]\nlevel = 3\nname = "project"\n')
    app = demo_app(
        environ={"KERNEL_DEMO_LEVEL": "4", "KERNEL_DEMO_ENABLED": "true"},
        config_options={"demo.level": "5"},
    )
    demo = app.config.demo
    assert (demo.level, demo.name, demo.ratio, demo.enabled, demo.tags) == (5, "project", 1.0, True, ["a"])
    assert app.config.source("demo", "level") == "command line --demo.level"
    assert app.config.source("demo", "enabled") == "environment KERNEL_DEMO_ENABLED"
    assert app.config.source("demo", "name") == str(project / ".kernel" / "config.toml")
    assert app.config.source("demo", "ratio") == str(home / ".kernel" / "config.toml")


def test_camel_case_names_and_text_values(demo_app: MakeApp) -> None:
    app = demo_app(
        config_options={"demo.runOnSave": "true", "demo.tags": "x, y", "demo.name": "42", "demo.folder": "/tmp/f"},
        environ={"KERNEL_DEMO_RATIO": "2.5"},
    )
    assert app.config.demo.run_on_save is True
    assert app.config.demo.tags == ["x", "y"]
    assert app.config.demo.name == "42"
    assert app.config.demo.ratio == 2.5
    assert app.config.demo.folder == Path("/tmp/f")


def test_option_name_normalisation() -> None:
    assert option_name("runOnSave") == "run_on_save"
    assert option_name("max-upload-size") == "max_upload_size"
    assert option_name("port") == "port"


def test_wrong_type_in_a_file_names_file_key_and_type(demo_app: MakeApp, project: Path) -> None:
    path = project / ".kernel" / "config.toml"
    write(path, '[demo]\nlevel = "high"\n')
    with pytest.raises(ConfigError) as info:
        demo_app()
    message = str(info.value)
    assert str(path) in message and "demo.level" in message and "must be of type int" in message
    assert "'high'" in message


def test_wrong_type_from_the_environment(demo_app: MakeApp) -> None:
    with pytest.raises(ConfigError, match="environment KERNEL_DEMO_LEVEL: demo.level must be of type int"):
        demo_app(environ={"KERNEL_DEMO_LEVEL": "lots"})


def test_wrong_type_on_the_command_line(demo_app: MakeApp) -> None:
    with pytest.raises(ConfigError, match="command line --server.port: server.port must be of type int"):
        demo_app(config_options={"server.port": "eighty"})


def test_bool_is_not_an_int(demo_app: MakeApp, project: Path) -> None:
    write(project / ".kernel" / "config.toml", "[demo]\nlevel = true\n")
    with pytest.raises(ConfigError, match="demo.level must be of type int"):
        demo_app()


def test_list_must_be_a_list(demo_app: MakeApp, project: Path) -> None:
    write(project / ".kernel" / "config.toml", '[demo]\ntags = "abc"\n')
    with pytest.raises(ConfigError, match="demo.tags must be of type list"):
        demo_app()


def test_unknown_key_warns_and_lists_the_valid_ones(demo_app: MakeApp, project: Path) -> None:
    write(project / ".kernel" / "config.toml", "[demo]\nlevle = 3\n")
    with pytest.warns(ConfigWarning) as record:
        app = demo_app()
    message = str(record[0].message)
    assert "unknown option 'levle' in [demo]" in message
    assert "valid options: enabled, folder, level, name, ratio, run_on_save, tags" in message
    assert app.config.demo.level == 1


def test_unknown_section_warns(demo_app: MakeApp) -> None:
    with pytest.warns(ConfigWarning, match=r"unknown config section \[nope\]; known sections: .*demo, plugins"):
        demo_app(config_options={"nope.x": "1"})


def test_unknown_option_in_environment_warns(demo_app: MakeApp) -> None:
    with pytest.warns(ConfigWarning, match="environment KERNEL_DEMO_COLOUR: unknown option 'colour'"):
        demo_app(environ={"KERNEL_DEMO_COLOUR": "red"})


def test_unrelated_environment_variables_are_ignored(demo_app: MakeApp) -> None:
    app = demo_app(environ={"KERNEL_VERSION": "6.1", "KERNEL_TRACE_PLUGINS": "", "PATH": "/bin"})
    assert app.config.demo == DemoConfig()


def test_invalid_toml_names_file_line_and_column(demo_app: MakeApp, project: Path) -> None:
    path = project / ".kernel" / "config.toml"
    write(path, "[demo]\nlevel = = 3\n")
    with pytest.raises(ConfigError) as info:
        demo_app()
    assert str(path) in str(info.value) and "line 2" in str(info.value) and "column" in str(info.value)


def test_section_must_be_a_table(demo_app: MakeApp, project: Path) -> None:
    write(project / ".kernel" / "config.toml", "demo = 3\n")
    with pytest.raises(ConfigError, match="'demo' must be a \\[section\\] table"):
        demo_app()


def test_cli_option_without_a_section(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="--section.option=value"):
        read_layers(cwd=tmp_path, home=tmp_path, environ={}, cli_options={"port": "1"}, section_names=[])


def test_items_lists_every_option_with_its_source(demo_app: MakeApp) -> None:
    app = demo_app(config_options={"demo.level": "7"})
    rows = {(s, o): (v, src) for s, o, v, src in app.config.items()}
    assert rows[("demo", "level")] == (7, "command line --demo.level")
    assert rows[("demo", "name")] == ("default", "default")


def test_missing_section_lookup_is_clear(demo_app: MakeApp) -> None:
    app = demo_app()
    with pytest.raises(KeyError, match=r"no config section \[cachee\]; known sections:"):
        app.config["cachee"]


def test_build_config_directly_with_home_equal_cwd(tmp_path: Path) -> None:
    write(tmp_path / ".kernel" / "config.toml", "[demo]\nlevel = 9\n")
    layers = read_layers(cwd=tmp_path, home=tmp_path, environ={}, cli_options={}, section_names=["demo"])
    config = build_config([ConfigSection("demo", DemoConfig)], layers)
    assert config.demo.level == 9
    assert len([layer for layer in layers if layer.source.endswith("config.toml")]) == 1


def test_digits_with_a_leading_zero_from_the_environment_stay_text(demo_app: MakeApp) -> None:
    """"0755" is no TOML integer: a list option gets it as one item, as it always did."""
    app = demo_app(environ={"KERNEL_DEMO_TAGS": "0755", "KERNEL_DEMO_LEVEL": "0"})
    assert app.config.demo.tags == ["0755"]
    assert app.config.demo.level == 0
