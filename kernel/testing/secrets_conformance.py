"""Conformance kit for secret sources (``check_secret_source``) and an in-memory source.

A plugin that contributes a :class:`kernel.contracts.SecretSource` runs this from its
tests against a source set up with known content::

    def test_my_source_conforms(tmp_path):
        check_secret_source(lambda: MySource(tmp_path / "vault.json"), expected={"token": "x"})

Every check raises :class:`AssertionError` with a message saying what is wrong.

:class:`MemorySecretSource` serves secrets from a dict, for tests that need
``st.secrets`` without files (combine it with ``--secrets.files=[]`` and
``--secrets.env_prefix=`` to replace the file and environment lookup).
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import Any

from kernel.contracts import SecretSource

__all__ = ["MemorySecretSource", "check_secret_source"]

_LEAF_TYPES = (str, int, float, bool, datetime.datetime, datetime.date, datetime.time)


class MemorySecretSource:
    """Secrets from a mapping held in memory; edit :attr:`values` and reload to change them."""

    def __init__(self, values: Mapping[str, Any], *, priority: int = 10_000, name: str = "secrets in memory") -> None:
        self.values: dict[str, Any] = copy.deepcopy(dict(values))
        self.priority = priority
        self.name = name

    def load(self) -> Mapping[str, Any]:
        """A deep copy of :attr:`values`."""
        return copy.deepcopy(self.values)

    def watch_paths(self) -> Sequence[Path]:
        """Nothing: memory has no files."""
        return []


def _check_value(value: Any, where: str) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            assert isinstance(key, str), f"{where}: key {key!r} is a {type(key).__name__}, keys must be str"
            _check_value(item, f"{where}.{key}" if where else key)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _check_value(item, f"{where}[{i}]")
    else:
        assert isinstance(value, _LEAF_TYPES), (
            f"{where}: a {type(value).__name__}; secret values must be TOML-like "
            "(str, int, float, bool, date/time, lists and tables)"
        )


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def check_secret_source(
    make_source: Callable[[], SecretSource],
    *,
    expected: Mapping[str, Any] | None = None,
) -> None:
    """Check that the sources ``make_source()`` returns follow the SecretSource contract.

    :param make_source: makes a new source reading the same content each time.
    :param expected: if given, what :meth:`~kernel.contracts.SecretSource.load` must return.
    """
    source = make_source()
    label = f"{type(source).__name__} {getattr(source, 'name', '?')!r}"
    assert isinstance(source, SecretSource), (
        f"{type(source).__name__} is not a SecretSource: it needs name, priority, load() and watch_paths()"
    )
    assert isinstance(source.name, str) and source.name, f"{label}: name must be a non-empty str"
    assert isinstance(source.priority, int) and not isinstance(source.priority, bool), (
        f"{label}: priority must be an int, got {type(source.priority).__name__}"
    )

    paths = source.watch_paths()
    assert isinstance(paths, Sequence) and not isinstance(paths, str), (
        f"{label}: watch_paths() must return a sequence of Path, got {type(paths).__name__}"
    )
    for path in paths:
        assert isinstance(path, Path), f"{label}: watch_paths() holds {path!r}, not a pathlib.Path"

    first = source.load()
    assert isinstance(first, Mapping), f"{label}: load() must return a Mapping, got {type(first).__name__}"
    _check_value(first, "")
    snapshot = _plain(first)
    if expected is not None:
        assert snapshot == _plain(expected), f"{label}: load() returned other keys or values than expected"

    if isinstance(first, MutableMapping):
        first.clear()  # the caller owns what load() returns
    again = source.load()
    assert _plain(again) == snapshot, (
        f"{label}: a second load() returned something else; load() must return a fresh mapping "
        "and read the same content the same way"
    )

    other = make_source()
    assert _plain(other.load()) == snapshot, f"{label}: a second source from make_source() loaded something else"
    assert other.priority == source.priority, f"{label}: priority changed between two sources made alike"
