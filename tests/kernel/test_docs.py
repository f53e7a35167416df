"""docs/hooks.md documents every hook with its exact signature."""

from __future__ import annotations

import re
from pathlib import Path

from kernel.plugin_manager import KernelPluginManager

DOCS = Path(__file__).resolve().parents[2] / "docs"


def documented_hooks() -> dict[str, str]:
    text = (DOCS / "hooks.md").read_text()
    return {m.group(1): m.group(2) for m in re.finditer(r"^### (kernel_\w+)\((.*)\)$", text, re.M)}


def test_every_hook_is_documented_with_its_signature() -> None:
    documented = documented_hooks()
    pm = KernelPluginManager()
    for name in dir(pm.hook):
        if not name.startswith("kernel_"):
            continue
        spec = getattr(pm.hook, name).spec
        assert name in documented, f"docs/hooks.md has no '### {name}(...)' heading"
        assert documented[name] == ", ".join(spec.argnames), f"signature of {name} drifted"


def test_no_documented_hook_is_gone() -> None:
    pm = KernelPluginManager()
    for name in documented_hooks():
        assert hasattr(pm.hook, name), f"docs/hooks.md documents {name}, which is not a hook"
