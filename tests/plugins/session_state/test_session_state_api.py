"""st.session_state as a mapping: access styles, dict methods and the errors for missing keys."""

from __future__ import annotations

import pytest

from kernel.contracts import WidgetAlreadyInstantiatedError
from kernel.testing import AppTest
from kernel.testing.conformance import check_session_state
from kernel_plugins.session_state import MemorySessionState


def test_memory_session_state_passes_the_conformance_kit() -> None:
    check_session_state(MemorySessionState)


def test_item_and_attribute_access_in_a_script() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        ss = st.session_state
        ss["a"] = 1
        ss.b = 2
        ss.c = 3
        del ss["c"]
        st.text(repr((ss.a, ss["b"], "a" in ss, "c" in ss, sorted(ss), len(ss))))
        st.text(repr((ss.get("a"), ss.get("zz", "dflt"), sorted(ss.keys()), sorted(ss.values()),
                      sorted(ss.items()), ss.to_dict() == {"a": 1, "b": 2})))
        st.text(repr((ss.setdefault("d", 4), ss.pop("d"), "d" in ss)))
        ss.update({"e": 5}, f=6)
        del ss.e
        st.text(repr(sorted(ss.to_dict().items())))
        """
    ).run()
    assert not at.exception
    assert at.text.values == [
        "(1, 2, True, False, ['a', 'b'], 2)",
        "(1, 'dflt', ['a', 'b'], [1, 2], [('a', 1), ('b', 2)], True)",
        "(4, 4, False)",
        "[('a', 1), ('b', 2), ('f', 6)]",
    ]


def test_state_survives_reruns() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        if "count" not in st.session_state:
            st.session_state.count = 0
        st.session_state.count += 1
        st.text(st.session_state.count)
        """
    )
    assert at.run().run().run().text[0].value == "3"
    assert at.session_state["count"] == 3


def test_missing_key_errors_name_the_key_and_the_existing_keys() -> None:
    state = MemorySessionState()
    state["apple"] = 1
    state["pear"] = 2
    with pytest.raises(KeyError) as item:
        state["plum"]
    message = item.value.args[0]
    assert 'no key "plum"' in message and "'apple'" in message and "'pear'" in message
    assert "Did you forget to initialize it?" in message
    with pytest.raises(AttributeError) as attr:
        state.plum  # noqa: B018
    assert 'no attribute "plum"' in str(attr.value) and "'apple'" in str(attr.value)
    with pytest.raises(KeyError, match="plum"):
        del state["plum"]
    with pytest.raises(AttributeError, match="plum"):
        del state.plum
    assert "it is empty" in str(pytest.raises(KeyError, MemorySessionState().__getitem__, "x").value)


def test_missing_key_in_a_script_is_shown_like_a_script_error() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        st.session_state.here = 1
        st.text(st.session_state.missing)
        """
    ).run()
    assert at.exception[0].type_name == "AttributeError"
    assert 'no attribute "missing"' in at.exception[0].value and "'here'" in at.exception[0].value


def test_at_session_state_presets_and_reads() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        st.text(st.session_state.get("preset", "none"))
        st.session_state.written = "by script"
        """
    )
    at.session_state["preset"] = "from test"
    at.run()
    assert at.text[0].value == "from test"
    assert at.session_state.written == "by script"
    assert "written" in at.session_state and at.session_state.to_dict()["preset"] == "from test"
    with pytest.raises(KeyError, match="nope"):
        at.session_state["nope"]


def test_locked_key_error_message() -> None:
    state = MemorySessionState()
    state.set_widget_value("name", "x")
    state.lock_widget_key("name", "st.text_input")
    with pytest.raises(WidgetAlreadyInstantiatedError) as err:
        state["name"] = "y"
    assert "st.session_state.name cannot be modified after the widget with key 'name'" in str(err.value)
    assert "st.text_input" in str(err.value)
