"""docs/hooks.md documents every hook with its exact signature: the kernel's and those plugins declare."""

from __future__ import annotations

import re
from pathlib import Path

import pluggy

from kernel._plugin_manager import KernelPluginManager
from tests.conftest import MakeApp

DOCS = Path(__file__).resolve().parents[2] / "docs"
ROOT = DOCS.parent
FOLDERS = {"kernel_plugins": "plugins", "kernel_contrib": "contrib"}
"""Installed package -> its folder in the checkout (pyproject.toml, the wheel's ``sources``)."""
PLUGIN_SECTION = "\n## Hooks declared by plugins\n"


def documented_hooks(text: str | None = None) -> dict[str, str]:
    text = (DOCS / "hooks.md").read_text() if text is None else text
    return {m.group(1): m.group(2) for m in re.finditer(r"^### (kernel_\w+)\((.*)\)$", text, re.M)}


def kernel_and_plugin_sections() -> tuple[str, str]:
    text = (DOCS / "hooks.md").read_text()
    assert PLUGIN_SECTION in text, "docs/hooks.md has no '## Hooks declared by plugins' section"
    kernel_part, _, plugin_part = text.partition(PLUGIN_SECTION)
    return kernel_part, plugin_part


def hook_specs(pm: pluggy.PluginManager) -> dict[str, pluggy.HookCaller]:
    """Every hook of ``pm`` that has a specification, by name."""
    callers = {name: getattr(pm.hook, name) for name in dir(pm.hook) if name.startswith("kernel_")}
    return {name: caller for name, caller in callers.items() if caller.spec is not None}


def test_every_hook_is_documented_with_its_signature(make_app: MakeApp) -> None:
    documented = documented_hooks()
    specs = hook_specs(make_app().pm)
    assert set(hook_specs(KernelPluginManager())) <= set(specs)
    for name, caller in specs.items():
        spec = caller.spec
        assert spec is not None
        assert name in documented, f"docs/hooks.md has no '### {name}(...)' heading"
        assert documented[name] == ", ".join(spec.argnames), f"signature of {name} drifted"


def test_no_documented_hook_is_gone(make_app: MakeApp) -> None:
    specs = hook_specs(make_app().pm)
    for name in documented_hooks():
        assert name in specs, f"docs/hooks.md documents {name}, which is not a hook"


def test_kernel_hooks_and_plugin_hooks_are_documented_in_their_sections(make_app: MakeApp) -> None:
    kernel_part, plugin_part = kernel_and_plugin_sections()
    kernel_specs = hook_specs(KernelPluginManager())
    plugin_specs = {n: c for n, c in hook_specs(make_app().pm).items() if n not in kernel_specs}
    assert set(documented_hooks(kernel_part)) == set(kernel_specs)
    assert set(documented_hooks(plugin_part)) == set(plugin_specs)
    assert {"kernel_secrets_changed", "kernel_cache_stats_updated"} <= set(plugin_specs)
    entries = re.split(r"^### ", plugin_part, flags=re.M)[1:]
    for name, caller in plugin_specs.items():
        assert caller.spec is not None
        top, *rest = caller.spec.namespace.__name__.split(".")
        path = Path(FOLDERS.get(top, top), *rest).with_suffix(".py")
        assert (ROOT / path).is_file(), path
        (entry,) = [e for e in entries if e.startswith(f"{name}(")]
        assert f"(`{path.as_posix()}`)" in entry, f"docs/hooks.md: say that {name} is declared in {path}"
