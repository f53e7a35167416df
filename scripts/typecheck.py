#!/usr/bin/env python3
"""Strict mypy over kernel/, plugins/ and contrib/ under the names they install as.

The checkout's ``plugins/`` and ``contrib/`` folders import as ``kernel_plugins`` and
``kernel_contrib`` (pyproject.toml, the wheel's ``sources``). mypy names a module after its
folder, so this script checks a tree of links with the installed names, using the options
of pyproject.toml's ``[tool.mypy]``. ``tox -e type`` runs it; extra arguments go to mypy.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINKS = {"kernel": "kernel", "kernel_plugins": "plugins", "kernel_contrib": "contrib"}
"""Name mypy sees -> folder of the checkout."""


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="kernel-typecheck-") as tree:
        for name, folder in LINKS.items():
            (Path(tree) / name).symlink_to(ROOT / folder, target_is_directory=True)
        command = [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), *argv]
        return subprocess.run(command, cwd=tree).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
