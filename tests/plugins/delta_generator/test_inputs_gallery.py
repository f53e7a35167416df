"""examples/gallery_inputs.py runs without errors and shows every Elements II command."""

from __future__ import annotations

from pathlib import Path

from kernel.testing import AppTest

GALLERY = Path(__file__).resolve().parents[3] / "examples" / "gallery_inputs.py"


def test_the_inputs_gallery_runs_and_shows_each_command() -> None:
    at = AppTest(GALLERY, default_timeout=10).run()
    assert [e.value for e in at.exception] == ["An exception, shown without stopping the app"]
    for collection in ("button", "download_button", "link_button", "checkbox", "toggle", "radio", "selectbox",
                       "multiselect", "select_slider", "pills", "segmented_control", "color_picker", "feedback",
                       "slider", "number_input", "date_input", "time_input", "text_input", "text_area",
                       "file_uploader", "camera_input", "chat_input", "container", "expander", "tabs", "popover",
                       "chat_message", "success", "info", "warning", "error", "progress", "status"):
        assert len(at.get(collection)) >= 1, collection
    assert at.status[0].state == "complete"
    next(b for b in at.button if b.label == "Celebrate").click().run()
    assert len(at.balloons) == 1 and len(at.snow) == 1
