"""The kernel knows none of its plugins, and no core plugin imports another."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def kernel_modules() -> list[str]:
    modules = []
    for path in sorted((ROOT / "kernel").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        modules.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return modules


def test_importing_every_kernel_module_pulls_in_no_plugin() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {kernel_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('kernel_plugins', 'kernel_contrib'))\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-W", "error", "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def imports_of(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_kernel_source_never_imports_plugins_or_contrib() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / "kernel").rglob("*.py")
        for name in imports_of(path)
        if name.split(".")[0] in ("kernel_plugins", "kernel_contrib")
    ]
    assert offenders == []


@pytest.mark.parametrize("plugin", sorted(p.name for p in (ROOT / "plugins").iterdir() if p.is_dir()
                                          and (p / "__init__.py").exists()))
def test_core_plugin_imports_no_other_core_plugin(plugin: str) -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / "plugins" / plugin).rglob("*.py")
        for name in imports_of(path)
        if name.split(".")[0] == "kernel_plugins" and name.split(".")[:2] != ["kernel_plugins", plugin]
    ]
    assert offenders == []


def test_import_kernel_st_stays_light() -> None:
    code = (
        "import sys\nimport kernel.st\n"
        "heavy = sorted(m for m in ('pandas', 'numpy', 'pyarrow', 'markdown_it', 'pygments') if m in sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


FEATURE_WORDS = re.compile(r"\b(widgets?|fragments?|pages?|forms?|cach(e|es|ed|ing)|secrets?)\b", re.I)
"""Words of features the kernel must not know (it may name them only in its contracts,
where the public API for plugin authors lives, and in its test kit)."""


def test_kernel_outside_contracts_and_testing_names_no_feature() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "kernel").rglob("*.py"))
        if path.relative_to(ROOT).parts[1] not in ("contracts", "testing")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if FEATURE_WORDS.search(line)
    ]
    assert offenders == []


PUBLIC_KERNEL_MODULES = {"kernel", "kernel.st", "kernel.context", "kernel.runs", "kernel.elements",
                         "kernel.contracts", "kernel.testing"}
"""What plugins may import: ``kernel`` and these namespaces (with their submodules for
``kernel.contracts`` and ``kernel.testing``); everything else in kernel/ is private."""


@pytest.mark.parametrize("folder", ["plugins", "contrib"])
def test_plugins_import_only_the_public_kernel_namespace(folder: str) -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / folder).rglob("*.py")
        if "build" not in path.parts
        for name in imports_of(path)
        if name.split(".")[0] == "kernel" and name not in PUBLIC_KERNEL_MODULES
        and not name.startswith(("kernel.contracts.", "kernel.testing."))
    ]
    assert offenders == []
