"""A third-party Secrets component for tests: secrets from a fixed table, no files.

Load it with ``-p tests.plugins.secrets_api.replacement_secrets`` and block the core one
with ``-p no:secrets``: ``st.secrets`` (from the essential ``secrets_api`` plugin) then
serves these values.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from kernel import hookimpl
from kernel._app import KernelApp
from kernel.contracts import SecretKeyError

TABLE: dict[str, Any] = {"token": "from-the-replacement", "db": {"user": "replacement-user"}}


class FixedSecrets:
    """Read-only secrets from a table given at construction (a :class:`kernel.contracts.Secrets`)."""

    def __init__(self, table: dict[str, Any]) -> None:
        self._table = table

    def __getitem__(self, key: str) -> Any:
        try:
            value = self._table[key]
        except KeyError:
            raise SecretKeyError(f"the replacement secrets have no key {key!r}") from None
        return FixedSecrets(value) if isinstance(value, dict) else value

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __contains__(self, key: object) -> bool:
        return key in self._table

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._table))

    def __len__(self) -> int:
        return len(self._table)

    def get(self, key: str, default: Any = None) -> Any:
        """The value under ``key``, else ``default``."""
        return self[key] if key in self._table else default

    def to_dict(self) -> dict[str, Any]:
        """A deep copy of the table."""
        return copy.deepcopy(self._table)

    def redact(self, text: str) -> str:
        """``text`` with the token masked."""
        return text.replace(str(TABLE["token"]), "***")

    def reload_if_changed(self) -> bool:
        """A fixed table never changes."""
        return False


@hookimpl
def kernel_make_secrets(app: KernelApp) -> FixedSecrets:
    return FixedSecrets(TABLE)
