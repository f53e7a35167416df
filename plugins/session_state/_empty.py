"""One shared empty dict for the session stores' mappings that stay empty in most sessions.

An empty dict costs 64 bytes, and a session's state, widget store and query string have
ten of them, most never written in a session (server-set widget values, keyed widgets'
published values, ...). They start as :data:`EMPTY` and become a dict of their own on
their first write (:func:`writable`). :data:`EMPTY` refuses writes, so a missed
:func:`writable` fails loudly instead of sharing a value between sessions; reading,
``pop``, ``clear`` and ``del`` of an absent key behave as on any empty dict.
"""

from __future__ import annotations

from typing import Any, NoReturn, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class _Empty(dict[Any, Any]):
    """An empty dict that refuses to hold anything."""

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("the shared empty mapping is read-only: call writable() first")

    __setitem__ = _refuse
    setdefault = _refuse
    update = _refuse
    __ior__ = _refuse


EMPTY: dict[Any, Any] = _Empty()
"""Stands for an empty dict until the first write."""


def writable(mapping: dict[K, V]) -> dict[K, V]:
    """``mapping`` if it is a dict of its own, else a new empty one (to be stored by the caller)."""
    return {} if mapping is EMPTY else mapping
