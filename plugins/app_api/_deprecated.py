"""Streamlit's deprecated ``st.experimental_*`` names that apps still use: each works and says, once, what replaced it.

``st.experimental_fragment``, ``st.experimental_dialog``, ``st.experimental_user`` and
``st.experimental_audio_input`` are the command of the new name (whichever plugin
provides it). ``st.experimental_get_query_params()`` and
``st.experimental_set_query_params(**params)`` keep Streamlit's old list-valued
semantics on top of ``st.query_params``. The first use of each name in a process logs a
warning naming the replacement (``kernel.app_api`` logger); later uses are silent.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from typing import Any

from kernel import StashKey, UnknownCommandError, current_app, st

log = logging.getLogger("kernel.app_api")

RENAMED = {
    "experimental_fragment": "fragment",
    "experimental_dialog": "dialog",
    "experimental_user": "user",
    "experimental_audio_input": "audio_input",
    "experimental_get_query_params": "query_params",
    "experimental_set_query_params": "query_params",
}
"""Each deprecated name and the ``st`` name that replaced it."""

_WARNED: StashKey[set[str]] = StashKey("app_api.deprecations_warned")
_lock = threading.Lock()


def warn_once(old: str) -> None:
    """Log, the first time in this app's process, that ``st.<old>`` is deprecated and what replaced it."""
    app = current_app()
    with _lock:
        warned = app.stash.setdefault(_WARNED, set())
        if old in warned:
            return
        warned.add(old)
    new = RENAMED[old]
    how = {
        "experimental_get_query_params": " (read st.query_params like a dict; st.query_params.get_all(key) "
        "gives a key's list of values)",
        "experimental_set_query_params": " (assign st.query_params[key] = value, or st.query_params.from_dict(...))",
    }.get(old, "")
    log.warning("st.%s is deprecated: use st.%s instead%s. Streamlit has removed the old name.", old, new, how)


def _renamed(old: str) -> Any:
    warn_once(old)
    new = RENAMED[old]
    try:
        return getattr(st, new)
    except UnknownCommandError as exc:
        raise UnknownCommandError(
            f"st.{old} is the deprecated name of st.{new}, which no loaded plugin provides: {exc}"
        ) from None


def experimental_fragment() -> Any:
    """``st.experimental_fragment``: ``st.fragment``."""
    return _renamed("experimental_fragment")


def experimental_dialog() -> Any:
    """``st.experimental_dialog``: ``st.dialog``."""
    return _renamed("experimental_dialog")


def experimental_user() -> Any:
    """``st.experimental_user``: ``st.user``."""
    return _renamed("experimental_user")


def experimental_audio_input() -> Any:
    """``st.experimental_audio_input``: ``st.audio_input``."""
    return _renamed("experimental_audio_input")


def experimental_get_query_params() -> dict[str, list[str]]:
    """``st.experimental_get_query_params()``: the URL's query parameters, each key with the list of its values."""
    warn_once("experimental_get_query_params")
    params = st.query_params
    return {key: list(params.get_all(key)) for key in params}


def _values(value: Any) -> str | list[str]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        return str(value)
    return [str(item) for item in value]


def experimental_set_query_params(**query_params: Any) -> None:
    """``st.experimental_set_query_params(**params)``: replace the URL's query parameters.

    A list value repeats the key (``tag=["a", "b"]`` gives ``?tag=a&tag=b``); any other
    value is shown as ``str(value)``.
    """
    warn_once("experimental_set_query_params")
    st.query_params.from_dict({key: _values(value) for key, value in query_params.items()})
