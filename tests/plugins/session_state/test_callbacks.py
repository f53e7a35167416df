"""Callbacks and triggers: before the script, in change order, state already updated, errors shown."""

from __future__ import annotations

from kernel.testing import AppTest

LOG = """
from kernel import st
st.session_state.setdefault("log", [])
def note(tag, *, field=None):
    value = st.session_state.get(field) if field else None
    st.session_state.log.append((tag, value))
"""


def test_callback_gets_args_and_kwargs_and_sees_the_new_value() -> None:
    at = AppTest.from_string(
        LOG + 'st.text_input("t", key="t", on_change=note, args=("changed",), kwargs={"field": "t"})\n'
        'st.text(repr(st.session_state.log))\n'
    ).run()
    assert at.text[0].value == "[]"
    at.text_input("t").input("hi").run()
    assert at.text[0].value == "[('changed', 'hi')]"


def test_callbacks_run_before_the_script_body() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        st.session_state.setdefault("order", [])
        st.session_state.order.append("script")
        def cb():
            st.session_state.order.append("callback")
        st.checkbox("c", on_change=cb)
        st.text(",".join(st.session_state.order))
        """
    ).run()
    at.checkbox[0].check().run()
    assert at.text[0].value == "script,callback,script"


def test_callbacks_run_in_the_order_widgets_changed() -> None:
    script = LOG + (
        'st.checkbox("a", key="a", on_change=note, args=("a",))\n'
        'st.slider("b", 0, 9, key="b", on_change=note, args=("b",))\n'
        'st.text(",".join(tag for tag, _ in st.session_state.log))\n'
    )
    at = AppTest.from_string(script).run()
    at.slider("b").set_value(3)
    at.checkbox("a").check()
    assert at.run().text[0].value == "b,a"
    at.checkbox("a").uncheck()
    at.slider("b").set_value(5)
    assert at.run().text[0].value == "b,a,a,b"


def test_no_callback_when_the_value_did_not_change_or_the_widget_is_disabled() -> None:
    at = AppTest.from_string(
        LOG + 'st.text_input("t", key="t", on_change=note, args=("t",))\n'
        'st.checkbox("d", key="d", on_change=note, args=("d",), disabled=True)\n'
        'st.text(len(st.session_state.log))\n'
    ).run()
    at.text_input("t").input("same").run()
    at.text_input("t").input("same").run()
    assert at.text[0].value == "1"
    at.checkbox("d").check().run()
    assert at.text[0].value == "1" and at.session_state.d is True


def test_callback_can_set_another_widgets_value() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        def clear():
            st.session_state.name = ""
        st.text_input("name", key="name")
        st.button("Clear", on_click=clear)
        st.text(repr(st.session_state.name))
        """
    ).run()
    at.text_input("name").input("Ada").run()
    assert at.text[0].value == "'Ada'"
    at.button[0].click().run()
    assert at.text[0].value == "''" and at.text_input("name").value == ""


def test_counter_with_a_callback_button() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        st.session_state.setdefault("count", 0)
        def add(n):
            st.session_state.count += n
        st.button("Add", on_click=add, args=(2,))
        st.text(st.session_state.count)
        """
    ).run()
    for expected in ("2", "4", "6"):
        assert at.button[0].click().run().text[0].value == expected
    assert at.run().text[0].value == "6"  # no click, no callback


def test_callback_exception_is_shown_and_the_script_body_does_not_run() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        def boom():
            raise RuntimeError("callback failed")
        st.button("b", on_click=boom)
        st.text("body ran")
        """
    ).run()
    assert at.text[0].value == "body ran"
    at.button[0].click().run()
    assert at.exception[0].type_name == "RuntimeError" and at.exception[0].value == "callback failed"
    assert not at.text
    assert any("boom" in line for line in at.exception[0].stack_trace)
    assert at.run().text[0].value == "body ran"


def test_elements_written_by_a_callback_appear_before_the_script_output() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        st.button("b", on_click=lambda: st.text("from callback"))
        st.text("from script")
        """
    ).run()
    at.button[0].click().run()
    assert at.text.values == ["from callback", "from script"]


def test_button_is_true_for_exactly_one_run_and_false_after_st_rerun() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        st.session_state.setdefault("seen", [])
        clicked = st.button("b")
        st.session_state.seen.append(clicked)
        if clicked:
            st.rerun()
        st.text(repr(st.session_state.seen))
        """
    ).run()
    assert at.text[0].value == "[False]"
    at.button[0].click().run()
    assert at.text[0].value == "[False, True, False]"
    assert at.run().text[0].value == "[False, True, False, False]"


def test_st_rerun_in_a_callback_adds_no_extra_run() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        st.session_state.setdefault("runs", 0)
        st.session_state.runs += 1
        def cb():
            st.session_state.called = True
            st.rerun()
        st.button("b", on_click=cb)
        st.text(st.session_state.runs)
        """
    ).run()
    at.button[0].click().run()
    assert at.text[0].value == "2" and at.session_state.called
