"""Widget state rules: key mirroring, presets, the documented errors, cleanup and its keep rules."""

from __future__ import annotations

import logging

import pytest

from kernel.testing import AppTest


def test_keyed_widget_mirrors_its_value_and_unkeyed_one_does_not() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        st.text_input("Name", key="name")
        st.slider("Unkeyed", 0, 10, 3)
        st.text(repr(sorted(st.session_state.to_dict().items())))
        """
    ).run()
    assert at.text[0].value == "[('name', '')]"
    at.text_input("name").input("Ada").run()
    assert at.session_state.name == "Ada"
    assert at.text[0].value == "[('name', 'Ada')]"


def test_value_set_before_the_first_run_presets_the_widget() -> None:
    at = AppTest.from_string('from kernel import st\nst.text(st.text_input("t", key="t"))\n')
    at.session_state["t"] = "preset"
    at.run()
    assert at.text[0].value == "preset" and at.text_input("t").value == "preset"


def test_value_set_in_the_script_before_the_widget_sets_its_value() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        if st.button("reset"):
            st.session_state.n = 7
        st.text(st.slider("n", 0, 10, 2, key="n"))
        """
    ).run()
    at.slider("n").set_value(4).run()
    assert at.text[0].value == "4"
    at.button[0].click().run()
    assert at.text[0].value == "7" and at.slider("n").value == 7
    # The server-set value holds on later runs although the client still reports 4.
    at.run()
    assert at.text[0].value == "7"
    # A new client value wins again.
    at.slider("n").set_value(1).run()
    assert at.text[0].value == "1"


def test_selectbox_preset_with_an_invalid_option_falls_back_to_the_default() -> None:
    at = AppTest.from_string('from kernel import st\nst.text(st.selectbox("s", ["a", "b", "c"], key="s"))\n')
    at.session_state["s"] = "c"
    assert at.run().text[0].value == "c"
    at.session_state["s"] = "zzz"
    assert at.run().text[0].value == "a"


def test_assigning_a_widget_key_after_the_widget_was_created_is_an_error() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        st.text_input("t", key="t")
        st.session_state.t = "late"
        st.text("not reached")
        """
    ).run()
    exc = at.exception[0]
    assert exc.type_name == "WidgetAlreadyInstantiatedError"
    assert "st.session_state.t cannot be modified after the widget with key 't'" in exc.value
    assert not at.text


def test_assigning_a_button_key_is_an_error_when_the_button_is_created() -> None:
    at = AppTest.from_string('from kernel import st\nst.session_state.b = True\nst.button("b", key="b")\n').run()
    assert at.exception[0].type_name == "ValueAssignmentNotAllowedError"
    assert "st.button with key 'b' cannot be set using st.session_state" in at.exception[0].value


def test_keyed_button_shows_its_click_in_session_state() -> None:
    at = AppTest.from_string('from kernel import st\nst.button("b", key="b")\nst.text(st.session_state.b)\n').run()
    assert at.text[0].value == "False"
    assert at.button[0].click().run().text[0].value == "True"
    assert at.run().text[0].value == "False"


def test_default_and_session_state_value_logs_a_warning_once(caplog: pytest.LogCaptureFixture) -> None:
    at = AppTest.from_string(
        'from kernel import st\nst.text(st.selectbox("s", ["a", "b", "c"], index=2, key="s"))\n'
    )
    at.session_state["s"] = "b"
    with caplog.at_level(logging.WARNING, logger="kernel.widgets"):
        at.run()
        at.session_state["s"] = "a"
        at.run()
    assert at.text[0].value == "a"
    warnings = [r for r in caplog.records if "created with a default value" in r.getMessage()]
    assert len(warnings) == 1 and '"s"' in warnings[0].getMessage()


def test_duplicate_keys_and_duplicate_ids_are_errors_with_their_messages() -> None:
    at = AppTest.from_string('from kernel import st\nst.checkbox("a", key="k")\nst.text_input("b", key="k")\n')
    exc = at.run().exception[0]
    assert exc.type_name == "DuplicateElementKey"
    assert "multiple elements with the same key='k' (st.checkbox and st.text_input)" in exc.value
    at = AppTest.from_string('from kernel import st\nst.checkbox("a")\nst.checkbox("a")\n')
    exc = at.run().exception[0]
    assert exc.type_name == "DuplicateElementId"
    assert "same auto-generated ID" in exc.value and "unique key" in exc.value


def test_duplicate_errors_share_a_catchable_base_class() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        from kernel.contracts import DuplicateWidgetID
        st.checkbox("a", key="k")
        try:
            st.checkbox("other", key="k")
        except DuplicateWidgetID as exc:
            st.text(type(exc).__name__)
        """
    ).run()
    assert at.text[0].value == "DuplicateElementKey"


CLEANUP = """
from kernel import st
if "show" not in st.session_state:
    st.session_state.show = True
if st.session_state.show:
    st.text_input("t", key="t")
st.text(repr(st.session_state.get("t")))
"""


def test_value_of_a_widget_not_shown_is_dropped_after_the_run() -> None:
    at = AppTest.from_string(CLEANUP).run()
    at.text_input("t").input("typed").run()
    at.session_state.show = False
    at.run()
    assert at.text[0].value == "'typed'"  # still there during the run that stopped showing it
    assert "t" not in at.session_state
    at.run()
    assert at.text[0].value == "None"
    at.session_state.show = True
    at.run()
    assert at.text_input("t").value == ""  # back to the default


def test_reassigning_the_key_keeps_the_value_of_a_widget_not_shown() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        if "t" in st.session_state:
            st.session_state.t = st.session_state.t
        if st.session_state.get("show", True):
            st.text_input("t", key="t")
        st.text(repr(st.session_state.get("t")))
        """
    ).run()
    at.text_input("t").input("kept").run()
    at.session_state.show = False
    at.run().run()
    assert at.text[0].value == "'kept'"
    at.session_state.show = True
    at.run()
    assert at.text_input("t").value == "kept"


def test_no_cleanup_after_st_stop_or_an_exception() -> None:
    for ending in ("st.stop()", "raise ValueError('boom')"):
        at = AppTest.from_string(
            f"""
            from kernel import st
            if st.session_state.get("end"):
                {ending}
            st.text_input("t", key="t")
            """
        ).run()
        at.text_input("t").input("x").run()
        at.session_state.end = True
        at.run().run()
        assert at.session_state.t == "x", ending
        at.session_state.end = False
        assert at.run().text_input("t").value == "x", ending


def test_changing_an_unkeyed_widgets_label_makes_a_new_widget() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        label = st.session_state.get("label", "one")
        st.text(st.text_input(label))
        """
    ).run()
    at.text_input[0].input("typed").run()
    assert at.text[0].value == "typed"
    at.session_state.label = "two"
    assert at.run().text[0].value == ""


def test_session_states_are_per_session() -> None:
    script = 'from kernel import st\nst.session_state.setdefault("n", 0)\nst.session_state.n += 1\n'
    a = AppTest.from_string(script).run().run()
    b = AppTest.from_string(script).run()
    assert (a.session_state.n, b.session_state.n) == (2, 1)
