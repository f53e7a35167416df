"""A traceback in the page shows the app's frames only, as Streamlit does, unless
``[client] show_full_traceback`` asks for every frame (#18)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.plugins.headless_run import RunScript, script_runner

APP = """
import json
from kernel import st

def helper():
    st.slider("x", 5, 1)

def parse():
    return json.loads("{")

try:
    parse()
except ValueError as exc:
    st.exception(exc)
helper()
"""


@pytest.fixture
def run(tmp_path: Path) -> Iterator[RunScript]:
    with script_runner(tmp_path) as runner:
        yield runner


def files(lines: list[str]) -> list[str]:
    return [line.split('"')[1] for line in lines]


def test_the_page_shows_the_apps_frames_and_the_libraries_it_calls(run: RunScript, tmp_path: Path) -> None:
    ran = run(APP)
    shown, uncaught = ran.props("exception")
    script = str(tmp_path / "app.py")
    # st.exception: the script's frames and the json module it called (not the framework's).
    assert files(shown["traceback"])[:2] == [script, script]
    assert any("json" in f for f in files(shown["traceback"]))
    # The uncaught error raised inside st.slider: the script's frames only.
    assert files(uncaught["traceback"]) == [script, script]
    assert "helper()" in uncaught["traceback"][0] and 'st.slider("x", 5, 1)' in uncaught["traceback"][1]
    assert not any("kernel" in f for f in files(shown["traceback"] + uncaught["traceback"]))


def test_full_traceback_shows_every_frame(run: RunScript, tmp_path: Path) -> None:
    ran = run(APP, **{"client.show_full_traceback": "true"})
    uncaught = ran.props("exception")[-1]
    shown = files(uncaught["traceback"])
    assert str(tmp_path / "app.py") in shown
    assert any("/kernel/" in f for f in shown) and any("elements_inputs" in f for f in shown)
    assert any("script_runner" in f for f in shown), "the frames that ran the script too"


def test_an_error_of_the_framework_itself_keeps_its_frames() -> None:
    import traceback

    from kernel_plugins.elements_status._frames import app_frames

    frames = [traceback.FrameSummary("/x/kernel/a.py", 1, "f"), traceback.FrameSummary("/x/kernel/b.py", 2, "g")]
    assert app_frames(frames, ("/x/kernel",), "/app/app.py") == frames
    mixed = [*frames, traceback.FrameSummary("/app/app.py", 3, "<module>"),
             traceback.FrameSummary("/x/kernelish/c.py", 4, "h"), traceback.FrameSummary("/x/kernel/d.py", 5, "i")]
    assert [f.lineno for f in app_frames(mixed, ("/x/kernel",), "/app/app.py")] == [3, 4]
