"""st.dialog: a fragment in a modal; one per run; title rules; dismiss callbacks."""

from __future__ import annotations

from kernel.testing import AppTest

APP = """
from kernel import st
st.session_state.setdefault("log", [])

@st.dialog("Edit item", width="large", on_dismiss=lambda: st.session_state.log.append("dismissed"))
def edit(item):
    name = st.text_input("Name", item)
    if st.button("Save"):
        st.session_state.log.append("saved " + name)
        st.rerun()

if st.button("Open"):
    edit("apple")
st.text(repr(st.session_state.log))
"""


def test_dialog_opens_with_its_elements_and_closes_when_not_called() -> None:
    at = AppTest.from_string(APP).run()
    assert not at.get("dialog")
    at.button[0].click().run()
    dialog = at.dialog[0]
    assert dialog.title == "Edit item" and dialog.props["width"] == "large"
    assert dialog.text_input[0].value == "apple" and dialog.props["dismiss_id"]
    at.run()
    assert not at.dialog  # not called again: closed


def test_dialog_title_is_required_and_only_one_dialog_per_run() -> None:
    at = AppTest.from_string('from kernel import st\n@st.dialog("  ")\ndef d():\n    pass\n').run()
    assert at.exception[0].type_name == "DialogError" and "non-empty title" in at.exception[0].value
    at = AppTest.from_string(
        'from kernel import st\n@st.dialog("A")\ndef a():\n    st.text("a")\n'
        '@st.dialog("B")\ndef b():\n    st.text("b")\na()\nb()\n'
    ).run()
    assert at.exception[0].type_name == "DialogError"
    assert "Only one dialog is allowed to be opened at the same time" in at.exception[0].value


def test_dismissing_calls_on_dismiss_before_a_full_rerun() -> None:
    at = AppTest.from_string(APP).run()
    at.button[0].click().run()
    at.dialog[0].dismiss().run()
    assert at.text[0].value == "['dismissed']" and not at.get("dialog")
