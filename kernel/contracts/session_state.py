"""The SessionState contract: widget values and user state across reruns."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class SessionState(Protocol):
    """A per-session mapping of user state and widget values (``st.session_state``).

    Made by ``kernel_make_session_state`` per session; read and written from the script
    thread, and between runs (tests, callbacks). Besides the mapping a user sees, it
    keeps three pieces of bookkeeping the widget machinery relies on (see
    ``docs/plugins.md``, "Replacing the session state"):

    * which keys the *user* assigned (``st.session_state[k] = v``) since a widget last
      took the key's value: such a value wins over the widget's default and the
      client's stale value (:meth:`take_assigned`);
    * which keys belong to widgets already created in the current run: assigning one
      raises ``kernel.widgets.WidgetAlreadyInstantiatedError`` (:meth:`lock_widget_key`);
    * widget values written by the widget machinery (:meth:`set_widget_value`) are not
      user assignments, and are dropped when their widget disappears unless the user
      assigned the key in that run (:meth:`drop_widget_key`).
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

    def set_widget_value(self, key: str, value: Any) -> None:
        """Store the value of the widget with user key ``key`` (not a user assignment)."""
        ...

    def take_assigned(self, key: str) -> tuple[bool, Any]:
        """``(True, value)`` if the user assigned ``key`` since a widget last took it, and
        forget that it did; else ``(False, None)``."""
        ...

    def lock_widget_key(self, key: str, widget: str) -> None:
        """The widget ``widget`` (a display name such as ``"st.slider"``) with key ``key`` was
        created in this run: assigning ``key`` now raises until :meth:`unlock_widget_keys`."""
        ...

    def unlock_widget_keys(self) -> None:
        """A run started or ended: no widget key is locked."""
        ...

    def drop_widget_key(self, key: str) -> None:
        """The widget with key ``key`` is gone: delete the key unless the user assigned it
        since the widget last took its value (then it stays, as a plain user value)."""
        ...
