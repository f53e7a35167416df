"""Text area, password input, download and link buttons, chat input."""

from __future__ import annotations

import io

import pytest

from tests.plugins.elements_inputs.inputs_harness import app, error_of


def test_text_area_round_trips_and_truncates_to_max_chars() -> None:
    at = app(
        """
        from kernel import st
        a = st.text_area("Notes", "hello world", max_chars=5, key="notes")
        b = st.text_area("Optional", value=None, height=120, placeholder="…")
        st.text(repr((a, b)))
        """
    ).run()
    assert at.text[0].value == "('hello', None)"
    assert at.text_area[1].props["height"] == 120
    at.text_area[0].input("toolong")  # longer than max_chars: the page would not allow it
    at.text_area[1].input("line 1\nline 2")
    at.run()
    assert at.text[0].value == "('hello', 'line 1\\nline 2')"
    at.text_area[0].set_value("abcdefgh").run()  # a client ignoring maxlength is cut by the server
    assert at.session_state["notes"] == "abcde"


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        ("st.text_area('t', max_chars=0)", "max_chars must be a positive int or None"),
        ("st.text_area('t', height=10)", "height must be None, 'content', 'stretch' or an int of at least 68"),
    ],
)
def test_text_area_errors_name_the_parameter(call: str, fragment: str) -> None:
    assert fragment in error_of(call)


def test_password_text_input_masks_and_round_trips() -> None:
    at = app("from kernel import st\npw = st.text_input('Password', type='password')\nst.text(str(len(pw)))\n").run()
    assert at.text_input[0].props["type"] == "password"
    at.text_input[0].input("s3cret").run()
    assert at.text[0].value == "6"


def test_download_button_offers_str_bytes_and_files() -> None:
    at = app(
        """
        from kernel import st
        import io
        a = st.download_button("CSV", "a,b\\n1,2\\n", file_name="data.csv")
        b = st.download_button("Raw", b"\\x00\\x01", key="raw")
        c = st.download_button("File", io.BytesIO(b"PNGDATA"), file_name="x.png", on_click="ignore")
        d = st.download_button("Lazy", lambda: "made on demand")
        st.text(repr((a, b, c, d)))
        """
    ).run()
    buttons = at.download_button
    assert [b.file_name for b in buttons] == ["data.csv", "download", "x.png", "download.txt"]
    assert [b.mime for b in buttons] == ["text/csv", "application/octet-stream", "image/png", "text/plain"]
    assert buttons[0].data == b"a,b\n1,2\n" and buttons[2].data == b"PNGDATA" and buttons[3].data == b"made on demand"
    assert buttons[2].props["rerun"] is False
    assert all(b.props["url"].startswith("/_kernel/media/") for b in buttons)  # served from the media route
    assert at.text[0].value == "(False, False, False, False)"
    at.download_button(key="raw").click().run()
    assert at.text[0].value == "(False, True, False, False)"
    at.run()
    assert at.text[0].value == "(False, False, False, False)"


def test_download_button_runs_its_callback_with_args() -> None:
    at = app(
        """
        from kernel import st
        if "hits" not in st.session_state:
            st.session_state.hits = []
        st.download_button("D", "x", on_click=st.session_state.hits.append, args=("clicked",))
        st.text(repr(st.session_state.hits))
        """
    ).run()
    at.download_button[0].click().run()
    assert at.text[0].value == "['clicked']"


def test_link_button_is_an_element_by_default_and_a_trigger_with_rerun() -> None:
    at = app(
        """
        from kernel import st
        el = st.link_button("Docs", "https://example.com/docs")
        clicked = st.link_button("Go", "https://example.com", on_click="rerun")
        st.text(repr((type(el).__name__, clicked)))
        """
    ).run()
    assert at.text[0].value == "('DeltaGenerator', False)"
    assert at.link_button[0].url == "https://example.com/docs" and at.link_button[0].value == "Docs"
    at.link_button[1].click().run()
    assert at.text[0].value == "('DeltaGenerator', True)"


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        ("st.download_button('d', 42)", "data must be str, bytes, a file-like object"),
        ("st.download_button('d', 'x', type='big')", "type must be one of"),
        ("st.download_button('d', 'x', on_click='later')", "on_click must be a function"),
        ("st.link_button('l', '')", "url must be a non-empty string"),
    ],
)
def test_button_errors_name_the_parameter(call: str, fragment: str) -> None:
    assert fragment in error_of(call)


