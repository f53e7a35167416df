"""Find the installed plugins: the entry points of every distribution, by group.

``importlib.metadata`` answers this too, but importing it (it brings ``email``, ``csv``
and ``zipfile``) and scanning with it takes ~15 ms of every ``kernel run``; reading each
distribution's ``entry_points.txt`` ourselves takes ~1 ms. Anything on ``sys.path`` this
reader does not handle (a zip archive) hands the whole question to ``importlib.metadata``,
so the answer is the same either way.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Collection, Iterator, Sequence
from typing import Any

import attrs

__all__ = ["PluginEntryPoint", "entry_point_groups", "entry_points"]

_INFO_SUFFIXES = (".dist-info", ".egg-info")
"""What a distribution's metadata folder is called (any case), as importlib.metadata sees it."""


@attrs.frozen
class PluginEntryPoint:
    """One entry point: ``name = value`` in a distribution's group section."""

    name: str
    value: str
    """``"package.module"`` or ``"package.module:attribute"`` (extras such as ``[cli]`` removed)."""
    info_folder: str | None = None
    """The distribution's ``.dist-info`` (or ``.egg-info``) folder, read only when asked about it."""
    known: tuple[str, str | None] | None = attrs.field(default=None, repr=False)
    """Name and version when they are already known (found through ``importlib.metadata``)."""

    @property
    def distribution(self) -> str | None:
        """The distribution's name, as its metadata spells it (``None`` if unknown)."""
        return self._name_and_version()[0]

    @property
    def version(self) -> str | None:
        """The distribution's version (``None`` if unknown)."""
        return self._name_and_version()[1]

    def _name_and_version(self) -> tuple[str | None, str | None]:
        if self.known is not None:
            return self.known
        if self.info_folder is None:
            return None, None
        return _name_and_version(self.info_folder)

    def load(self) -> Any:
        """Import the module and return the attribute (or the module)."""
        module_name, _, attribute = self.value.partition(":")
        found: Any = importlib.import_module(module_name.strip())
        for part in filter(None, attribute.strip().split(".")):
            found = getattr(found, part)
        return found

    @property
    def origin(self) -> str:
        """Where it came from, for error messages: ``distribution NAME VERSION``."""
        if self.distribution is None:
            return "an unknown distribution"
        return f"distribution {self.distribution} {self.version or ''}".rstrip()


def entry_points(group: str, name: str | None = None) -> list[PluginEntryPoint]:
    """The entry points of ``group`` (only those called ``name`` if given), in ``sys.path`` order.

    Like ``importlib.metadata``, a distribution found twice counts once: the first one
    on ``sys.path`` wins.
    """
    return [ep for ep in entry_point_groups((group,))[group] if name is None or ep.name == name]


def entry_point_groups(groups: Sequence[str]) -> dict[str, list[PluginEntryPoint]]:
    """The entry points of each of ``groups``, reading every distribution's metadata once."""
    found = _read_path_entries(groups)
    if found is None:
        found = {group: _from_importlib_metadata(group) for group in groups}
    return found


def _read_path_entries(groups: Sequence[str]) -> dict[str, list[PluginEntryPoint]] | None:
    out: dict[str, list[PluginEntryPoint]] = {group: [] for group in groups}
    seen: set[str] = set()
    for entry in sys.path:
        folder = entry or os.getcwd()
        try:
            names = sorted(os.listdir(folder))
        except NotADirectoryError:
            return None  # a zip archive on sys.path: importlib.metadata knows how to read it
        except OSError:
            continue  # missing folders are common on sys.path (python311.zip, ...)
        base = os.path.basename(folder).lower()
        for folder_name in names:
            low = folder_name.lower()
            if low.endswith(_INFO_SUFFIXES):
                # "name-version[-pyX.Y[-platform]].dist-info": the name is up to the first dash.
                key = _normalise(low.rpartition(".")[0].partition("-")[0])
            elif low == "egg-info" and base.endswith(".egg"):
                key = _normalise(base.rpartition(".")[0].partition("-")[0])  # an unzipped .egg
            else:
                continue
            if key in seen:
                continue
            seen.add(key)
            info = os.path.join(folder, folder_name)
            try:
                with open(os.path.join(info, "entry_points.txt"), encoding="utf-8") as f:
                    text = f.read()
            except OSError:
                continue
            for group, name, value in _parse(text, out.keys()):
                out[group].append(PluginEntryPoint(name, value, info))
    return out


def _parse(text: str, groups: Collection[str]) -> Iterator[tuple[str, str, str]]:
    """``(group, name, value)`` triples of the sections ``groups`` of an ``entry_points.txt``."""
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        if section is None or section not in groups or "=" not in line:
            continue
        key, _, value = line.partition("=")
        value = value.split("[", 1)[0].strip()  # "module:attr [extra]" -> "module:attr"
        yield section, key.strip(), value


def _name_and_version(info: str) -> tuple[str, str | None]:
    """The distribution's name and version from its METADATA (PKG-INFO), else from the folder name."""
    for file in ("METADATA", "PKG-INFO"):
        try:
            with open(os.path.join(info, file), encoding="utf-8", errors="replace") as f:
                name = version = None
                for line in f:
                    if not line.strip():
                        break  # the headers end at the first blank line
                    if line.startswith("Name:"):
                        name = line[5:].strip()
                    elif line.startswith("Version:"):
                        version = line[8:].strip()
                if name:
                    return name, version
        except OSError:
            continue
    stem = os.path.basename(info)
    if stem.lower() == "egg-info":  # an unzipped .egg: its folder is named after the distribution
        stem = os.path.basename(os.path.dirname(info))
    parts = stem.rpartition(".")[0].split("-")
    return parts[0], (parts[1] if len(parts) > 1 else None)


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _from_importlib_metadata(group: str) -> list[PluginEntryPoint]:
    import importlib.metadata

    out = []
    for ep in importlib.metadata.entry_points(group=group):
        dist = ep.dist
        known: tuple[str, str | None] | None = (dist.metadata["name"], dist.version) if dist is not None else None
        out.append(PluginEntryPoint(ep.name, ep.value, known=known))
    return out
