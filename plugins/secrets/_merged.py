"""``st.secrets``: the sources merged by priority, loaded lazily, reloaded on change."""

from __future__ import annotations

import difflib
import os
import threading
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import Any

import attrs

from kernel.context import get_run_context
from kernel.contracts import SecretKeyError, SecretSource, SecretSourceError
from kernel_plugins.secrets._redact import Redactor, leaf_values
from kernel_plugins.secrets._section import ReadOnlySecrets, redacted

__all__ = ["MergedSecrets", "merge_into"]

_Stamp = tuple[str, int, int, int] | tuple[str, None, None, None]


def merge_into(into: dict[str, Any], new: Mapping[str, Any]) -> None:
    """Merge ``new`` over ``into``: tables merge key by key, anything else replaces."""
    for key, value in new.items():
        if isinstance(value, Mapping):
            target = into.get(key)
            if not isinstance(target, dict):
                target = into[key] = {}
            merge_into(target, value)
        elif isinstance(value, list | tuple):
            into[key] = [_plain(item) for item in value]
        else:
            into[key] = value


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        table: dict[str, Any] = {}
        merge_into(table, value)
        return table
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _stamps(sources: Sequence[SecretSource]) -> tuple[_Stamp, ...]:
    stamps: list[_Stamp] = []
    for source in sources:
        for path in source.watch_paths():
            try:
                st = os.stat(path)
            except OSError:
                stamps.append((str(path), None, None, None))
            else:
                stamps.append((str(path), st.st_mtime_ns, st.st_size, st.st_ino))
    return tuple(stamps)


def _exportable(key: str, value: Any) -> bool:
    return (
        isinstance(value, str | int | float)
        and not isinstance(value, bool)
        and bool(key)
        and "=" not in key
        and "\0" not in key
        and "\0" not in str(value)
    )


@attrs.frozen
class _Snapshot:
    """The result of one load: the merged table or the error, and what was read."""

    sources: tuple[SecretSource, ...]
    stamps: tuple[_Stamp, ...]
    table: dict[str, Any] | None
    error: str | None


class MergedSecrets(ReadOnlySecrets):
    """The app's secrets: read-only, loaded on first use, reloaded when a watched file changes.

    ``collect_sources`` is called on every (re)load. Root keys whose value is a string
    or a number are exported to ``environ`` (``os.environ``) after each successful
    load; a reload removes the ones that went away.
    """

    _collect: Callable[[], Sequence[SecretSource]]
    _environ: MutableMapping[str, str]
    _lock: threading.RLock
    _snapshot: _Snapshot | None
    _exported: dict[str, str]
    _redactor: Redactor

    def __init__(
        self,
        collect_sources: Callable[[], Sequence[SecretSource]],
        environ: MutableMapping[str, str] | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "_collect", collect_sources)
        set_(self, "_environ", os.environ if environ is None else environ)
        set_(self, "_lock", threading.RLock())
        set_(self, "_snapshot", None)
        set_(self, "_exported", {})
        set_(self, "_redactor", Redactor())

    # -- loading ---------------------------------------------------------------------

    def _load(self) -> _Snapshot:
        sources = tuple(sorted(self._collect(), key=lambda s: s.priority))
        # Stamp before reading, so a change made while we read triggers another reload.
        stamps = _stamps(sources)
        table: dict[str, Any] = {}
        for source in sources:
            try:
                values = source.load()
            except SecretSourceError as exc:
                return _Snapshot(sources, stamps, None, str(exc))
            except Exception as exc:
                return _Snapshot(
                    sources, stamps, None, f"secret source {source.name!r} failed: {type(exc).__name__}: {exc}"
                )
            merge_into(table, values)
        self._redactor.add(leaf_values(table))
        self._export(table)
        return _Snapshot(sources, stamps, table, None)

    def _export(self, table: Mapping[str, Any]) -> None:
        new = {key: str(value) for key, value in table.items() if _exportable(key, value)}
        for key, value in self._exported.items():
            if key not in new and self._environ.get(key) == value:
                del self._environ[key]
        self._environ.update(new)
        object.__setattr__(self, "_exported", new)

    def _current(self) -> _Snapshot:
        snapshot: _Snapshot | None = self._snapshot
        if snapshot is None:
            with self._lock:
                snapshot = self._snapshot
                if snapshot is None:
                    snapshot = self._load()
                    object.__setattr__(self, "_snapshot", snapshot)
        return snapshot

    def _table(self) -> dict[str, Any]:
        snapshot = self._current()
        if snapshot.error is not None:
            raise SecretSourceError(snapshot.error)
        assert snapshot.table is not None
        return snapshot.table

    @property
    def loaded(self) -> bool:
        """Whether the sources were read (``st.secrets`` was used) in this process."""
        return self._snapshot is not None

    def reload_if_changed(self) -> bool:
        """Re-read every source if a watched file changed, appeared or vanished since the last load.

        Does nothing (and returns ``False``) before the first load.
        """
        snapshot: _Snapshot | None = self._snapshot
        if snapshot is None or _stamps(snapshot.sources) == snapshot.stamps:
            return False
        with self._lock:
            if self._snapshot is not snapshot:
                return False  # another thread reloaded meanwhile
            object.__setattr__(self, "_snapshot", self._load())
        return True

    # -- errors ----------------------------------------------------------------------

    def searched(self) -> list[str]:
        """The sources of the last load, lowest precedence first, marked when absent."""
        snapshot = self._current()
        described = []
        for source in snapshot.sources:
            paths = source.watch_paths()
            absent = bool(paths) and not any(os.path.exists(p) for p in paths)
            described.append(f"{source.name} (not found)" if absent else source.name)
        return described

    def _key_path(self, key: str) -> str:
        return key

    def _error_for(self, path: str, siblings: list[str]) -> SecretKeyError:
        searched = "; ".join(self.searched()) or "(no secret sources are registered)"
        if not self._table():
            return SecretKeyError(
                f'st.secrets has no key "{path}": no secrets were found. Searched, lowest precedence '
                f"first: {searched}. Put your secrets in one of these files, e.g. .kernel/secrets.toml "
                "in the app's folder (see docs/secrets.md)."
            )
        last = path.rpartition(".")[2]
        close = difflib.get_close_matches(last, siblings, n=3)
        hint = f" Did you mean: {', '.join(repr(c) for c in close)}?" if close else ""
        return SecretKeyError(
            f'st.secrets has no key "{path}".{hint} Searched, lowest precedence first: {searched}. '
            "Add the key to one of these sources."
        )

    # -- redaction -------------------------------------------------------------------

    def redact(self, text: str) -> str:
        """``text`` with every secret value loaded so far in this process replaced by ``***``.

        Never loads the secrets: values that were never loaded cannot have leaked
        through ``st.secrets``. Values shorter than four characters are left alone.
        """
        return self._redactor(text)

    def _repr_table(self) -> str:
        # Outside a run, repr() does not read files (like a debugger's variable view).
        if self._snapshot is None and get_run_context() is None:
            return "st.secrets(not loaded yet)"
        snapshot = self._current()
        if snapshot.error is not None:
            return f"st.secrets(failed to load: {snapshot.error})"
        return repr(redacted(snapshot.table))
