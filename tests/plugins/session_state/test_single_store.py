"""A keyed widget's value lives once, in the session state's widget store; the mapping reads it there."""

from __future__ import annotations

from kernel.contracts.session_state import MISSING, WidgetMeta
from kernel.testing import AppTest
from kernel_plugins.session_state import MemorySessionState


def _meta(key: str) -> WidgetMeta:
    return WidgetMeta(kind="slider", key=key, coerce=int, present=str, default=0)


def test_a_widget_value_is_kept_in_the_store_and_read_through_the_mapping() -> None:
    state = MemorySessionState()
    state["user"] = "mine"
    state.widgets.remember("slider-1-k", _meta("k"))
    state.set_widget_value("k", "5")
    assert state["k"] == "5" and state.k == "5" and "k" in state
    assert list(state) == ["user", "k"] and len(state) == 2 and state.to_dict() == {"user": "mine", "k": "5"}
    assert state.widgets.shown("k") == "5" and state.widgets.published() == {"k": "5"}
    assert "k" not in state._data, "the mapping keeps no copy of a widget's value"
    state["k"] = "7"  # the user takes the key over
    assert state.widgets.shown("k") is MISSING and state["k"] == "7"
    assert state.take_assigned("k") == (True, "7")
    state.set_widget_value("k", "7")  # the widget took it: the store holds it again
    assert "k" not in state._data and state.widgets.shown("k") == "7"


def test_a_gone_widget_takes_its_value_along_unless_the_user_assigned_the_key() -> None:
    state = MemorySessionState()
    state.widgets.remember("w1", _meta("a"))
    state.widgets.remember("w2", _meta("b"))
    state.set_widget_value("a", "1")
    state.set_widget_value("b", "2")
    state["b"] = "kept"
    for meta in state.widgets.keep_only([]):
        assert meta.key is not None
        state.drop_widget_key(meta.key)
    assert state.to_dict() == {"b": "kept"}
    state.widgets.remember("w3", _meta("c"))
    state.set_widget_value("c", "3")
    del state["c"]
    assert "c" not in state and state.widgets.shown("c") is MISSING


def test_a_key_no_widget_remembered_stays_in_the_mapping() -> None:
    state = MemorySessionState()
    state.set_widget_value("free", 1)
    assert state["free"] == 1 and state.widgets.published() == {}


def test_at_session_state_reads_a_widget_value_from_the_store() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        v = st.slider("v", 0, 10, 3, key="v")
        st.text(repr((v, st.session_state.v)))
        """
    ).run()
    assert at.text[0].value == "(3, 3)"
    at.slider[0].set_value(8).run()
    assert at.text[0].value == "(8, 8)" and at.session_state["v"] == 8
    session = at._ensure_session()
    assert session.state.widgets.published() == {"v": 8}
