"""The query string of a session's page URL (:class:`kernel.contracts.QueryStringStore`).

The session's state owns it (``state.query_string``): the plugin's
``kernel_rerun_requested`` stores the query string each :class:`kernel.contracts.messages.Rerun`
reports; ``st.query_params``, page links and widgets bound to the URL read and change
it (and tell the page with a :class:`kernel.contracts.messages.PageInfo`).
"""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Iterable

from kernel_plugins.session_state._empty import EMPTY, writable

__all__ = ["QueryString"]


class QueryString:
    """The core :class:`kernel.contracts.QueryStringStore`: a session's query parameters
    as ordered ``(name, value)`` pairs; thread safe."""

    __slots__ = ("_bound", "_lock", "_pairs", "_reported")

    def __init__(self, text: str = "", *, lock: threading.Lock | threading.RLock | None = None) -> None:
        self._lock = lock if lock is not None else threading.Lock()
        """``lock``: the lock of the session state that owns the store, else one of its own."""
        self._pairs: tuple[tuple[str, str], ...] = ()
        """A tuple: no list kept for a page without a query string."""
        self._bound: dict[str, str] = EMPTY
        """Parameter name -> its owner; the shared EMPTY until the first binding."""
        self._reported = False
        self.set(text)

    def set(self, text: str) -> None:
        """Replace the parameters with those of ``text`` (``a=1&b=2``, a leading ``?`` allowed)."""
        pairs = urllib.parse.parse_qsl(text.lstrip("?"), keep_blank_values=True)
        with self._lock:
            self._pairs = tuple(pairs)

    def report(self, text: str, *, navigation: bool) -> bool:
        """The page reports its URL's query string ``text`` (with a rerun request); ``True`` if
        it was taken.

        It is taken when the page navigated (it was opened or reloaded, went back or forward,
        or followed a link) and on the first report of the session. Otherwise the page may not
        yet have applied what the server last wrote (a request that left before the
        :class:`kernel.contracts.messages.PageInfo`): the session's parameters stand.
        """
        if navigation or not self._reported:
            self.set(text)
            self._reported = True
            return True
        return False

    def matches(self, text: str) -> bool:
        """Whether ``text`` names the same parameters, in the same order, as the session has."""
        return urllib.parse.parse_qsl(text.lstrip("?"), keep_blank_values=True) == self.pairs()

    def set_pairs(self, pairs: list[tuple[str, str]]) -> None:
        """Replace the parameters with ``pairs``."""
        with self._lock:
            self._pairs = tuple(pairs)

    def replace(self, name: str, values: Iterable[str]) -> bool:
        """Give parameter ``name`` exactly ``values`` (none: remove it), where it first
        appears (else at the end), in one step; ``True`` if its values changed."""
        wanted = list(values)
        with self._lock:
            old = [v for k, v in self._pairs if k == name]
            if old == wanted:
                return False
            out: list[tuple[str, str]] = []
            placed = False
            for k, v in self._pairs:
                if k != name:
                    out.append((k, v))
                elif not placed:
                    out.extend((name, w) for w in wanted)
                    placed = True
            if not placed:
                out.extend((name, w) for w in wanted)
            self._pairs = tuple(out)
            return True

    def pairs(self) -> list[tuple[str, str]]:
        """A copy of the ``(name, value)`` pairs, in URL order."""
        with self._lock:
            return list(self._pairs)

    def text(self) -> str:
        """The query string (without ``?``)."""
        with self._lock:
            return urllib.parse.urlencode(self._pairs)

    def bind(self, name: str, owner: str) -> None:
        """Parameter ``name`` now mirrors a widget (``owner`` describes it, e.g.
        ``"st.checkbox(key='dark')"``); ``st.query_params`` may not set or delete it."""
        with self._lock:
            self._bound = writable(self._bound)
            self._bound[name] = owner

    def unbind(self, name: str) -> None:
        """Parameter ``name`` no longer mirrors a widget."""
        with self._lock:
            self._bound.pop(name, None)

    def bound(self) -> dict[str, str]:
        """The parameters that mirror widgets (``bind="query-params"``): name -> owner."""
        with self._lock:
            return dict(self._bound)
