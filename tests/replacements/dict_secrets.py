"""A replacement ``secrets``: the secret sources merged into nested dicts, read once.

``st.secrets`` itself comes from the essential ``secrets_api`` plugin, which reads
whichever :class:`kernel.contracts.Secrets` the app made, so blocking the core plugin
(``-p no:secrets``) keeps it. The sources are whatever plugins register (the core files
and environment sources are gone with the core plugin; ``AppTest.secrets`` is one) and
one of its own: environment variables ``KERNEL_SECRET_<name>``, flat.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from kernel import hookimpl
from kernel.contracts import SecretKeyError


class DictSecrets:
    """Read-only nested secrets; a section is a :class:`DictSecrets` too."""

    def __init__(self, data: Mapping[str, Any], where: str = "st.secrets") -> None:
        self._data = dict(data)
        self._where = where

    def __getitem__(self, key: str) -> Any:
        if key not in self._data:
            raise SecretKeyError(f"{self._where} has no key {key!r}")
        value = self._data[key]
        return DictSecrets(value, f"{self._where}.{key}") if isinstance(value, Mapping) else value

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError as exc:
            raise AttributeError(str(exc)) from None

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def get(self, key: str, default: Any = None) -> Any:
        """The value under ``key``, or ``default``."""
        return self[key] if key in self._data else default

    def to_dict(self) -> dict[str, Any]:
        """The secrets as plain nested dicts."""
        return {k: v.to_dict() if isinstance(v, DictSecrets) else v for k, v in
                ((k, self[k]) for k in self._data)}

    def redact(self, text: str) -> str:
        """``text`` with every string value replaced by ``***``."""
        for value in _leaves(self._data):
            if isinstance(value, str) and value:
                text = text.replace(value, "***")
        return text

    def reload_if_changed(self) -> bool:
        """Never reloads: the sources are read once."""
        return False

    def __repr__(self) -> str:
        return f"DictSecrets({sorted(self._data)})"


def _leaves(data: Mapping[str, Any]) -> Iterator[Any]:
    for value in data.values():
        if isinstance(value, Mapping):
            yield from _leaves(value)
        else:
            yield value


def _merge(into: dict[str, Any], more: Mapping[str, Any]) -> None:
    for key, value in more.items():
        if isinstance(value, Mapping) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = dict(value) if isinstance(value, Mapping) else value


class EnvSource:
    """``KERNEL_SECRET_<name>`` environment variables, as top-level string secrets."""

    name = "environment KERNEL_SECRET_*"
    priority = 1000
    prefix = "KERNEL_SECRET_"

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._environ = environ

    def load(self) -> Mapping[str, Any]:
        """The variables with the prefix, without it."""
        return {k[len(self.prefix):]: v for k, v in self._environ.items() if k.startswith(self.prefix)}

    def watch_paths(self) -> Sequence[Path]:
        """Nothing to watch."""
        return []


@hookimpl
def kernel_register_secret_sources(app: Any) -> list[EnvSource]:
    """The environment, read when the secrets are made."""
    return [EnvSource(os.environ if app.options.environ is None else app.options.environ)]


@hookimpl
def kernel_make_secrets(app: Any) -> DictSecrets:
    """The app's sources, merged by priority (higher wins, key by key)."""
    merged: dict[str, Any] = {}
    sources = [source for _, source in app.collect("kernel_register_secret_sources")]
    for source in sorted(sources, key=lambda s: s.priority):
        _merge(merged, source.load())
    return DictSecrets(merged)
