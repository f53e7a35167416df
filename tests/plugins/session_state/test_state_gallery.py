"""The state gallery example runs and its parts work together (AppTest)."""

from __future__ import annotations

from pathlib import Path

from kernel.testing import AppTest

GALLERY = Path(__file__).parents[3] / "examples" / "state_gallery.py"


def test_state_gallery() -> None:
    at = AppTest.from_file(GALLERY).run()
    assert not at.exception
    assert "count: 0" in at.text.values
    at.button[1].click().run()
    assert "count: 10" in at.text.values
    at.text_input("name").input("Ada").run()
    assert "hello Ada" in at.text.values
    at.button[2].click().run()
    assert "hello stranger" in at.text.values and at.session_state.name == ""
    at.selectbox[0].select("cocoa")
    at.slider[0].set_value(3)
    at.form_submit_button[0].click().run()
    assert "orders: 3 x cocoa" in at.text.values
    at.form_submit_button[0].click().run()
    assert "orders: 3 x cocoa, 1 x tea" in at.text.values  # the form was cleared
    at.slider[1].set_value(30).run()
    assert "30 °C is 86.0 °F" in at.text.values
    rename_button = [b for b in at.button if b.label == "Rename…"][0]
    rename_button.click().run()
    assert at.dialog[0].title == "Rename" and at.dialog[0].text_input[0].value == ""
    # AppTest runs are full runs: the dialog's own button would rerun only the dialog in a
    # browser; here the next run does not open it again.
    at.run()
    assert not at.dialog
    at.query_params = {"colour": "red"}
    at.run()
    assert "colour from the URL: red" in at.text.values
    at.checkbox[0].check().run()
    assert at.query_params["colour"] == "green"