def test_chat_input_returns_the_text_for_one_run_only() -> None:
    at = app(
        """
        from kernel import st
        if "said" not in st.session_state:
            st.session_state.said = []
        def heard():
            st.session_state.said.append("callback")
        prompt = st.chat_input("Say something", max_chars=20, on_submit=heard, key="chat")
        if prompt:
            st.session_state.said.append(prompt)
        st.text(repr((prompt, st.session_state.said)))
        """
    ).run()
    assert at.text[0].value == "(None, [])"
    assert at.chat_input[0].placeholder == "Say something" and at.chat_input[0].props["pinned"] is True
    at.chat_input[0].set_value("hello there").run()
    assert at.text[0].value == "('hello there', ['callback', 'hello there'])"
    at.run()
    assert at.text[0].value == "(None, ['callback', 'hello there'])"


def test_chat_input_inside_a_container_is_not_pinned() -> None:
    at = app("from kernel import st\nwith st.container():\n    st.chat_input()\n").run()
    assert at.chat_input[0].props["pinned"] is False


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        ("st.chat_input(max_chars=-1)", "max_chars must be a positive int"),
        ("st.chat_input(submit_mode='later')", "submit_mode must be one of"),
    ],
)
def test_chat_input_errors_name_the_parameter(call: str, fragment: str) -> None:
    assert fragment in error_of(call)


def test_download_payload_reads_text_files_from_the_start() -> None:
    from kernel_plugins.elements_inputs.buttons import _download_payload

    text = io.StringIO("abc")
    text.read()
    assert _download_payload(text, None, None) == (b"abc", "download.txt", "text/plain")


def test_chat_input_with_files_returns_text_and_uploaded_files() -> None:
    at = app(
        """
        from kernel import st
        v = st.chat_input("Ask", accept_file="multiple", file_type=["png", "txt"])
        if v is not None:
            st.text(repr((type(v).__name__, v.text, [(f.name, f.getvalue()) for f in v.files], v["text"])))
        else:
            st.text("none")
        """
    ).run()
    assert at.text[0].value == "none"
    chat = at.chat_input[0]
    chat.upload("a.txt", b"A", "text/plain").upload("b.png", b"PNG", "image/png")
    chat.set_value("look at these").run()
    assert at.text[0].value == ("('ChatInputValue', 'look at these', [('a.txt', b'A'), ('b.png', b'PNG')], "
                                "'look at these')")
    at.run()
    assert at.text[0].value == "none"
    at.chat_input[0].set_value("just text").run()
    assert at.text[0].value == "('ChatInputValue', 'just text', [], 'just text')"
    at.chat_input[0].upload("x.exe", b"MZ").set_value("bad file").run()
    assert at.text[0].value == "('ChatInputValue', 'bad file', [], 'bad file')"
    assert at.chat_input[0].props["errors"] == ["x.exe is not an accepted file type (.png, .txt)."]


@pytest.mark.parametrize("files", [5, "f-1", {"f-1": 1}, None])
def test_chat_input_ignores_a_files_field_that_is_not_a_list(files: object) -> None:
    """A hostile frame's message with ``files`` of the wrong shape keeps its text, no files."""
    at = app("from kernel import st\nv = st.chat_input('Say', accept_file='multiple')\n"
             "st.text(repr(None if v is None else (v.text, v.files)))\n").run()
    chat = at.chat_input[0]
    chat.tree._stage(chat.id, {"text": "hi", "files": files})
    chat.tree._stage(chat.id, True, trigger=True)
    at.run()
    assert not at.exception
    assert at.text[0].value == "('hi', [])"


def test_chat_input_accept_file_is_validated() -> None:
    assert "accept_file must be one of" in error_of("st.chat_input(accept_file='yes')")
