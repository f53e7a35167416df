"""kernel_secrets_changed belongs to the secrets plugin: declared by it, gone when it is blocked."""

from __future__ import annotations

import pytest

from kernel import PluginLoadError, hookimpl
from kernel._app import KernelApp
from kernel._plugin_manager import KernelPluginManager
from tests.conftest import MakeApp


class OptionalObserver:
    @hookimpl(optionalhook=True)
    def kernel_secrets_changed(self, app: KernelApp) -> None: ...


class RequiredObserver:
    @hookimpl
    def kernel_secrets_changed(self, app: KernelApp) -> None: ...


def test_the_hook_is_the_plugins_not_the_kernels(make_app: MakeApp) -> None:
    assert not hasattr(KernelPluginManager().hook, "kernel_secrets_changed")
    spec = make_app().pm.hook.kernel_secrets_changed.spec
    assert spec is not None and spec.namespace.__name__ == "kernel_plugins.secrets.hookspecs"


def test_an_optional_observer_works_with_the_plugin_blocked(make_app: MakeApp) -> None:
    app = make_app(plugin_args=["no:secrets"], plugins=[(OptionalObserver(), "observer")])
    assert app.pm.hook.kernel_secrets_changed.spec is None


def test_a_required_observer_names_the_missing_hook_when_the_plugin_is_blocked(make_app: MakeApp) -> None:
    with pytest.raises(PluginLoadError) as info:
        make_app(plugin_args=["no:secrets"], plugins=[(RequiredObserver(), "observer")])
    message = str(info.value)
    assert message.startswith("plugin 'observer' implements kernel_secrets_changed, which is not a hook")
    assert "@hookimpl(optionalhook=True)" in message
    make_app(plugins=[(RequiredObserver(), "observer")])  # fine while the plugin is loaded
