#!/usr/bin/env python3
"""Install the checkout's ``plugins/`` and ``contrib/`` folders as ``kernel_plugins`` and ``kernel_contrib``.

Issue 16, "Installed names that cannot collide". The folders keep their names; what changes is
the name Python imports them by. This script rewrites every reference in one go, so that it can
run on whatever main is at the time (it reads the tree, it has no list of files):

* dotted references ``plugins.<child>`` / ``contrib.<child>`` (``<child>`` one of the folder's
  current subpackages or modules, or an f-string ``{``; also a regex's ``plugins\\.``) in every
  tracked or new text file:
  imports, ``lazy_exports`` targets, ``Command(..., "plugins.x:attr")``, entry points, ``-p``
  arguments, logger names, tests, docs;
* ``import plugins`` / ``from plugins import ...``;
* the bare strings ``"plugins"`` / ``"contrib"`` on lines that treat them as module names
  (``.split(".")``, ``sys.modules``, ``import_module``, ``__name__``/``__module__``), never next to
  a ``/`` (a path) — ``ConfigSection("plugins")`` and the ``kernel plugins`` command stay;
* pyproject.toml: the wheel's ``sources`` rename, ``dev-mode-dirs``, the editable-install hook
  ``hatch_build.py`` (committed with this script; inert until pyproject.toml names it), that file
  in the sdist, ruff's ``known-first-party``;
* a guard in each folder's ``__init__.py`` so that a leftover ``import plugins.x`` fails at once
  instead of loading a second copy from the checkout root.

Usage (from anywhere):  python scripts/rename_installed_packages.py [--root DIR] [--dry-run]
Then it re-sorts imports with ``ruff --select I --fix`` and lists lines now too long (E501).
Running it twice changes nothing the second time. It prints what it changed and, for review,
the ``plugins.``/``contrib.`` spellings it left alone (file names such as ``docs/plugins.md``) and
lines that turn a module name into a checkout path (those need the folder, not the import name).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

NAMES = {"plugins": "kernel_plugins", "contrib": "kernel_contrib"}
"""Folder in the checkout -> the top-level name it installs as."""

MODULE_CONTEXT = re.compile(r"""\.split\(\s*["']\.["']|sys\.modules|import_module|__name__|__module__|__package__""")

GUARD = '''\
if __name__ != "{name}":  # a checkout also has this folder on sys.path: never load a second copy
    raise ImportError(f"import {name}, not {{__name__}}: the folder installs as {name}")
'''


WHEEL_CONFIG = '''\
# The folders plugins/ and contrib/ install as kernel_plugins and kernel_contrib (issue 16): names
# of this distribution's own, where a top-level "plugins" would overwrite any other one's.
packages = ["kernel", "plugins", "contrib"]
sources = {"plugins" = "kernel_plugins", "contrib" = "kernel_contrib"}
# Editable installs: the checkout on sys.path for kernel/; hatch_build.py maps the two renamed names.
dev-mode-dirs = ["."]

[tool.hatch.build.targets.wheel.hooks.custom]
'''


def tracked_files(root: Path) -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         cwd=root, check=True, capture_output=True).stdout.decode()
    return sorted({root / p for p in out.split("\0") if p and (root / p).is_file()})


def children(folder: Path) -> set[str]:
    """The importable names directly inside ``folder`` (subpackages, namespace folders, modules)."""
    found = set()
    for child in folder.iterdir():
        name = child.stem if child.suffix == ".py" else child.name
        if name.isidentifier() and name != "__init__" and (child.is_dir() or child.suffix == ".py"):
            found.add(name)
    return found


def read_text(path: Path) -> str | None:
    data = path.read_bytes()
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def rewrite_text(text: str, is_python: bool, dotted: dict[str, re.Pattern[str]]) -> tuple[str, int]:
    count = 0

    def sub(pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str], s: str) -> str:
        nonlocal count
        s, n = pattern.subn(repl, s)
        count += n
        return s

    for folder, pattern in dotted.items():
        text = sub(pattern, NAMES[folder], text)
    folders = "|".join(NAMES)
    # import plugins / from plugins import x / import contrib as c (Python and code blocks in docs)
    text = sub(re.compile(rf"(?m)^(\s*(?:from|import)\s+)({folders})(?=\s|,|$)"),
               lambda m: m.group(1) + NAMES[m.group(2)], text)
    if is_python:
        bare = re.compile(rf"""(?<!/ )(?<!/)(["'])({folders})\1(?!\s*/)""")
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if MODULE_CONTEXT.search(line):
                lines[i] = sub(bare, lambda m: m.group(1) + NAMES[m.group(2)] + m.group(1), line)
        text = "\n".join(lines)
    return text, count


