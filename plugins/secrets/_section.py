"""Read-only, attribute-accessible views of secrets (``st.secrets`` and its sections)."""

from __future__ import annotations

import copy
from abc import abstractmethod
from collections.abc import Iterator, Mapping
from typing import Any, NoReturn

from kernel import KernelError
from kernel.contracts import SecretKeyError
from kernel_plugins.secrets._redact import MASK

__all__ = ["ReadOnlySecrets", "SecretAttributeError", "SecretsSection", "redacted"]


class SecretAttributeError(KernelError, AttributeError):
    """``st.secrets.<name>`` names no key; the message names the sources searched."""


def redacted(value: Any) -> Any:
    """``value`` with the same shape and every leaf replaced by ``"***"``."""
    if isinstance(value, Mapping):
        return {key: redacted(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [redacted(item) for item in value]
    return MASK


class ReadOnlySecrets(Mapping[str, Any]):
    """Mapping and attribute access to a table of secrets; assignment raises.

    ``repr()`` and ``str()`` show the keys with every value as ``***``, so printing or
    ``st.write``-ing secrets never reveals them; :meth:`to_dict` gives the real values.
    """

    __slots__ = ()

    @abstractmethod
    def _table(self) -> dict[str, Any]:
        """The current table (loading it first if needed)."""

    @abstractmethod
    def _key_path(self, key: str) -> str:
        """``key`` spelt from the root, for messages: ``"db.user"``."""

    @abstractmethod
    def _error_for(self, path: str, siblings: list[str]) -> SecretKeyError:
        """The error for the missing key ``path`` (the root knows the sources searched)."""

    @abstractmethod
    def redact(self, text: str) -> str:
        """``text`` with every secret value of the app replaced by ``***``."""

    def _missing(self, key: str) -> SecretKeyError:
        return self._owner()._error_for(self._key_path(key), list(self._table()))

    def _owner(self) -> ReadOnlySecrets:
        """The root secrets object this table belongs to."""
        return self

    def _wrap(self, key: str, value: Any) -> Any:
        if isinstance(value, dict):
            return SecretsSection(value, self._key_path(key), self._owner())
        if isinstance(value, list):
            return [self._wrap(key, item) for item in value]
        return value

    # -- mapping ---------------------------------------------------------------------

    def __getitem__(self, key: str) -> Any:
        table = self._table()
        try:
            value = table[key]
        except (KeyError, TypeError):
            raise self._missing(key) from None
        return self._wrap(key, value)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            # Dunders probed by copy, pickle and friends, and our own private names
            # (keys starting with "_" are reachable with st.secrets["_key"]).
            raise AttributeError(name)
        try:
            return self[name]
        except SecretKeyError as exc:
            raise SecretAttributeError(str(exc).replace("has no key", "has no attribute", 1)) from None

    def __contains__(self, key: object) -> bool:
        return key in self._table()

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._table()))

    def __len__(self) -> int:
        return len(self._table())

    def to_dict(self) -> dict[str, Any]:
        """The secrets as plain nested dicts and lists (a copy with the real values)."""
        return copy.deepcopy(self._table())

    # -- read-only -------------------------------------------------------------------

    def _read_only(self, *_: Any) -> NoReturn:
        raise TypeError("st.secrets is read-only. Change the secrets file or variable instead.")

    __setitem__ = __delitem__ = __setattr__ = __delattr__ = _read_only

    # -- copying ---------------------------------------------------------------------

    def __copy__(self) -> ReadOnlySecrets:
        return self  # read-only: a copy could not differ

    def __deepcopy__(self, memo: dict[int, Any]) -> ReadOnlySecrets:
        return self

    def __reduce__(self) -> tuple[type[dict[str, Any]], tuple[dict[str, Any]]]:
        # Pickles (for example to hash a cached function's arguments) as a plain dict.
        return (dict, (self.to_dict(),))

    # -- display ---------------------------------------------------------------------

    def _repr_table(self) -> str:
        return repr(redacted(self._table()))

    def __repr__(self) -> str:
        return self._repr_table()

    __str__ = __repr__


class SecretsSection(ReadOnlySecrets):
    """One table of secrets (``st.secrets.db``): a frozen view of the values loaded."""

    __slots__ = ("_data", "_path", "_root")

    def __init__(self, data: dict[str, Any], path: str, root: ReadOnlySecrets) -> None:
        object.__setattr__(self, "_data", data)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_root", root)

    def _table(self) -> dict[str, Any]:
        return self._data  # type: ignore[no-any-return]

    def _owner(self) -> ReadOnlySecrets:
        return self._root  # type: ignore[no-any-return]

    def _key_path(self, key: str) -> str:
        return f"{self._path}.{key}"

    def _error_for(self, path: str, siblings: list[str]) -> SecretKeyError:
        return self._root._error_for(path, siblings)  # type: ignore[no-any-return]

    def redact(self, text: str) -> str:
        """``text`` with every secret value of the app replaced by ``***``."""
        return self._root.redact(text)  # type: ignore[no-any-return]

    def reload_if_changed(self) -> bool:
        """A section is a snapshot; reloading is the root's job."""
        return False
