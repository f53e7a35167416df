"""st.audio_input (issue 20): a microphone recording returned as an UploadedFile (audio/wav)."""

from __future__ import annotations

import pytest

from kernel.testing import AppTest

SCRIPT = """
from kernel import st
clip = st.audio_input("Say", key="a", sample_rate=8000, on_change=lambda: st.session_state.update(changed=True))
st.text(repr(clip and (clip.type, clip.name, clip.size, clip.getvalue())))
st.text(repr(st.session_state.get("changed")))
"""


def test_audio_input_is_none_before_a_recording_then_the_wav_file() -> None:
    at = AppTest.from_string(SCRIPT).run()
    node = at.get("audio_input")[0]
    assert at.text[0].value == "None" and node.value is None
    assert node.type == "audio_input" and node.label == "Say" and node.sample_rate == 8000
    node.record(b"RIFF\x00\x00\x00\x00WAVEdata").run()
    assert not at.exception
    assert at.text[0].value == "('audio/wav', 'audio.wav', 16, b'RIFF\\x00\\x00\\x00\\x00WAVEdata')"
    assert at.text[1].value == "True"  # on_change ran
    assert at.session_state["a"].getvalue().startswith(b"RIFF")
    at.get("audio_input")[0].clear().run()
    assert at.text[0].value == "None"


def test_audio_input_refuses_what_is_not_wav() -> None:
    at = AppTest.from_string(SCRIPT).run()
    at.get("audio_input")[0].upload("x.mp3", b"ID3", "audio/mpeg").run()
    assert at.text[0].value == "None"
    assert at.get("audio_input")[0].errors == ["x.mp3 is not an accepted file type (audio/wav)."]


@pytest.mark.parametrize("call, message", [
    ("st.audio_input('x', sample_rate=12345)", "st.audio_input(sample_rate=12345): sample_rate must be one of"),
    ("st.audio_input('x', sample_rate=True)", "st.audio_input(sample_rate=True): sample_rate must be one of"),
    ("st.audio_input('x', label_visibility='gone')", "label_visibility"),
])
def test_audio_input_arguments_are_checked(call: str, message: str) -> None:
    at = AppTest.from_string(f"from kernel import st\n{call}\n").run()
    assert message in at.exception[0].value


def test_audio_input_with_the_browser_rate_and_a_disabled_one() -> None:
    at = AppTest.from_string("""
from kernel import st
st.audio_input("a", sample_rate=None)
st.sidebar.audio_input("b", disabled=True, label_visibility="collapsed", width=300)
""").run()
    first, second = at.get("audio_input")
    assert first.sample_rate is None and second.props["disabled"] is True and second.props["width"] == 300