def patch_pyproject(text: str) -> str:
    if 'sources = {"plugins" = "kernel_plugins"' in text:
        return text  # already done
    wheel = re.compile(r'(?m)^\[tool\.hatch\.build\.targets\.wheel\]\n((?:(?!\[).*\n)*?)^packages = \[[^\]]*\]\n')
    match = wheel.search(text)
    if not match or "sources" in match.group(1) or "dev-mode" in match.group(1):
        sys.exit("pyproject.toml: [tool.hatch.build.targets.wheel] is not the expected `packages = [...]`; "
                 "add the sources/dev-mode-dirs/hook lines by hand (see WHEEL_CONFIG in this script)")
    packages = match.group(0).rsplit("packages = ", 1)[1]
    for folder in NAMES:
        if f'"{folder}"' not in packages:
            sys.exit(f"pyproject.toml: the wheel's packages do not list {folder!r}")
    config = WHEEL_CONFIG.replace('packages = ["kernel", "plugins", "contrib"]\n', "packages = " + packages)
    text = text[: match.start()] + "[tool.hatch.build.targets.wheel]\n" + match.group(1) + config + text[match.end():]
    # the sdist must carry the hook, or building the wheel from the sdist fails
    text, n = re.subn(r'(?m)^(\[tool\.hatch\.build\.targets\.sdist\]\ninclude = \[)', r'\1"hatch_build.py", ', text)
    if n != 1:
        sys.exit("pyproject.toml: no [tool.hatch.build.targets.sdist] include list to add hatch_build.py to")

    def first_party(m: re.Match[str]) -> str:
        return re.sub(r'"(plugins|contrib)"', lambda q: f'"{NAMES[q.group(1)]}"', m.group(0))

    return re.sub(r"(?m)^known-first-party = \[.*\]$", first_party, text)


def add_guard(init: Path, name: str) -> str | None:
    text = init.read_text()
    if f'if __name__ != "{name}"' in text:
        return None
    guard = GUARD.format(name=name)
    try:
        import ast
        body = ast.parse(text).body
    except SyntaxError:
        body = []
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        lines = text.split("\n")
        end = body[0].end_lineno or 0
        return "\n".join(lines[:end]) + "\n\n" + guard + "\n".join(lines[end:])
    doc = f'"""The checkout folder ``{init.parent.name}/``, installed as ``{name}``."""\n\n'
    return doc + guard + (("\n" + text) if text.strip() else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    me = Path(__file__).resolve()

    known = {folder: children(root / folder) for folder in NAMES}
    # "plugins." (or a regex's "plugins\.") followed by one of the folder's own children or an
    # f-string's "{"; not "kernel.plugins" (the entry-point group), "_plugins/", "plugins.md", "plugins.zip"
    dotted = {
        folder: re.compile(rf"(?<![\w.\-/\\]){folder}(?=\\?\.(?:(?:{'|'.join(sorted(known[folder]))})\b|\{{))")
        for folder in NAMES
    }
    changes: dict[Path, str] = {}
    report: list[str] = []
    for path in tracked_files(root):
        if path.resolve() == me or path.name == "hatch_build.py":
            continue
        text = read_text(path)
        if text is None:
            continue
        new, count = rewrite_text(text, path.suffix == ".py", dotted)
        if path == root / "pyproject.toml":
            new = patch_pyproject(new)
        if new != text:
            changes[path] = new
            report.append(f"{count:4d}  {path.relative_to(root)}")
    if not (root / "hatch_build.py").exists():
        sys.exit("hatch_build.py (the editable-install hook pyproject.toml now names) is missing: "
                 "it comes in the same commit as this script")
    for folder, name in NAMES.items():
        init = root / folder / "__init__.py"
        current = changes.get(init, init.read_text())
        guarded = add_guard(init, name) if init.read_text() == current else None
        if guarded is not None:
            changes[init] = guarded
            report.append(f"guard {init.relative_to(root)}")

    print("\n".join(report) or "nothing to change")
    leftover = re.compile(rf"(?<![\w.\-/\\])({'|'.join(NAMES)})\\?\.[A-Za-z_{{]\w*")
    seen = set()
    for path in tracked_files(root):
        text = changes.get(path) or read_text(path) or ""
        for m in leftover.finditer(text):
            key = (path.relative_to(root), m.group(0))
            if key not in seen and path.resolve() != me:
                seen.add(key)
    if seen:
        print("\nleft as they are (file names, prose; check):")
        for rel, spelled in sorted(seen):
            print(f"      {rel}: {spelled}")
    # code that turns a module name into a file of the checkout now finds kernel_plugins/..., a
    # folder that does not exist (tests/kernel/test_docs.py did): list it for review
    to_path = re.compile(r"""Path\(\*.*\.split\(\s*["']\.["']|\.replace\(\s*["']\.["']\s*,\s*(["']/["']|os\.sep)""")
    suspects = [f"      {path.relative_to(root)}:{n}: {line.strip()}"
                for path in tracked_files(root) if path.suffix == ".py" and path.resolve() != me
                for n, line in enumerate((changes.get(path) or read_text(path) or "").split("\n"), 1)
                if to_path.search(line)]
    if suspects:
        print("\nmodule name -> checkout path (the folders keep their names; map kernel_plugins to plugins/):")
        print("\n".join(suspects))
    if not args.dry_run:
        for path, text in changes.items():
            path.write_text(text)
        tidy([str(p) for p in changes if p.suffix == ".py"], root)
    return 0


def tidy(files: list[str], root: Path) -> None:
    """Re-sort the imports ruff's isort rule now orders differently; list the lines now too long."""
    if not files:
        return
    for ruff in ([sys.executable, "-m", "ruff"], ["ruff"]):
        try:
            subprocess.run([*ruff, "check", "--quiet", "--fix-only", "--select", "I", *files], cwd=root, check=True)
        except (OSError, subprocess.CalledProcessError):
            continue
        long = subprocess.run([*ruff, "check", "--quiet", "--output-format", "concise", "--select", "E501", *files],
                              cwd=root, capture_output=True, text=True).stdout.strip()
        if long:
            print("\nlines now longer than the limit (wrap them by hand):\n" + long)
        return
    print("\nruff not found: run `ruff check --fix --select I` and `ruff check --select E501` on the changed files")


if __name__ == "__main__":
    sys.exit(main())
