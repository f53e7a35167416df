"""The Secrets contract: ``st.secrets`` and the sources it merges."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class SecretSource(Protocol):
    """One place secrets come from (a TOML file, the environment, a vault command).

    Collected through ``kernel_register_secret_sources``; sources with a higher
    ``priority`` override lower ones key by key.
    """

    name: str
    priority: int

    def load(self) -> Mapping[str, Any]:
        """Read and return this source's secrets (nested mappings for sections)."""
        ...

    def watch_paths(self) -> Sequence[Path]:
        """Files whose change means :meth:`load` would return something new."""
        ...


@runtime_checkable
class Secrets(Protocol):
    """The read-only, merged secrets of the app (``st.secrets``).

    Made once per app by ``kernel_make_secrets``; read from script threads.
    """

    def __getitem__(self, key: str) -> Any: ...
    def __contains__(self, key: object) -> bool: ...
    def __iter__(self) -> Iterator[str]: ...
    def __len__(self) -> int: ...

    def to_dict(self) -> dict[str, Any]:
        """The secrets as plain nested dicts."""
        ...

    def redact(self, text: str) -> str:
        """``text`` with every secret value replaced by ``***``."""
        ...
