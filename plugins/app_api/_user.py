"""``st.user`` without login: the read-only mapping of the user's identity claims, empty.

Kernel has no ``st.login`` yet (issue #20), so no user is ever logged in; ``st.user``
behaves as Streamlit's does when auth is not configured: empty, read-only, a missing key
a ``KeyError`` (an ``AttributeError`` as an attribute). It is here so that apps reading
``st.user`` (or the deprecated ``st.experimental_user``) run; a login plugin replaces it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from kernel import KernelAPIException


class UserInfo(Mapping[str, Any]):
    """``st.user``: the identity claims of the logged-in user (none without login)."""

    def _claims(self) -> dict[str, Any]:
        return {}

    def __getitem__(self, key: str) -> Any:
        try:
            return self._claims()[key]
        except KeyError:
            raise KeyError(f'st.user has no key "{key}": no user is logged in (kernel has no st.login yet).') from None

    def __getattr__(self, key: str) -> Any:
        if key.startswith("__"):
            raise AttributeError(key)
        try:
            return self[key]
        except KeyError as exc:
            raise AttributeError(exc.args[0]) from None

    def __setattr__(self, key: str, value: Any) -> None:
        raise KernelAPIException("st.user cannot be modified: it holds the logged-in user's identity claims.")

    __setitem__ = __setattr__

    def __iter__(self) -> Iterator[str]:
        return iter(self._claims())

    def __len__(self) -> int:
        return len(self._claims())

    def to_dict(self) -> dict[str, Any]:
        """The claims as a plain dict."""
        return dict(self._claims())

    def __repr__(self) -> str:
        return f"st.user({self._claims()!r})"


user = UserInfo()
