"""Upload and chat widgets are read-only in session state: their key shows the widget's
value, cannot be assigned before the widget, and is locked once the widget exists."""

from __future__ import annotations

import pytest

from kernel.testing import AppTest
from tests.plugins.elements_inputs.inputs_harness import app

WIDGETS = {
    "file_uploader": 'st.file_uploader("Files", key="k")',
    "camera_input": 'st.camera_input("Photo", key="k")',
    "chat_input": 'st.chat_input("Say", key="k")',
}


@pytest.mark.parametrize("kind", list(WIDGETS))
def test_assigning_the_key_before_the_widget_is_refused(kind: str) -> None:
    at = app(f"from kernel import st\nst.session_state.k = 'x'\n{WIDGETS[kind]}\nst.text('not reached')\n").run()
    exc = at.exception[0]
    assert exc.type_name == "ValueAssignmentNotAllowedError"
    assert f"st.{kind} with key 'k' cannot be set using st.session_state" in exc.value
    assert not at.text


@pytest.mark.parametrize("kind", list(WIDGETS))
def test_assigning_the_key_from_a_test_before_the_run_is_refused(kind: str) -> None:
    at = app(f"from kernel import st\n{WIDGETS[kind]}\n")
    at.session_state["k"] = "x"
    assert at.run().exception[0].type_name == "ValueAssignmentNotAllowedError"


@pytest.mark.parametrize("kind", list(WIDGETS))
def test_assigning_the_key_after_the_widget_is_an_error(kind: str) -> None:
    at = app(f"from kernel import st\n{WIDGETS[kind]}\nst.session_state.k = 'x'\nst.text('not reached')\n").run()
    exc = at.exception[0]
    assert exc.type_name == "WidgetAlreadyInstantiatedError"
    assert "st.session_state.k cannot be modified after the widget with key 'k'" in exc.value
    assert not at.text


SHOWN = """
from kernel import st
seen = st.session_state.setdefault("seen", [])
def changed():
    seen.append(("callback", describe(st.session_state.k)))
def describe(v):
    if isinstance(v, list):
        return [describe(f) for f in v]
    return v if v is None or isinstance(v, str) else (type(v).__name__, v.name, v.getvalue())
value = {call}
shown = st.session_state.k
st.text(repr((describe(value), describe(shown), value is shown or value == shown)))
st.text(repr(seen))
"""


def _shown(call: str) -> AppTest:
    return app(SHOWN.format(call=call)).run()


def test_file_uploader_key_shows_the_uploaded_file() -> None:
    at = _shown('st.file_uploader("Files", key="k", on_change=changed)')
    assert at.text[0].value == "(None, None, True)"
    at.file_uploader[0].upload("a.txt", b"hi", "text/plain").run()
    assert at.text[0].value == "(('UploadedFile', 'a.txt', b'hi'), ('UploadedFile', 'a.txt', b'hi'), True)"
    assert at.text[1].value == "[('callback', ('UploadedFile', 'a.txt', b'hi'))]"  # callbacks see it too
    at.run()
    assert at.session_state["k"].name == "a.txt"
    at.file_uploader[0].clear().run()
    assert at.text[0].value == "(None, None, True)"


def test_file_uploader_with_several_files_shows_the_list() -> None:
    at = _shown('st.file_uploader("Files", key="k", accept_multiple_files=True)')
    assert at.text[0].value == "([], [], True)"
    at.file_uploader[0].upload("a.bin", b"1").upload("b.bin", b"2").run()
    assert at.text[0].value == ("([('UploadedFile', 'a.bin', b'1'), ('UploadedFile', 'b.bin', b'2')], "
                                "[('UploadedFile', 'a.bin', b'1'), ('UploadedFile', 'b.bin', b'2')], True)")


def test_camera_input_key_shows_the_picture() -> None:
    at = _shown('st.camera_input("Photo", key="k", on_change=changed)')
    assert at.text[0].value == "(None, None, True)"
    at.camera_input[0].take_photo(b"jpeg").run()
    photo = "('UploadedFile', 'camera.jpg', b'jpeg')"
    assert at.text[0].value == f"({photo}, {photo}, True)"
    assert at.text[1].value == "[('callback', ('UploadedFile', 'camera.jpg', b'jpeg'))]"


def test_chat_input_key_shows_the_message_for_its_run() -> None:
    at = _shown('st.chat_input("Say", key="k", on_submit=changed)')
    assert at.text[0].value == "(None, None, True)"
    at.chat_input[0].set_value("hello").run()
    assert at.text[0].value == "('hello', 'hello', True)"
    assert at.text[1].value == "[('callback', 'hello')]"
    at.run()
    assert at.text[0].value == "(None, None, True)"


def test_chat_input_with_files_shows_text_and_files() -> None:
    at = app(
        """
        from kernel import st
        value = st.chat_input("Say", key="k", accept_file=True)
        shown = st.session_state.k
        st.text(repr(None if shown is None else (shown.text, [f.name for f in shown.files], shown == value)))
        """
    ).run()
    assert at.text[0].value == "None"
    at.chat_input[0].upload("note.txt", b"x").set_value("see attached").run()
    assert at.text[0].value == "('see attached', ['note.txt'], True)"


def test_a_read_only_key_goes_when_its_widget_is_no_longer_shown() -> None:
    at = app(
        """
        from kernel import st
        if st.session_state.get("show", True):
            st.file_uploader("Files", key="k")
        st.text(repr("k" in st.session_state))
        """
    ).run()
    at.file_uploader[0].upload("a.txt", b"hi").run()
    at.session_state.show = False
    at.run().run()
    assert at.text[0].value == "False"
