"""The SessionState contract: widget values and user state across reruns."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class SessionState(Protocol):
    """A per-session mapping of user state and widget values (``st.session_state``).

    Made by ``kernel_make_session_state`` per session; read and written from the script
    thread, updated with widget values by the session in between runs.
    """

    def __getitem__(self, key: str) -> Any: ...
    def __setitem__(self, key: str, value: Any) -> None: ...
    def __delitem__(self, key: str) -> None: ...
    def __contains__(self, key: object) -> bool: ...
    def __iter__(self) -> Iterator[str]: ...
    def __len__(self) -> int: ...

    def to_dict(self) -> dict[str, Any]:
        """A shallow copy of the state as a plain dict."""
        ...
