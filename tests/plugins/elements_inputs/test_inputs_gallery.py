"""examples/gallery.py runs without errors and shows every Elements II command."""

from __future__ import annotations

from pathlib import Path

import pytest

from kernel.testing import AppTest

GALLERY = Path(__file__).resolve().parents[3] / "examples" / "gallery.py"
COLLECTIONS = (
    "button", "download_button", "link_button", "checkbox", "toggle", "radio", "selectbox", "multiselect",
    "select_slider", "pills", "segmented_control", "color_picker", "feedback", "slider", "number_input",
    "date_input", "time_input", "text_input", "text_area", "file_uploader", "camera_input", "chat_input",
    "columns", "container", "expander", "tabs", "popover", "chat_message", "success", "info", "warning", "error",
    "progress", "status",
)


def test_the_gallery_shows_each_inputs_layout_and_status_command() -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("plotly")
    at = AppTest(GALLERY, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    for collection in COLLECTIONS:
        assert len(at.get(collection)) >= 1, collection
    assert len(at.sidebar.radio) == 1
    assert at.status[0].state == "complete"
    next(b for b in at.button if b.label == "Celebrate").click().run(timeout=60)
    assert len(at.balloons) == 1 and len(at.snow) == 1
