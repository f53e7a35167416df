"""Merged, read-only secrets from the collected sources."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from kernel.contracts import SecretSource


class TomlFileSource:
    """Secrets from one TOML file; missing files contribute nothing."""

    def __init__(self, path: Path, priority: int) -> None:
        self.path = path
        self.name = str(path)
        self.priority = priority

    def load(self) -> Mapping[str, Any]:
        """Parse the file, or return ``{}`` if it does not exist."""
        if not self.path.is_file():
            return {}
        with self.path.open("rb") as f:
            return tomllib.load(f)

    def watch_paths(self) -> Sequence[Path]:
        """The file itself."""
        return [self.path]


def _merge(into: dict[str, Any], new: Mapping[str, Any]) -> None:
    for key, value in new.items():
        if isinstance(value, Mapping) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = dict(value) if isinstance(value, Mapping) else value


class MergedSecrets:
    """Read-only view of the merged sources."""

    def __init__(self, sources: Sequence[SecretSource]) -> None:
        self._sources = sorted(sources, key=lambda s: s.priority)
        self._data: dict[str, Any] = {}
        for source in self._sources:
            _merge(self._data, source.load())

    def __getitem__(self, key: str) -> Any:
        try:
            return self._data[key]
        except KeyError:
            searched = ", ".join(s.name for s in self._sources) or "(no sources)"
            raise KeyError(f"st.secrets has no key {key!r}; searched: {searched}") from None

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def to_dict(self) -> dict[str, Any]:
        """The secrets as plain nested dicts."""
        return dict(self._data)

    def redact(self, text: str) -> str:
        """``text`` with every string secret value replaced by ``***``."""
        def values(d: Mapping[str, Any]) -> Iterator[str]:
            for v in d.values():
                if isinstance(v, Mapping):
                    yield from values(v)
                elif isinstance(v, str) and v:
                    yield v

        for value in sorted(values(self._data), key=len, reverse=True):
            text = text.replace(value, "***")
        return text
