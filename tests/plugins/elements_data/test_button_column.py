"""st.column_config.ButtonColumn: Streamlit's ButtonColumnResult with a key, a trigger widget per
keyed column whose value is the checked click ``{"row", "label"}``; AppTest clicks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from kernel.testing import AppTest, AppTestError
from kernel_plugins.elements_data._button_columns import cell_labels, checked_click
from kernel_plugins.elements_data.column_config import ButtonColumnResult
from tests.plugins.headless_run import RunScript, script_runner


@pytest.fixture
def run(tmp_path: Path) -> Iterator[RunScript]:
    with script_runner(tmp_path) as runner:
        yield runner


def test_with_a_key_it_returns_a_button_column_result_and_without_one_the_settings() -> None:
    from kernel import st

    def callback() -> None: ...

    result = st.column_config.ButtonColumn("Do", type="primary", on_click=callback, args=[1], kwargs={"a": 2},
                                           key="k", help="press")
    assert isinstance(result, ButtonColumnResult)
    assert result.config == {"type": "button", "label": "Do", "width": None, "help": "press", "pinned": None,
                             "button_type": "primary", "disabled": True}
    assert (result.on_click, result.args, result.kwargs, result.key) == (callback, (1,), {"a": 2}, "k")
    plain = st.column_config.ButtonColumn("Do")
    assert plain == {"type": "button", "label": "Do", "width": None, "help": None, "pinned": None,
                     "button_type": "secondary", "disabled": True}


def test_button_column_sends_labels_and_a_widget_id_but_no_callback(run: RunScript) -> None:
    props = run("""
        import pandas as pd
        from kernel import st
        df = pd.DataFrame({"act": ["Open", "Close"], "plain": ["x", "y"]})
        st.dataframe(df, column_config={"act": st.column_config.ButtonColumn(
            "Do", type="primary", on_click=print, args=(1,), key="k", help="press"),
            "plain": st.column_config.ButtonColumn()})
        st.text(repr(st.session_state.k))
    """).one("dataframe")
    act, plain = props["columns"]
    assert act["config"] == {"type": "button", "label": "Do", "help": "press", "button_type": "primary",
                             "disabled": True}
    assert isinstance(act["button_id"], str) and "_click" not in act
    assert "button_id" not in plain, "an unkeyed ButtonColumn is no widget: its buttons do nothing"
    assert [row[1] for row in props["rows"]] == ["Open", "Close"]


def test_button_column_state_is_read_only_and_none_without_a_click(run: RunScript) -> None:
    ran = run("""
        from kernel import st
        st.data_editor({"act": ["Go"]}, column_config={"act": st.column_config.ButtonColumn(key="b")})
        st.text(repr(st.session_state.b))
    """)
    assert ran.one("text")["body"] == "None"
    error = run("""
        from kernel import st
        st.session_state.b = {"row": 0, "label": "Go"}
        st.dataframe({"act": ["Go"]}, column_config={"act": st.column_config.ButtonColumn(key="b")})
    """).error()
    assert "read-only" in error["message"]


def test_a_reported_click_is_checked_against_the_frame() -> None:
    frame = pd.DataFrame({"a": [1, 2], "act": [["Edit", "Delete"], "Open"]})
    assert checked_click({"row": 0, "label": "Delete"}, lambda: frame, 1) == {"row": 0, "label": "Delete"}
    click = checked_click({"row": 1, "label": "Open"}, lambda: frame, 1)
    assert click is not None and (click.row, click.label) == (1, "Open")
    for raw in ({"row": 2, "label": "Open"}, {"row": -1, "label": "Open"}, {"row": True, "label": "Open"},
                {"row": 1, "label": "Delete"}, {"row": 0, "label": 3}, {"row": 0, "label": "x" * 5000},
                {"row": 0}, "act", None):
        assert checked_click(raw, lambda: frame, 1) is None
    assert cell_labels(None) == [] and cell_labels(float("nan")) == [] and cell_labels(["a", None, 2]) == ["a", "2"]


@pytest.mark.parametrize("call, fragment", [
    ("st.column_config.ButtonColumn(type='big')", "type"),
    ("st.column_config.ButtonColumn(on_click=3, key='k')", "on_click"),
    ("st.column_config.ButtonColumn(args=3, key='k')", "args"),
    ("st.column_config.ButtonColumn(kwargs=[1], key='k')", "kwargs"),
    ("st.column_config.ButtonColumn(width='huge')", "width"),
    ("st.column_config.ButtonColumn(key=1.5)", "key"),
    ("st.column_config.ButtonColumn(on_click=print)", "needs a key"),
    ("st.column_config.ButtonColumn(args=(1,))", "needs a key"),
    ("st.column_config.ButtonColumn(kwargs={'a': 1})", "needs a key"),
])
def test_button_column_argument_errors(run: RunScript, call: str, fragment: str) -> None:
    assert fragment in run(f"from kernel import st\n{call}\n").error()["message"]


CLICKS = """
import pandas as pd
from kernel import st
if "calls" not in st.session_state:
    st.session_state.calls = []
df = pd.DataFrame({"name": ["a", "b"], "act": [["Edit", "Delete"], "Open"], "plain": ["x", "y"]})
st.data_editor(df, key="editor", column_config={
    "act": st.column_config.ButtonColumn(
        "Action", key="act", on_click=lambda tag: st.session_state.calls.append((tag, st.session_state.act)),
        args=("cb",)),
    "plain": st.column_config.ButtonColumn()})
click = st.session_state.act
st.text(repr(click) if click is None else f"{click.row} {click.label}")
st.text(repr(st.session_state.calls))
"""


def test_apptest_clicks_a_button_column_cell() -> None:
    at = AppTest.from_string(CLICKS).run()
    assert [t.value for t in at.text] == ["None", "[]"]
    at.data_editor[0].click_button(0, "act", "Delete").run()
    assert [t.value for t in at.text] == ["0 Delete", "[('cb', {'row': 0, 'label': 'Delete'})]"]
    at.run()  # a trigger: the next run has no click, and the callback does not run again
    assert [t.value for t in at.text] == ["None", "[('cb', {'row': 0, 'label': 'Delete'})]"]
    at.dataframe[0].click_button(1, "act").run()  # a cell with one button: its value is the label
    assert at.text[0].value == "1 Open" and len(at.session_state.calls) == 2
    assert not at.exception


def test_apptest_refuses_clicks_that_no_button_makes() -> None:
    at = AppTest.from_string(CLICKS).run()
    grid = at.dataframe[0]
    with pytest.raises(AppTestError, match="pass label="):
        grid.click_button(0, "act")  # two buttons in that cell
    with pytest.raises(AppTestError, match="has no key"):
        grid.click_button(0, "plain")
    with pytest.raises(AppTestError, match="no ButtonColumn 'name'.*'act'"):
        grid.click_button(0, "name")
    # A click the frame does not have (like a forged message) is no click, and calls nothing.
    grid.click_button(1, "act", "Delete").run()
    assert [t.value for t in at.text] == ["None", "[]"]
