"""The session stores' mappings start as one shared read-only EMPTY (issue 19: memory per
idle session): it refuses writes, behaves as an empty dict otherwise, and two sessions'
stores never share what either writes."""

from __future__ import annotations

import pytest

from kernel.contracts.session_state import WidgetMeta
from kernel_plugins.session_state import MemorySessionState
from kernel_plugins.session_state._empty import EMPTY, writable


def test_the_shared_empty_mapping_refuses_writes_and_reads_as_empty() -> None:
    for write in (lambda: EMPTY.__setitem__("k", 1), lambda: EMPTY.setdefault("k", 1),
                  lambda: EMPTY.update(k=1), lambda: EMPTY.__ior__({"k": 1})):
        with pytest.raises(TypeError):
            write()
    assert EMPTY == {} and len(EMPTY) == 0 and EMPTY.get("k") is None and "k" not in EMPTY
    assert EMPTY.pop("k", None) is None
    EMPTY.clear()
    with pytest.raises(KeyError):
        del EMPTY["k"]
    assert EMPTY == {}


def test_writable_gives_a_dict_of_its_own_for_the_shared_one_only() -> None:
    own = writable(EMPTY)
    assert own == {} and own is not EMPTY and type(own) is dict
    assert writable(own) is own


def test_two_sessions_stores_keep_what_each_writes_apart() -> None:
    first, second = MemorySessionState(), MemorySessionState()
    first["a"] = 1
    first.set_widget_value("gone", 2)
    first.lock_widget_key("k", "slider-1")
    first.widgets.update({"w": 5}, trigger="w")
    first.widgets.set_server_value("w", 6)
    first.widgets.remember("w", WidgetMeta(kind="slider", key="k", coerce=int, present=int, default=0))
    first.query_string.bind("q", "w")
    assert first.to_dict() == {"a": 1, "gone": 2} and first.widgets.get("w") == 5
    assert second.to_dict() == {} and second.widgets.get("w") is None
    assert second.widgets.meta("w") is None and second.widgets.queued() == (None, ())
    assert second.query_string.bound() == {}
    second["k"] = 3  # locked in the first session only
    first.unlock_widget_keys()
    first["k"] = 4
    assert (first["k"], second["k"]) == (4, 3)
    assert EMPTY == {}
