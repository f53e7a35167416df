"""``st.connection``: make a connection once and share it, like ``st.cache_resource``."""

from __future__ import annotations

import datetime
import threading
from typing import Any

from kernel_plugins.connections._base import BaseConnection
from kernel_plugins.connections._errors import StConnectionError
from kernel_plugins.connections._types import resolve_type

__all__ = ["connection"]

TTL = float | int | datetime.timedelta | None

_functions: dict[tuple[Any, Any], Any] = {}
_lock = threading.Lock()


def _create_function(ttl: TTL, max_entries: int | None) -> Any:
    """The ``st.cache_resource`` function that makes connections with these cache settings."""
    slot = (ttl, max_entries)
    found = _functions.get(slot)
    if found is not None:
        return found
    from kernel import st

    def create(connection_name: str, type_path: str, kwargs: dict[str, Any],
               _cls: type[BaseConnection[Any]]) -> BaseConnection[Any]:  # fmt: skip
        return _cls(connection_name, **kwargs)

    create.__qualname__ = f"st.connection[ttl={ttl!r}, max_entries={max_entries!r}]"
    cached = st.cache_resource(create, ttl=ttl, max_entries=max_entries,
                               show_spinner="Running `st.connection(...)`.")
    with _lock:
        return _functions.setdefault(slot, cached)


def connection(name: str, type: Any = None, max_entries: int | None = None, ttl: TTL = None,  # noqa: A002
               **kwargs: Any) -> Any:  # fmt: skip
    """``st.connection``: the connection named ``name``, made once and shared by every session.

    ``type`` is ``"sql"``, a registered type name, a ``BaseConnection`` subclass or the
    import path of one; when omitted it comes from ``type`` in ``[connections.<name>]`` of
    the secrets, or from the name itself (``"sql"``). ``kwargs`` override that secrets
    section. Connections are cached per name, type and ``kwargs``; ``ttl`` (seconds or a
    ``timedelta``) and ``max_entries`` bound that cache, as for ``st.cache_resource``.
    """
    if not isinstance(name, str) or not name:
        raise StConnectionError(
            f"st.connection(name={name!r}): the name must be a non-empty string, the key of the "
            "[connections.<name>] section of secrets.toml (e.g. st.connection(\"sql\"))."
        )
    cls = resolve_type(name, type)
    type_path = f"{cls.__module__}.{cls.__qualname__}"
    return _create_function(ttl, max_entries)(name, type_path, kwargs, _cls=cls)
