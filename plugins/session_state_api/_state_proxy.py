"""``st.session_state``: the session's state as users see it, over the SessionState contract."""

from __future__ import annotations

import pickle
from collections.abc import Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

from kernel import KernelError
from kernel.context import get_run_context

if TYPE_CHECKING:
    from kernel.contracts import SessionState

__all__ = ["SessionStateProxy", "UnserializableSessionStateError"]


class UnserializableSessionStateError(KernelError):
    """A value ``pickle`` cannot serialize was put in ``st.session_state`` while
    ``[runner] enforce_serializable_session_state`` is on."""


def _check_serializable(key: str, value: Any) -> None:
    """Refuse ``value`` for ``key`` when the app enforces serializable session state."""
    ctx = get_run_context()
    if ctx is None or not getattr(ctx.app.config.sections.get("runner"), "enforce_serializable_session_state",
                                  False):
        return
    try:
        pickle.dumps(value)
    except Exception as exc:
        raise UnserializableSessionStateError(
            f"st.session_state[{key!r}] = {type(value).__name__} value: it cannot be pickled ({exc}), and this app "
            "enforces serializable session state ([runner] enforce_serializable_session_state = true). Store a "
            "value pickle can serialize (plain data instead of open files, locks or lambdas), or turn the option "
            "off."
        ) from exc

_SHOWN_KEYS = 20
"""At most this many existing keys are listed in an error message."""


def _missing_attribute(key: str, keys: list[Any]) -> str:
    if keys:
        names = ", ".join(repr(k) for k in sorted(keys, key=str)[:_SHOWN_KEYS])
        more = f" and {len(keys) - _SHOWN_KEYS} more" if len(keys) > _SHOWN_KEYS else ""
        known = f"existing keys: {names}{more}"
    else:
        known = "it is empty"
    return (f'st.session_state has no attribute "{key}". Did you forget to initialize it? '
            f"Set it first, e.g. `if {key!r} not in st.session_state: st.session_state[{key!r}] = ...`; {known}.")


class SessionStateProxy(MutableMapping[str, Any]):
    """A session's state for user code: item and attribute access, ``in``, ``del``,
    iteration, the dict methods and ``to_dict``, all on the mapping of the session's
    :class:`kernel.contracts.SessionState`.

    Attribute access always means a key (``st.session_state.client`` is the user's key
    ``"client"``), never a member of the state object (its ``widgets``, ``query_string``
    or ``client`` stores), so any implementation of the contract serves it and user keys
    never collide with the contract's names. Item errors are the state's own (they name
    the key); a missing attribute raises ``AttributeError`` naming it and the keys that
    exist.
    """

    __slots__ = ("_state",)

    _state: SessionState

    def __init__(self, state: SessionState) -> None:
        object.__setattr__(self, "_state", state)

    def __getitem__(self, key: str) -> Any:
        return self._state[key]

    def __setitem__(self, key: str, value: Any) -> None:
        _check_serializable(key, value)
        self._state[key] = value

    def __delitem__(self, key: str) -> None:
        del self._state[key]

    def __contains__(self, key: object) -> bool:
        return key in self._state

    def __iter__(self) -> Iterator[str]:
        return iter(self._state)

    def __len__(self) -> int:
        return len(self._state)

    def get(self, key: str, default: Any = None) -> Any:
        """The value under ``key``, or ``default`` (asks ``in`` first: a missing key costs
        no error message listing every key)."""
        state = self._state
        if key not in state:
            return default
        try:
            return state[key]
        except KeyError:
            return default

    def __getattr__(self, key: str) -> Any:
        if key.startswith("__"):
            raise AttributeError(key)
        state = self._state
        try:
            if key not in state:
                raise KeyError(key)
            return state[key]
        except KeyError:
            raise AttributeError(_missing_attribute(key, list(state))) from None

    def __setattr__(self, key: str, value: Any) -> None:
        _check_serializable(key, value)
        self._state[key] = value

    def __delattr__(self, key: str) -> None:
        state = self._state
        if key not in state:
            raise AttributeError(_missing_attribute(key, list(state)))
        del state[key]

    def to_dict(self) -> dict[str, Any]:
        """A shallow copy as a plain dict."""
        return self._state.to_dict()

    def __repr__(self) -> str:
        return f"SessionState({self.to_dict()!r})"

    def _repr_markdown_(self) -> str:
        return f"```\n{self.to_dict()!r}\n```"
