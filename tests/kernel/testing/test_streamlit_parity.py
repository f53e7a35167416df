"""Tests written as for Streamlit's AppTest, with only the import changed (issue 18).

With Streamlit each file would start ``from streamlit.testing.v1 import AppTest`` (and
``from streamlit.testing.v1.util import patch_config_options``); the scripts say
``import streamlit as st``, unchanged.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kernel.testing import AppTest, patch_config_options


def test_option_widgets_return_the_original_option_objects() -> None:
    def app() -> None:
        import streamlit as st

        class Size:
            def __init__(self, name: str, cm: int) -> None:
                self.name, self.cm = name, cm

            def __eq__(self, other: object) -> bool:
                return isinstance(other, Size) and other.cm == self.cm

            def __hash__(self) -> int:
                return self.cm

        sizes = [Size("S", 10), Size("M", 20), Size("L", 30)]
        st.radio("size", sizes, format_func=lambda s: s.name, key="radio")
        st.selectbox("count", [1, 2, 3], key="box")
        st.multiselect("tags", [("a", 1), ("b", 2)], format_func=lambda t: t[0], key="tags")
        st.select_slider("level", [0.5, 1.5, 2.5], key="level")
        st.pills("pill", [10, 20], key="pill")

    at = AppTest.from_function(app).run()
    assert at.radio(key="radio").value.cm == 10
    assert at.selectbox(key="box").value == 1
    at.selectbox(key="box").select(3)
    at.multiselect(key="tags").select(("b", 2))
    at.select_slider(key="level").set_value(2.5)
    at.pills(key="pill").select(20)
    at.run()
    assert at.selectbox(key="box").value == 3 and at.selectbox(key="box").index == 2
    assert at.multiselect(key="tags").value == [("b", 2)]
    assert at.select_slider(key="level").value == 2.5
    assert at.pills(key="pill").value == 20
    assert at.radio(key="radio").options == ["S", "M", "L"]


def test_select_index_out_of_range_raises_index_error() -> None:
    at = AppTest.from_string("import streamlit as st\nst.selectbox('x', ['a', 'b'])\n").run()
    with pytest.raises(IndexError):
        at.selectbox[0].select_index(5)
    assert at.selectbox[0].select_index(-1).run().selectbox[0].value == "b"


def test_headings_have_streamlits_types_and_hide_anchor() -> None:
    at = AppTest.from_string(
        "import streamlit as st\n"
        "st.title('T', anchor=False)\nst.header('H')\nst.subheader('S')\n"
        "st.markdown('body')\nst.caption('small print')\n"
    ).run()
    assert [at.title[0].type, at.header[0].type, at.subheader[0].type] == ["title", "header", "subheader"]
    assert at.title[0].hide_anchor is True and at.header[0].hide_anchor is False
    assert at.markdown.values == ["body"]
    assert at.caption.values == ["small print"] and at.caption[0].type == "caption"


def test_dataframe_and_table_keep_a_multiindex() -> None:
    def app() -> None:
        import pandas as pd
        import streamlit as st

        index = pd.MultiIndex.from_tuples([("a", 1), ("a", 2), ("b", 1)], names=["letter", "n"])
        frame = pd.DataFrame({"x": [1, 2, 3]}, index=index)
        st.dataframe(frame)
        st.table(frame)

    import pandas as pd

    at = AppTest.from_function(app).run()
    expected = pd.DataFrame({"x": [1, 2, 3]},
                            index=pd.MultiIndex.from_tuples([("a", 1), ("a", 2), ("b", 1)], names=["letter", "n"]))
    pd.testing.assert_frame_equal(at.dataframe[0].value, expected)
    pd.testing.assert_frame_equal(at.table[0].value, expected)
    assert (at.dataframe[0].type, at.table[0].type) == ("arrow_data_frame", "arrow_table")


def test_date_input_takes_a_datetime() -> None:
    at = AppTest.from_string("import streamlit as st, datetime\n"
                             "st.write(st.date_input('d', datetime.date(2024, 1, 1)))\n").run()
    at.date_input[0].set_value(dt.datetime(2024, 5, 6, 12, 30)).run()
    assert at.date_input[0].value == dt.date(2024, 5, 6)
    assert at.markdown.values == ["`2024-05-06`"]


def test_chat_input_value_is_what_the_run_got() -> None:
    at = AppTest.from_string("import streamlit as st\nprompt = st.chat_input('Say')\n").run()
    assert at.chat_input[0].value is None
    at.chat_input[0].set_value("hello").run()
    assert at.chat_input[0].value == "hello"
    assert at.run().chat_input[0].value is None


def test_color_stays_as_given_and_json_is_compact() -> None:
    at = AppTest.from_string("import streamlit as st\nst.color_picker('c', '#ABC')\nst.json({'a': [1, 2]})\n").run()
    assert at.color_picker[0].value == "#ABC"
    assert at.json[0].value == '{"a": [1, 2]}'


def test_patch_config_options_applies_to_the_apps_run_inside() -> None:
    with patch_config_options({"runner.magicEnabled": False}):
        at = AppTest.from_string("import streamlit as st\n'magic text'\nst.write('written')\n").run()
    assert at.markdown.values == ["written"]
    at = AppTest.from_string("import streamlit as st\n'magic text'\n").run()
    assert at.markdown.values == ["magic text"]


def test_enforce_serializable_session_state() -> None:
    script = "import streamlit as st, threading\nst.session_state.lock = threading.Lock()\n"
    with patch_config_options({"runner.enforceSerializableSessionState": True}):
        at = AppTest.from_string(script).run()
    assert "cannot be pickled" in at.exception[0].message and "'lock'" in at.exception[0].message
    assert not AppTest.from_string(script).run().exception


@pytest.mark.parametrize(("mode", "matched"), [("nameOnly", True), ("nameAndValue", True), ("off", False)])
def test_enum_coercion_matches_an_earlier_runs_member(mode: str, matched: bool) -> None:
    script = (
        "import enum\nimport streamlit as st\n"
        "class Color(enum.Enum):\n    RED = 1\n    GREEN = 2\n"
        "if 'saved' not in st.session_state:\n    st.session_state.saved = Color.GREEN\n"
        "else:\n    st.session_state.pick = st.session_state.saved\n"
        "choice = st.radio('Color', list(Color), key='pick')\n"
        "st.write(choice is Color.GREEN)\n"
    )
    with patch_config_options({"runner.enumCoercion": mode}):
        at = AppTest.from_string(script).run()
        at.run()
    assert not at.exception
    # The class is defined anew on every run: the saved GREEN is another class's member.
    assert at.markdown.values == ["`True`" if matched else "`False`"]
