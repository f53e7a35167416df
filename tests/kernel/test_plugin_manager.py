"""Loading, blocking and failing plugins, the way a user meets them."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from kernel import Command, CommandClashError, PluginLoadError, hookimpl
from kernel._errors import ComponentDisabledError, MissingComponentError, UnknownCommandError
from kernel._plugin_manager import COMPONENTS, ENTRY_POINT_GROUP, KernelPluginManager
from tests.conftest import MakeApp


def test_core_plugins_load_from_entry_points(make_app: MakeApp) -> None:
    app = make_app()
    infos = {i.name: i for i in app.pm.plugin_infos()}
    assert set(COMPONENTS) <= set(infos)
    for name in COMPONENTS:
        assert infos[name].entry_point == f"kernel_plugins.{name}"
        assert infos[name].distribution == "kernel"
        assert app.pm.providers(name)[-1] == name, "a core plugin is the fallback provider"


def test_block_with_dash_p_never_imports_the_plugin(make_app: MakeApp, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "kernel_plugins.caching", raising=False)
    app = make_app(plugin_args=["no:caching"])
    assert app.pm.get_plugin("caching") is None
    assert app.pm.block_reason("caching") == "-p no:caching"
    assert "kernel_plugins.caching" not in sys.modules
    assert app.pm.providers("caching") == ["cache_redis"]


def test_block_from_config_file(make_app: MakeApp, project: object) -> None:
    from pathlib import Path

    cfg = Path(str(project)) / ".kernel" / "config.toml"
    cfg.parent.mkdir()
    cfg.write_text('[plugins]\ndisable = ["secrets"]\n')
    app = make_app()
    assert app.pm.get_plugin("secrets") is None
    assert app.pm.block_reason("secrets") == "config [plugins] disable"


def test_block_from_environment(make_app: MakeApp) -> None:
    app = make_app(environ={"KERNEL_PLUGINS_DISABLE": '["secrets", "caching"]'})
    assert app.pm.blocked_names() == ["caching", "secrets"]


def test_disabled_feature_explains_itself(make_app: MakeApp) -> None:
    app = make_app(plugin_args=["no:caching"])
    error = app.missing_command("cache_data")
    assert isinstance(error, ComponentDisabledError)
    assert "'caching' plugin" in str(error) and "-p no:caching" in str(error)


def test_st_facade_raises_the_disabled_error(make_app: MakeApp) -> None:
    from kernel import _app as app_module
    from kernel import st

    app = make_app(plugin_args=["no:caching"])
    app_module.activate(app)
    try:
        with pytest.raises(ComponentDisabledError, match="caching"):
            st.cache_data  # noqa: B018
        with pytest.raises(UnknownCommandError, match="Did you mean: st.title"):
            st.titel  # noqa: B018
    finally:
        app_module.activate(None)


def test_missing_component_names_it_and_the_block(make_app: MakeApp) -> None:
    app = make_app(plugin_args=["no:script_runner"])
    with pytest.raises(MissingComponentError) as info:
        app.make("script_runner", session=None)
    assert "no plugin provides script_runner — is it disabled?" in str(info.value)
    assert "-p no:script_runner" in str(info.value)


def test_extra_plugin_module_with_dash_p(make_app: MakeApp, monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("kernel_extra_for_test")

    @hookimpl
    def kernel_register_commands(app: object) -> list[Command]:
        return [Command("extra_hello", lambda: "hi", kind="module")]

    module.kernel_register_commands = kernel_register_commands  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kernel_extra_for_test", module)
    app = make_app(plugin_args=["kernel_extra_for_test"])
    command = app.commands.get("extra_hello")
    assert command is not None and command.plugin == "kernel_extra_for_test"


def test_dash_p_unblocks_and_loads_an_entry_point_by_name(make_app: MakeApp) -> None:
    app = make_app(plugin_args=["no:caching", "caching"])
    assert app.pm.get_plugin("caching") is not None


def test_extra_plugin_that_does_not_exist(make_app: MakeApp) -> None:
    with pytest.raises(PluginLoadError, match=r"plugin 'no_such_module_xyz' \(from -p no_such_module_xyz\) failed "
                                              r"to import: ModuleNotFoundError"):
        make_app(plugin_args=["no_such_module_xyz"])


@pytest.fixture
def broken_entry_point(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """An installed distribution (a dist-info folder on sys.path) whose kernel.plugins
    entry point names a module that raises on import."""
    folder = tmp_path / "broken_src"
    folder.mkdir()
    (folder / "kernel_broken_plugin.py").write_text("raise RuntimeError('boom at import')\n")
    info = folder / "kernel_broken-0.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: kernel-broken\nVersion: 0.3\n\nA broken plugin.\n")
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\nbroken = kernel_broken_plugin\n")
    monkeypatch.syspath_prepend(str(folder))
    yield


@pytest.mark.usefixtures("broken_entry_point")
def test_broken_entry_point_names_plugin_entry_point_and_exception(make_app: MakeApp) -> None:
    with pytest.raises(PluginLoadError) as info:
        make_app()
    message = str(info.value)
    assert "plugin 'broken'" in message
    assert "from distribution kernel-broken 0.3" in message
    assert "entry point kernel_broken_plugin" in message
    assert "RuntimeError: boom at import" in message
    assert isinstance(info.value.__cause__, RuntimeError)


@pytest.mark.usefixtures("broken_entry_point")
def test_broken_entry_point_can_be_blocked(make_app: MakeApp) -> None:
    app = make_app(plugin_args=["no:broken"])
    assert app.pm.get_plugin("broken") is None


def test_two_plugins_claiming_one_command(make_app: MakeApp) -> None:
    class Clash:
        @hookimpl
        def kernel_register_commands(self) -> list[Command]:
            return [Command("title", lambda dg: dg)]

    with pytest.raises(CommandClashError) as info:
        make_app(plugins=[(Clash(), "clashing")])
    assert "st.title" in str(info.value)
    assert "'elements_text'" in str(info.value) and "'clashing'" in str(info.value)


def test_misspelt_hook_is_an_error_naming_the_plugin(make_app: MakeApp) -> None:
    class Typo:
        @hookimpl
        def kernel_make_runtim(self) -> None:
            return None

    with pytest.raises(PluginLoadError, match="kernel_make_runtim"):
        make_app(plugins=[(Typo(), "typo")])


def test_invalid_hook_signature_is_an_error_naming_the_plugin() -> None:
    class Wrong:
        @hookimpl
        def kernel_make_runtime(self, app: object, nonsense: object) -> None:
            return None

    pm = KernelPluginManager()
    with pytest.raises(PluginLoadError, match="(?s)'wrong'.*nonsense"):
        pm.register_plugin(Wrong(), "wrong")


def test_autoload_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KERNEL_DISABLE_PLUGIN_AUTOLOAD", "1")
    pm = KernelPluginManager()
    pm.load_entrypoint_plugins()
    assert pm.list_name_plugin() == []


def test_trace_plugins_prints_hook_calls(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                         make_app: MakeApp) -> None:
    monkeypatch.setenv("KERNEL_TRACE_PLUGINS", "1")
    make_app()
    err = capsys.readouterr().err
    assert "[kernel trace] kernel_register_commands from caching" in err
    assert "[kernel trace] kernel_configured" in err


def test_hookimpls_of_module_plugins_are_read_as_pluggy_reads_them(make_app: MakeApp) -> None:
    # The manager reads a module plugin's functions from its __dict__ (start-up cost);
    # every name of every loaded module must give what pluggy's own lookup gives.
    import pluggy

    from kernel.contracts import hookspecs

    app = make_app()
    modules = [plugin for _, plugin in app.pm.list_name_plugin() if isinstance(plugin, types.ModuleType)]
    spec_modules = [hookspecs, *(sys.modules[m] for m in sys.modules if m.endswith(".hookspecs"))]
    assert len(modules) > 10 and len(spec_modules) > 2
    impls = specs = 0
    for module in {*modules, *spec_modules}:
        for name in dir(module):
            impl = app.pm.parse_hookimpl_opts(module, name)
            assert impl == pluggy.PluginManager.parse_hookimpl_opts(app.pm, module, name), (module, name)
            spec = app.pm.parse_hookspec_opts(module, name)
            assert spec == pluggy.PluginManager.parse_hookspec_opts(app.pm, module, name), (module, name)
            impls += impl is not None
            specs += spec is not None
    assert impls >= len(modules) and specs > 20


def test_module_plugin_with_wrapped_and_foreign_attributes() -> None:
    # A module plugin holding a staticmethod, a bound method, a marked non-function and a
    # lazy module __getattr__: only real hookimpls count, and nothing is evaluated.
    module = types.ModuleType("oddplugin")

    class Holder:
        @hookimpl
        def kernel_register_commands(self, app: object) -> list[object]:
            return []

    def lazy(name: str) -> object:
        raise AssertionError(f"module __getattr__ called for {name}")

    @hookimpl
    def kernel_configured(app: object) -> None:
        return None

    not_a_function = types.SimpleNamespace(kernel_impl={"tryfirst": False})
    module.__dict__.update(
        kernel_configured=kernel_configured,
        kernel_register_commands=Holder().kernel_register_commands,
        kernel_startup=not_a_function,
        __getattr__=lazy,
    )
    pm = KernelPluginManager()
    pm.register_plugin(module, "oddplugin")
    assert {h.name for h in pm.get_hookcallers(module) or ()} == {"kernel_configured", "kernel_register_commands"}
