"""A dict-backed session state with attribute access and helpful errors."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any


class MemorySessionState:
    """User state of one session: item and attribute access, ``in``, ``del``, iteration."""

    def __init__(self) -> None:
        object.__setattr__(self, "_data", {})
        object.__setattr__(self, "_lock", threading.RLock())

    def _missing(self, key: str) -> str:
        known = ", ".join(repr(k) for k in sorted(self._data, key=str)) or "(none)"
        return f"st.session_state has no key {key!r}. Existing keys: {known}"

    def __getitem__(self, key: str) -> Any:
        try:
            return self._data[key]
        except KeyError:
            raise KeyError(self._missing(key)) from None

    def __setitem__(self, key: str, value: Any) -> None:
        with self._lock:
            self._data[key] = value

    def __delitem__(self, key: str) -> None:
        with self._lock:
            if key not in self._data:
                raise KeyError(self._missing(key))
            del self._data[key]

    def __getattr__(self, key: str) -> Any:
        try:
            return self._data[key]
        except KeyError:
            raise AttributeError(self._missing(key)) from None

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value

    def __delattr__(self, key: str) -> None:
        try:
            del self[key]
        except KeyError as exc:
            raise AttributeError(exc.args[0]) from None

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._data))

    def __len__(self) -> int:
        return len(self._data)

    def to_dict(self) -> dict[str, Any]:
        """A shallow copy as a plain dict."""
        return dict(self._data)

    def __repr__(self) -> str:
        return f"SessionState({self._data!r})"
