"""File uploads: bytes stay on the server per session, typed as UploadedFile, refused over the limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from kernel.testing import AppTest
from tests.plugins.elements_inputs.inputs_harness import app, error_of

UPLOADER = """
from kernel import st
f = st.file_uploader("CSV", type=["csv", ".txt"], key="up")
if f is None:
    st.text("nothing")
else:
    st.text(repr((type(f).__name__, f.name, f.type, f.size, f.read(), f.getvalue())))
"""


def test_a_single_upload_round_trips_as_an_uploaded_file() -> None:
    at = app(UPLOADER).run()
    assert at.text[0].value == "nothing" and at.file_uploader[0].value is None
    at.file_uploader[0].upload("data.csv", b"a,b\n1,2\n", "text/csv").run()
    assert at.text[0].value == "('UploadedFile', 'data.csv', 'text/csv', 8, b'a,b\\n1,2\\n', b'a,b\\n1,2\\n')"
    assert at.session_state["up"].name == "data.csv"
    # The bytes came once; later runs get the file from the server-side store.
    at.run()
    assert at.text[0].value.startswith("('UploadedFile', 'data.csv'")
    at.file_uploader[0].upload("other.txt", b"hi").run()  # single mode: replaces
    assert at.file_uploader[0].names == ["other.txt"] and at.file_uploader[0].value.getvalue() == b"hi"
    at.file_uploader[0].clear().run()
    assert at.text[0].value == "nothing"


def test_multiple_files_come_back_as_a_list() -> None:
    at = app(
        "from kernel import st\nfs = st.file_uploader('Files', accept_multiple_files=True)\n"
        "st.text(repr([(f.name, f.getvalue()) for f in fs]))\n"
    ).run()
    assert at.text[0].value == "[]"
    at.file_uploader[0].upload("a.bin", b"\x00").upload("b.bin", b"\x01\x02").run()
    assert at.text[0].value == "[('a.bin', b'\\x00'), ('b.bin', b'\\x01\\x02')]"
    at.file_uploader[0].upload("c.bin", b"3").run()
    assert at.file_uploader[0].names == ["a.bin", "b.bin", "c.bin"]
    assert [f.getvalue() for f in at.file_uploader[0].value] == [b"\x00", b"\x01\x02", b"3"]
    assert at.file_uploader[0].accept_multiple_files


def test_files_over_the_configured_limit_are_refused_with_a_message(tmp_path: Path) -> None:
    source = "from kernel import st\nf = st.file_uploader('Big')\nst.text(repr(f))\n"
    at = app(source, tmp_path, **{"uploads.max_upload_size_mb": "1"}).run()
    assert at.file_uploader[0].props["max_bytes"] == 1024 * 1024
    at.file_uploader[0].upload("huge.bin", b"x" * (1024 * 1024 + 1)).run()
    assert at.text[0].value == "None"
    assert at.file_uploader[0].errors == ["huge.bin is 1.0 MB, over the upload limit of 1 MB."]
    at.file_uploader[0].upload("small.bin", b"x" * 10).run()
    assert at.file_uploader[0].errors == [] and at.file_uploader[0].names == ["small.bin"]


def test_the_widget_limit_overrides_the_config_and_claimed_sizes_are_checked() -> None:
    at = app("from kernel import st\nf = st.file_uploader('U', max_upload_size=2)\nst.text(repr(f))\n").run()
    uploader = at.file_uploader[0]
    # What the page sends for a file it saw is too big: its size, no bytes.
    at._stage(uploader.props["upload_key"], {"f-1": {"name": "movie.mp4", "type": "video/mp4",
                                                     "size": 5 * 1024 * 1024, "data": None}})
    at._stage(uploader.id, ["f-1"])
    at.run()
    assert at.text[0].value == "None"
    assert at.file_uploader[0].errors == ["movie.mp4 is 5.0 MB, over the upload limit of 2 MB."]


def test_files_of_other_types_are_refused() -> None:
    at = app(UPLOADER).run()
    at.file_uploader[0].upload("evil.exe", b"MZ").run()
    assert at.text[0].value == "nothing"
    assert at.file_uploader[0].errors == ["evil.exe is not an accepted file type (.csv, .txt)."]


def test_uploads_are_scoped_to_their_session() -> None:
    first = app(UPLOADER).run()
    first.file_uploader[0].upload("mine.csv", b"secret").run()
    file_id = first.file_uploader[0].files[0]["id"]
    second = AppTest.from_string(UPLOADER).run()
    # Another session naming the same file id gets nothing.
    second._stage(second.file_uploader[0].id, [file_id])
    second.run()
    assert second.text[0].value == "nothing"


def test_camera_input_returns_a_jpeg_uploaded_file() -> None:
    at = app("from kernel import st\np = st.camera_input('Smile')\nst.text(repr(p and (p.name, p.type)))\n").run()
    assert at.text[0].value == "None"
    at.camera_input[0].take_photo().run()
    assert at.text[0].value == "('camera.jpg', 'image/jpeg')"


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        ("st.file_uploader('u', type=[3])", "type must be a string or a list of strings"),
        ("st.file_uploader('u', max_upload_size=0)", "max_upload_size must be a positive int"),
        ("st.camera_input('c', resolution='4k')", "resolution must be None, '480p', '720p' or '1080p'"),
    ],
)
def test_upload_errors_name_the_parameter(call: str, fragment: str) -> None:
    assert fragment in error_of(call)


def test_the_upload_limit_option_is_validated(tmp_path: Path) -> None:
    at = app("from kernel import st\n", tmp_path, **{"uploads.max_upload_size_mb": "0"})
    with pytest.raises(Exception, match="max_upload_size"):
        at.run()


def test_a_directory_upload_keeps_relative_paths() -> None:
    at = app("from kernel import st\nfs = st.file_uploader('Folder', accept_multiple_files='directory')\n"
             "st.text(repr([f.name for f in fs]))\n").run()
    assert at.file_uploader[0].props["directory"] is True
    at.file_uploader[0].upload("photos/a.jpg", b"1").upload("photos/2024/b.jpg", b"2").run()
    assert at.text[0].value == "['photos/a.jpg', 'photos/2024/b.jpg']"
    assert "accept_multiple_files must be True, False or 'directory'" in error_of(
        "st.file_uploader('u', accept_multiple_files='many')")
