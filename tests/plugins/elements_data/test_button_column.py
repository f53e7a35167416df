"""st.column_config.ButtonColumn: a trigger widget per column whose value is the clicked cell."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kernel_plugins.elements_data._button_columns import _clicked
from tests.plugins.headless_run import RunScript, script_runner


@pytest.fixture
def run(tmp_path: Path) -> Iterator[RunScript]:
    with script_runner(tmp_path) as runner:
        yield runner


def test_button_column_sends_labels_and_a_widget_id_but_no_callback(run: RunScript) -> None:
    props = run("""
        import pandas as pd
        from kernel import st
        df = pd.DataFrame({"act": ["Open", "Close"]})
        st.dataframe(df, column_config={"act": st.column_config.ButtonColumn(
            "Do", type="primary", on_click=print, args=(1,), key="k", help="press")})
        st.text(repr(st.session_state.k))
    """).one("dataframe")
    column = props["columns"][0]
    assert column["config"] == {"type": "button", "label": "Do", "help": "press", "button_type": "primary",
                                "disabled": True}
    assert isinstance(column["button_id"], str) and "_click" not in column
    assert [row[1] for row in props["rows"]] == ["Open", "Close"]


def test_button_column_state_is_read_only_and_unclicked_at_first(run: RunScript) -> None:
    ran = run("""
        from kernel import st
        st.data_editor({"act": ["Go"]}, column_config={"act": st.column_config.ButtonColumn(key="b")})
        st.text(repr(st.session_state.b))
    """)
    assert ran.one("text")["body"] == "{'row': None, 'column': None}"
    error = run("""
        from kernel import st
        st.session_state.b = {"row": 0, "column": "act"}
        st.dataframe({"act": ["Go"]}, column_config={"act": st.column_config.ButtonColumn(key="b")})
    """).error()
    assert "read-only" in error["message"]


def test_a_reported_click_is_checked() -> None:
    names = ["a", "act"]
    assert _clicked({"row": 1, "column": "act"}, 2, names) == {"row": 1, "column": "act"}
    for raw in ({"row": 2, "column": "act"}, {"row": -1, "column": "act"}, {"row": True, "column": "act"},
                {"row": 0, "column": "nope"}, "act", None):
        assert _clicked(raw, 2, names) == {"row": None, "column": None}


@pytest.mark.parametrize("call, fragment", [
    ("st.column_config.ButtonColumn(type='big')", "type"),
    ("st.column_config.ButtonColumn(on_click=3)", "on_click"),
    ("st.column_config.ButtonColumn(args=3)", "args"),
    ("st.column_config.ButtonColumn(kwargs=[1])", "kwargs"),
    ("st.column_config.ButtonColumn(width='huge')", "width"),
])
def test_button_column_argument_errors(run: RunScript, call: str, fragment: str) -> None:
    assert fragment in run(f"from kernel import st\n{call}\n").error()["message"]


def test_unkeyed_button_columns_of_two_grids_are_two_widgets(run: RunScript) -> None:
    ran = run("""
        from kernel import st
        st.dataframe({"act": ["Go"]}, column_config={"act": st.column_config.ButtonColumn()})
        st.dataframe({"act": ["Stop"]}, column_config={"act": st.column_config.ButtonColumn()})
    """)
    first, second = ran.props("dataframe")
    assert first["columns"][0]["button_id"] != second["columns"][0]["button_id"]
