"""st.form and st.form_submit_button: values only on submit, clear_on_submit, and the layout errors."""

from __future__ import annotations

import time
from pathlib import Path

from kernel._app import AppOptions, build_app
from kernel.contracts.messages import Delta, Rerun
from kernel.testing import AppTest
from kernel_plugins.app_session import HeadlessSession

FORM = """
from kernel import st
st.session_state.setdefault("runs", 0)
st.session_state.runs += 1
with st.form("f"):
    name = st.text_input("Name", key="name")
    agree = st.checkbox("Agree")
    sent = st.form_submit_button("Send")
st.text(repr((name, agree, sent)))
"""


def test_form_values_reach_the_script_only_on_submit() -> None:
    at = AppTest.from_string(FORM).run()
    assert at.text[0].value == "('', False, False)"
    at.text_input("name").input("Ada")
    at.checkbox[0].check()
    at.run()  # no submit: the staged values are dropped
    assert at.text[0].value == "('', False, False)"
    at.text_input("name").input("Ada")
    at.checkbox[0].check()
    at.form_submit_button[0].click().run()
    assert at.text[0].value == "('Ada', True, True)"
    assert at.session_state.name == "Ada"
    # The submit button is True for exactly one run; the values stay.
    assert at.run().text[0].value == "('Ada', True, False)"


def test_form_tree_nodes() -> None:
    at = AppTest.from_string(FORM).run()
    form = at.form[0]
    assert form.key == "f" and form.has_submit_button and not form.clear_on_submit
    assert len(form.text_input) == 1 and len(at.form_submit_button) == 1
    assert at.button[0].form_id == "f"  # st.form_submit_button is listed under at.button too


def test_submit_callback_runs_first_and_sees_the_submitted_values() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        st.session_state.setdefault("log", [])
        def on_submit(prefix):
            st.session_state.log.append(prefix + st.session_state.name)
        with st.form("f"):
            st.text_input("Name", key="name")
            st.form_submit_button("Send", on_click=on_submit, args=("hi ",))
        st.text(repr(st.session_state.log))
        """
    ).run()
    at.text_input("name").input("Bo")
    at.form_submit_button[0].click().run()
    assert at.text[0].value == "['hi Bo']"


def test_clear_on_submit_shows_submitted_values_once_then_defaults() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        with st.form("f", clear_on_submit=True):
            t = st.text_input("t", "start", key="t")
            n = st.slider("n", 0, 10, 5)
            st.form_submit_button()
        st.text(repr((t, n)))
        """
    ).run()
    assert at.text[0].value == "('start', 5)"
    at.text_input("t").input("typed")
    at.slider[0].set_value(9)
    at.form_submit_button[0].click().run()
    assert at.text[0].value == "('typed', 9)"
    assert at.session_state.t == "start"  # already reset for the next runs
    assert at.run().text[0].value == "('start', 5)"
    at.form_submit_button[0].click().run()
    assert at.text[0].value == "('start', 5)"


def test_two_forms_submit_independently() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        with st.form("a"):
            a = st.text_input("x")
            sa = st.form_submit_button("A")
        with st.form("b"):
            b = st.text_input("x")
            sb = st.form_submit_button("B")
        st.text(repr((a, sa, b, sb)))
        """
    ).run()
    # The same unkeyed widget in two forms gets two ids.
    assert at.text_input[0].id != at.text_input[1].id
    at.text_input[0].input("one")
    at.text_input[1].input("two")
    at.form_submit_button[1].click().run()
    assert at.text[0].value == "('', False, 'two', True)"


def test_form_without_a_submit_button_is_flagged() -> None:
    at = AppTest.from_string('from kernel import st\nwith st.form("f"):\n    st.text_input("t")\n').run()
    assert not at.form[0].has_submit_button


def test_form_method_call_style() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        f = st.form("f")
        v = f.text_input("t")
        s = f.form_submit_button("Go")
        st.text(repr((v, s)))
        """
    ).run()
    at.text_input[0].input("z")
    at.form_submit_button[0].click().run()
    assert at.text[0].value == "('z', True)"


def _error(script: str) -> tuple[str, str]:
    at = AppTest.from_string(script).run()
    assert at.exception, "expected an error"
    return at.exception[0].type_name, at.exception[0].value


def test_nested_forms_are_an_error() -> None:
    kind, message = _error('from kernel import st\nwith st.form("a"):\n    with st.form("b"):\n        pass\n')
    assert kind == "InvalidLayoutContextError" and "Forms cannot be nested in other forms" in message


def test_submit_button_outside_a_form_is_an_error() -> None:
    kind, message = _error('from kernel import st\nst.form_submit_button("Go")\n')
    assert kind == "InvalidLayoutContextError" and "must be used inside an st.form()" in message


def test_button_inside_a_form_is_an_error() -> None:
    kind, message = _error('from kernel import st\nwith st.form("a"):\n    st.button("b")\n')
    assert kind == "InvalidLayoutContextError" and "st.button() can't be used in an st.form()" in message


def test_callback_on_a_widget_inside_a_form_is_an_error() -> None:
    kind, message = _error(
        'from kernel import st\nwith st.form("a"):\n    st.checkbox("c", on_change=print)\n'
        '    st.form_submit_button()\n'
    )
    assert kind == "InvalidFormCallbackError" and "only st.form_submit_button may have a callback" in message


def test_duplicate_form_key_and_missing_key_are_errors() -> None:
    kind, message = _error('from kernel import st\nst.form("a")\nst.form("a")\n')
    assert kind == "DuplicateElementKey" and "key='a'" in message
    kind, message = _error('from kernel import st\nst.form("")\n')
    assert "a form needs a key" in message


def test_sidebar_inside_a_form_block_is_not_in_the_form() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        with st.form("f"):
            v = st.sidebar.text_input("side")
            st.form_submit_button()
        st.text(repr(v))
        """
    ).run()
    at.sidebar.text_input[0].input("now").run()
    assert at.text[0].value == "'now'"


def test_a_form_key_is_read_only_in_session_state() -> None:
    kind, message = _error('from kernel import st\nst.session_state.f = 1\nwith st.form("f"):\n'
                           '    st.form_submit_button()\n')
    assert kind == "ValueAssignmentNotAllowedError" and "st.form with key 'f'" in message


def test_clear_on_submit_puts_the_defaults_back_on_the_page(tmp_path: Path) -> None:
    script = tmp_path / "app.py"
    script.write_text(
        "from kernel import st\n"
        "with st.form('f', clear_on_submit=True):\n"
        "    t = st.text_input('t', 'start')\n"
        "    st.form_submit_button('Go')\n"
        "st.text(t)\n"
    )
    app = build_app(AppOptions(script_path=script, cwd=tmp_path, home=tmp_path, environ={}))
    h = HeadlessSession(app)
    try:
        msgs = h.run()
        ids = {m.element.kind: m.element.props["id"] for m in msgs
               if isinstance(m, Delta) and "id" in m.element.props}
        h.send(Rerun({ids["text_input"]: "typed"}, ids["form_submit_button"]))
        msgs = h.collect()
        time.sleep(0.2)
        msgs += h.collect(until_finished=False)
        # The page ends with the submitted value in the output and the default in the field
        # (the reset may be merged into the run's own delta if that was not sent yet).
        last = {m.element.kind: m.element.props for m in msgs if isinstance(m, Delta)}
        assert last["text"]["body"] == "typed" and last["text_input"]["value"] == "start"
    finally:
        h.close()
