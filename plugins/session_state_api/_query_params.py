"""``st.query_params``: the page URL's query string as a dict-like object, synced both ways.

Reads come from the query string the page reported with its last rerun request;
every write replaces the session's query string and sends a
:class:`kernel.contracts.messages.PageInfo` so the page updates its URL (without a rerun).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from typing import TYPE_CHECKING, Any

from kernel import KernelAPIException
from kernel.contracts.messages import PageInfo
from kernel.contracts.session_state import EMBED_PARAMS

if TYPE_CHECKING:
    from kernel.contracts import AppSession, QueryStringStore

EMBED_KEYS = EMBED_PARAMS
"""Parameters the page uses for embedding: hidden from reads, refused for writes."""


class QueryParamsError(KernelAPIException, ValueError):
    """``st.query_params`` was given a value it cannot put in a URL, or an embed parameter."""


def _is_embed(key: str) -> bool:
    return key.lower() in EMBED_KEYS


def _values(key: str, value: Any) -> list[str]:
    if isinstance(value, Mapping):
        raise QueryParamsError(
            f"st.query_params[{key!r}] cannot be a dict ({value!r}); give a string, a number or a list of them"
        )
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        return [value.decode() if isinstance(value, bytes) else str(value)]
    return [str(item) for item in value]


class QueryParams(MutableMapping[str, str]):
    """The query parameters of one session's page.

    ``qp[k]``/``qp.k``/``qp.get(k)`` give the last value of ``k`` as a string;
    :meth:`get_all` gives every value. Assigning a list repeats the key. ``embed`` and
    ``embed_options`` are hidden and cannot be set.
    """

    _session: AppSession

    def __init__(self, session: AppSession) -> None:
        object.__setattr__(self, "_session", session)

    @property
    def _store(self) -> QueryStringStore:
        return self._session.state.query_string

    def _visible(self) -> list[tuple[str, str]]:
        return [(k, v) for k, v in self._store.pairs() if not _is_embed(k)]

    def _write(self, pairs: list[tuple[str, str]]) -> None:
        store = self._store
        store.set_pairs(pairs)
        self._session.queue.enqueue(PageInfo(store.text()))

    def _check_key(self, key: str) -> None:
        if _is_embed(str(key)):
            raise QueryParamsError(f"st.query_params cannot set or delete {key!r}: it is reserved for embedding "
                                   "the app; use another name")
        owner = self._store.bound().get(str(key))
        if owner is not None:
            raise QueryParamsError(f"st.query_params cannot set or delete {key!r}: the widget {owner} is bound to "
                                   f"it (bind='query-params'); change the widget through "
                                   f"st.session_state[{key!r}] instead")

    # -- reading --------------------------------------------------------------------

    def __getitem__(self, key: str) -> str:
        if not _is_embed(key):
            for k, v in reversed(self._store.pairs()):
                if k == key:
                    return v
        raise KeyError(f'st.query_params has no key "{key}".')

    def __getattr__(self, key: str) -> str:
        if key.startswith("__"):
            raise AttributeError(key)
        try:
            return self[key]
        except KeyError:
            raise AttributeError(f'st.query_params has no attribute "{key}".') from None

    def get_all(self, key: str) -> list[str]:
        """Every value of ``key`` in URL order (``[]`` if it is absent)."""
        if _is_embed(key):
            return []
        return [v for k, v in self._store.pairs() if k == key]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(k for k, _ in self._visible()))

    def __len__(self) -> int:
        return len(dict.fromkeys(k for k, _ in self._visible()))

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and not _is_embed(key) and any(k == key for k, _ in self._store.pairs())

    def to_dict(self) -> dict[str, str]:
        """``{name: last value}`` of every visible parameter."""
        return {k: self[k] for k in self}

    # -- writing --------------------------------------------------------------------

    def __setitem__(self, key: str, value: Any) -> None:
        key = str(key)
        self._check_key(key)
        store = self._store
        store.replace(key, _values(key, value))
        self._session.queue.enqueue(PageInfo(store.text()))

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value

    def __delitem__(self, key: str) -> None:
        self._check_key(key)
        pairs = self._store.pairs()
        if not any(k == key for k, _ in pairs):
            raise KeyError(f'st.query_params has no key "{key}".')
        self._write([(k, v) for k, v in pairs if k != key])

    def __delattr__(self, key: str) -> None:
        try:
            del self[key]
        except KeyError:
            raise AttributeError(f'st.query_params has no attribute "{key}".') from None

    def clear(self) -> None:
        """Remove every parameter (embed parameters and those bound to widgets stay)."""
        bound = self._store.bound()
        self._write([(k, v) for k, v in self._store.pairs() if _is_embed(k) or k in bound])

    def from_dict(self, params: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> None:
        """Replace every parameter with ``params`` (embed parameters and those bound to
        widgets stay; ``params`` naming one of those raises)."""
        items = list(params.items()) if isinstance(params, Mapping) else list(params)
        bound = self._store.bound()
        out = [(k, v) for k, v in self._store.pairs() if _is_embed(k) or k in bound]
        for key, value in items:
            self._check_key(str(key))
            out.extend((str(key), item) for item in _values(str(key), value))
        self._write(out)

    def __repr__(self) -> str:
        return f"QueryParams({self.to_dict()!r})"
