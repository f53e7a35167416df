"""Essential plugins: declared by a distribution's metadata, loaded like any plugin, never blocked."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kernel._cli import main
from kernel._errors import EssentialPluginError
from kernel._plugin_manager import ENTRY_POINT_GROUP, ESSENTIAL_ENTRY_POINT_GROUP
from tests.conftest import MakeApp

MODULE = "kernel_must_have_plugin"


@pytest.fixture
def must_have(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """An installed distribution declaring one essential plugin (``must_have``) and one plain one."""
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / f"{MODULE}.py").write_text(
        "from kernel import Command, hookimpl\n\n"
        "@hookimpl\n"
        "def kernel_register_commands(app):\n"
        "    return [Command('must_have_hello', lambda: 'hello', kind='module')]\n"
    )
    (folder / "kernel_optional_plugin.py").write_text("")
    info = folder / "kernel_must_have-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: kernel-must-have\nVersion: 1.0\n\n")
    (info / "entry_points.txt").write_text(
        f"[{ESSENTIAL_ENTRY_POINT_GROUP}]\nmust_have = {MODULE}\n\n"
        f"[{ENTRY_POINT_GROUP}]\noptional = kernel_optional_plugin\n"
    )
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.delitem(sys.modules, MODULE, raising=False)
    yield


@pytest.mark.usefixtures("must_have")
def test_an_essential_plugin_is_loaded_and_reported(make_app: MakeApp) -> None:
    app = make_app()
    assert app.pm.get_plugin("must_have") is not None and app.pm.is_essential("must_have")
    assert not app.pm.is_essential("optional") and not app.pm.is_essential("secrets")
    infos = {i.name: i for i in app.pm.plugin_infos()}
    assert infos["must_have"].essential and infos["must_have"].distribution == "kernel-must-have"
    assert not infos["optional"].essential
    assert app.commands.get("must_have_hello") is not None


@pytest.mark.usefixtures("must_have")
def test_blocking_an_essential_plugin_is_refused_before_anything_is_imported(make_app: MakeApp) -> None:
    with pytest.raises(EssentialPluginError) as info:
        make_app(plugin_args=["no:optional", "no:must_have"])
    message = str(info.value)
    assert message.startswith("plugin 'must_have' cannot be disabled (asked by -p no:must_have): "
                              "distribution kernel-must-have 1.0 declares it essential")
    assert f"(entry-point group {ESSENTIAL_ENTRY_POINT_GROUP}, must_have = {MODULE})" in message
    assert "Remove 'must_have' from -p no:... and from [plugins] disable." in message
    assert MODULE not in sys.modules


@pytest.mark.usefixtures("must_have")
def test_a_plain_plugin_of_the_same_distribution_can_still_be_blocked(make_app: MakeApp) -> None:
    app = make_app(plugin_args=["no:optional"])
    assert app.pm.get_plugin("optional") is None and app.pm.get_plugin("must_have") is not None


@pytest.mark.usefixtures("must_have")
def test_dash_p_loads_an_essential_entry_point_by_name(monkeypatch: pytest.MonkeyPatch, make_app: MakeApp) -> None:
    monkeypatch.setenv("KERNEL_DISABLE_PLUGIN_AUTOLOAD", "1")
    app = make_app(plugin_args=["must_have"])
    assert app.pm.get_plugin("must_have") is not None
    assert {i.name: i.entry_point for i in app.pm.plugin_infos()} == {"must_have": MODULE}


@pytest.mark.usefixtures("must_have")
def test_kernel_plugins_lists_essential_plugins_apart(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    plain, _, essential = out.partition("essential plugins (")
    assert "  optional " in plain and "  must_have " not in plain
    assert re.match(r"\d+ loaded; they cannot be blocked\):", essential)
    for name in ("must_have", "secrets_api"):
        assert f"\n  {name} " in essential.partition("\ncomponents:")[0]
    assert main(["plugins", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {p["name"] for p in data["essential_plugins"]} >= {"must_have", "secrets_api"}
    assert all(p["essential"] for p in data["essential_plugins"])
    assert not any(p["essential"] for p in data["plugins"])


def test_a_blocked_essential_plugin_fails_the_cli_with_the_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-p", "no:secrets_api", "plugins"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: plugin 'secrets_api' cannot be disabled (asked by -p no:secrets_api)")
