"""Which parameters make st.data_editor and a selectable st.dataframe the same widget (#18):
Streamlit's rule, so that apps that vary ``hide_index``/``column_order`` keep working."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.plugins.headless_run import Ran, RunScript, script_runner


@pytest.fixture
def run(tmp_path: Path) -> Iterator[RunScript]:
    with script_runner(tmp_path) as runner:
        yield runner


def texts(msgs: list[Any]) -> list[str]:
    return [m.element.props["body"] for m in msgs if getattr(m, "element", None) is not None
            and m.element.kind == "text"]


def test_unkeyed_editors_that_differ_in_how_they_show_the_data_are_different_widgets(run: RunScript) -> None:
    ran = run("""
        import pandas as pd
        from kernel import st
        df = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]})
        st.data_editor(df, hide_index=True)
        st.data_editor(df, column_order=["b", "a"])
        st.data_editor(df.assign(a=[4, 5, 6]))
        st.data_editor(df, column_config={"a": "A"})
        st.data_editor(df, height=200)
        st.dataframe(df, on_select="rerun", hide_index=True)
        st.dataframe(df, on_select="rerun")
        st.dataframe(df.assign(a=[4, 5, 6]), on_select="rerun")
        st.text("ok")
    """)
    assert ran.props("exception") == []
    ids = [p["id"] for p in ran.props("dataframe")]
    assert len(set(ids)) == len(ids) == 8


def test_the_same_unkeyed_editor_twice_is_still_a_duplicate(run: RunScript) -> None:
    ran = run("""
        import pandas as pd
        from kernel import st
        df = pd.DataFrame({"a": [1, 2, 3]})
        st.data_editor(df, hide_index=True)
        st.data_editor(df, hide_index=True)
    """)
    assert ran.error()["type"] == "DuplicateElementId"


VARYING = """
import pandas as pd
from kernel import st
st.session_state.setdefault("n", 0)
n = st.session_state.n
st.session_state.n += 1
frame = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]})
edited = st.data_editor(frame, key=KEY, hide_index=n % 2 == 0, column_order=["b", "a"] if n % 2 else None,
                        row_height=30 + n)
st.text(repr(edited["a"].tolist()))
"""


def edit_then_vary(run: RunScript, key: str | None) -> tuple[Ran, list[str], list[str]]:
    ran = run(VARYING.replace("KEY", repr(key)))
    wid = ran.one("dataframe")["id"]
    edited = texts(ran.session.run({wid: {"edited_rows": {"0": {"a": 10}}, "added_rows": [], "deleted_rows": []}}))
    again = texts(ran.session.run())
    return ran, edited, again


def test_a_keyed_editor_keeps_its_edits_when_hide_index_column_order_or_row_height_change(run: RunScript) -> None:
    ran, edited, again = edit_then_vary(run, "ed")
    assert edited == ["[10, 2, 3]"]
    assert again == ["[10, 2, 3]"] or again == [], again  # unchanged text: not sent again
    assert ran.props("exception") == []


def test_an_unkeyed_editor_starts_over_when_how_it_shows_the_data_changes(run: RunScript) -> None:
    # As in Streamlit: without a key, those parameters are part of the widget's identity.
    ran, edited, again = edit_then_vary(run, None)
    # The text shows the unedited column (a text that did not change is not sent again).
    assert edited in (["[1, 2, 3]"], []) and again in (["[1, 2, 3]"], [])
    assert texts(ran.msgs) == ["[1, 2, 3]"]
