"""st.data_editor's SelectboxColumn and MultiselectColumn cells: an edit is kept only when the column
offers it (the options; any text for a multiselect with accept_new_options), in the browser's state and
through AppTest's ``edit_cell``."""

from __future__ import annotations

from kernel.testing import AppTest
from kernel_plugins.elements_data._editing import Choices, choices_of, state_coercer

APP = """
import pandas as pd
from kernel import st
frame = pd.DataFrame({"size": ["S", "M"], "tags": [["a"], ["b"]], "n": [1, 2]})
out = st.data_editor(frame, key="ed", column_config={
    "size": st.column_config.SelectboxColumn(options=["S", "M", "L"]),
    "tags": st.column_config.MultiselectColumn(options=["a", "b", "c"]),
})
st.text(repr(out.to_dict(orient="list")))
"""


def test_choice_columns_are_found_by_their_config() -> None:
    columns = [{"name": "size", "config": {"type": "selectbox", "options": ["S", "M"]}},
               {"name": "tags", "config": {"type": "multiselect", "options": ["a"], "accept_new_options": True}},
               {"name": "free", "config": {"type": "selectbox"}}, {"name": "n", "type": "int"}]
    assert choices_of(columns) == {"size": Choices(("S", "M")), "tags": Choices(("a",), True, True)}


def test_an_edit_the_column_does_not_offer_is_dropped() -> None:
    coerce = state_coercer(2, {"size": "str", "tags": "list", "new": "list", "n": "int"}, "fixed", False,
                           {"size": Choices(("S", "M", "L")), "tags": Choices(("a", "b", "c"), True),
                            "new": Choices(("a",), True, True)})
    state = coerce({"edited_rows": {
        "0": {"size": "L", "tags": ["c", "a", "c"], "new": ["a", "zz"], "n": "5"},
        "1": {"size": "XL", "tags": ["z"], "new": [3]},
    }})
    assert state["edited_rows"] == {0: {"size": "L", "tags": ["c", "a"], "new": ["a", "zz"], "n": 5}}
    assert coerce({"edited_rows": {"1": {"size": None, "tags": "a"}}})["edited_rows"] == {1: {"size": None}}


def test_apptest_edit_cell_reaches_the_script_through_the_same_checks() -> None:
    at = AppTest.from_string(APP).run()
    assert at.text[0].value == "{'size': ['S', 'M'], 'tags': [['a'], ['b']], 'n': [1, 2]}"
    editor = at.data_editor[0]
    editor.edit_cell(0, "size", "L").edit_cell(0, "tags", ["c", "a"]).edit_cell(1, "size", "XL").run()
    assert at.text[0].value == "{'size': ['L', 'M'], 'tags': [['c', 'a'], ['b']], 'n': [1, 2]}"
    assert dict(at.session_state["ed"])["edited_rows"] == {0: {"size": "L", "tags": ["c", "a"]}}
    at.data_editor[0].edit_cell(1, "tags", []).run()
    assert at.text[0].value == "{'size': ['L', 'M'], 'tags': [['c', 'a'], []], 'n': [1, 2]}"
