"""Editable installs: the checkout's ``plugins/`` and ``contrib/`` folders import as ``kernel_plugins``
and ``kernel_contrib``, as they do from the wheel.

The wheel renames the two folders with the ``sources`` option (pyproject.toml). Hatchling's own
editable mode cannot follow a rename, only the removal of a prefix (``src/``), so for
``pip install -e .`` this hook adds a ``.pth`` file and a small import finder that map each
renamed name onto its folder; ``dev-mode-dirs`` keeps the checkout on ``sys.path`` for ``kernel/``.
(The ``editables`` library does the same, but importing it costs every interpreter start in the
environment tens of milliseconds; this finder imports nothing until a mapped name is imported.)
Normal wheel builds are left alone.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

FINDER = '''\
"""Written by kernel's hatch_build.py for an editable install: {names} import from the checkout."""

import sys

FOLDERS = {folders!r}


class RenamedFolderFinder:
    """A sys.meta_path finder: each name in FOLDERS is the package in that folder."""

    def find_spec(self, name, path=None, target=None):
        folder = FOLDERS.get(name) if path is None else None
        if folder is None:
            return None
        from importlib.util import spec_from_file_location

        init = f"{{folder}}/__init__.py"
        return spec_from_file_location(name, init, submodule_search_locations=[folder])


if not any(type(finder).__name__ == "RenamedFolderFinder" for finder in sys.meta_path):
    sys.meta_path.append(RenamedFolderFinder())
'''


class RenamedFoldersForEditables(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version != "editable":
            return
        folders = {}
        for folder, name in self.build_config.sources.items():
            folder, name = folder.rstrip(os.sep), name.rstrip(os.sep)
            if folder and name and folder != name and os.sep not in folder + name:
                folders[name] = os.path.join(self.root, folder)
        if not folders:
            return
        module = f"_{self.metadata.core.name.replace('-', '_')}_renamed_folders"
        self._files = tempfile.mkdtemp(prefix="kernel-editable-")
        files = {
            f"{module}.py": FINDER.format(names=" and ".join(sorted(folders)), folders=folders),
            f"{module}.pth": f"import {module}\n",
        }
        for file_name, content in files.items():
            with open(os.path.join(self._files, file_name), "w", encoding="utf-8") as out:
                out.write(content)
            build_data["force_include_editable"][os.path.join(self._files, file_name)] = file_name

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if version == "editable" and hasattr(self, "_files"):
            shutil.rmtree(self._files, ignore_errors=True)
