"""Selection widgets: values round-trip with the right types; bad arguments name the parameter."""

from __future__ import annotations

import pytest

from tests.plugins.elements_inputs.inputs_harness import app, error_of


def test_toggle_round_trips_a_bool_and_publishes_its_key() -> None:
    at = app("from kernel import st\nv = st.toggle('Dark', key='dark')\nst.text(repr(v))\n").run()
    assert at.text[0].value == "False" and at.toggle[0].value is False
    at.toggle[0].set_value(True).run()
    assert at.text[0].value == "True" and at.session_state["dark"] is True
    assert at.toggle[0].label == "Dark" and at.toggle[0].key == "dark"


def test_radio_returns_the_option_object_and_supports_index_none() -> None:
    at = app(
        """
        from kernel import st
        a = st.radio("Pick", [10, 20, 30], index=2, horizontal=True, captions=["ten"])
        b = st.radio("None yet", ["x", "y"], index=None)
        st.text(repr((a, b)))
        """
    ).run()
    assert at.text[0].value == "(30, None)"
    assert at.radio[0].options == ["10", "20", "30"] and at.radio[0].props["horizontal"] is True
    at.radio[0].set_value(10)
    at.radio[1].set_value("y")
    at.run()
    assert at.text[0].value == "(10, 'y')"
    assert at.radio[0].value == 10 and at.radio[1].index == 1  # the option object, as in Streamlit (issue 18)


def test_radio_ignores_an_out_of_range_index_from_the_page() -> None:
    at = app("from kernel import st\nst.text(repr(st.radio('r', ['a', 'b'])))\n").run()
    at.radio[0].tree._stage(at.radio[0].id, 7)
    at.run()
    assert at.text[0].value == "'a'"


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        ("st.radio('r', ['a', 'b'], index=5)", "`index` parameter, set to 5, is outside the required range [0, 1]"),
        ("st.radio('r', ['a'], index='0')", "index must be an int or None"),
        ("st.radio('r', 'abc')", "options must be a list"),
        ("st.radio('r', ['a'], label_visibility='gone')", "label_visibility must be one of"),
        ("st.radio('r', ['a'], on_change=3)", "on_change must be a function"),
        ("st.toggle('t', key='')", "key"),
    ],
)
def test_radio_and_toggle_errors_name_the_parameter(call: str, fragment: str) -> None:
    assert fragment in error_of(call)


def test_multiselect_keeps_order_copies_options_and_caps_selections() -> None:
    at = app(
        """
        from kernel import st
        opts = [{"n": 1}, {"n": 2}, {"n": 3}]
        chosen = st.multiselect("M", opts, default=[opts[1]], format_func=lambda o: f"n{o['n']}",
                                max_selections=2, key="m")
        st.text(repr(chosen))
        st.text(repr(any(c is o for c in chosen for o in opts)))
        """
    ).run()
    assert at.text.values == ["[{'n': 2}]", "False"]
    assert at.multiselect[0].options == ["n1", "n2", "n3"]
    at.multiselect[0].select("n3").run()
    assert at.text[0].value == "[{'n': 2}, {'n': 3}]"
    assert at.multiselect[0].value == [{"n": 2}, {"n": 3}]  # the option objects, as in Streamlit (issue 18)
    at.multiselect[0].set_value(["n1", "n2", "n3"]).run()  # more than max_selections: cut
    assert at.text[0].value == "[{'n': 1}, {'n': 2}]"
    assert at.session_state["m"] == [{"n": 1}, {"n": 2}]
    at.multiselect[0].unselect("n1").run()
    assert at.text[0].value == "[{'n': 2}]"


def test_multiselect_accepts_new_options_as_text() -> None:
    at = app("from kernel import st\nst.text(repr(st.multiselect('Tags', ['a', 'b'], accept_new_options=True)))\n")
    at.run()
    at.multiselect[0].set_value(["b", "brand new"]).run()
    assert at.text[0].value == "['b', 'brand new']"


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        ("st.multiselect('m', ['a', 'b'], default=['z'])", "default value 'z' is not part of the options"),
        ("st.multiselect('m', ['a', 'b'], default=['a', 'b'], max_selections=1)", "max_selections=1"),
        ("st.multiselect('m', ['a'], max_selections=0)", "max_selections must be a positive int"),
        ("st.multiselect('m', ['a'], format_func=3)", "format_func must be callable"),
    ],
)
def test_multiselect_errors_name_the_parameter(call: str, fragment: str) -> None:
    assert fragment in error_of(call)


def test_select_slider_single_and_range() -> None:
    at = app(
        """
        from kernel import st
        size = st.select_slider("Size", ["S", "M", "L", "XL"], value="M")
        lo, hi = st.select_slider("Range", options=range(0, 50, 10), value=(10, 30))
        st.text(repr((size, lo, hi)))
        """
    ).run()
    assert at.text[0].value == "('M', 10, 30)"
    at.select_slider[0].set_value("XL")
    at.select_slider[1].set_range("40", "0")
    at.run()
    assert at.text[0].value == "('XL', 0, 40)"
    assert at.select_slider[1].value == (0, 40)  # the option objects, as in Streamlit (issue 18)


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        ("st.select_slider('s', ['a', 'b'], value='z')", "'z' is not one of the options"),
        ("st.select_slider('s', [])", "options must not be empty"),
        ("st.select_slider('s', ['a', 'b'], value=('a', 'b', 'a'))", "exactly two values"),
    ],
)
def test_select_slider_errors_name_the_parameter(call: str, fragment: str) -> None:
    assert fragment in error_of(call)


def test_pills_single_and_segmented_control_multi() -> None:
    at = app(
        """
        from kernel import st
        p = st.pills("Fruit", ["apple", "pear"], default="pear")
        s = st.segmented_control("Days", ["Mon", "Tue", "Wed"], selection_mode="multi")
        st.text(repr((p, s)))
        """
    ).run()
    assert at.text[0].value == "('pear', [])"
    assert len(at.pills) == 1 and len(at.segmented_control) == 1
    at.pills[0].set_value(None)
    at.segmented_control[0].select("Wed").select("Mon")
    at.run()
    assert at.text[0].value == "(None, ['Wed', 'Mon'])"


def test_required_pills_cannot_be_cleared_from_the_page() -> None:
    at = app("from kernel import st\nst.text(repr(st.pills('P', ['a', 'b'], default='b', required=True)))\n").run()
    at.pills[0].set_value(None).run()
    assert at.text[0].value == "'b'"


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        ("st.pills('p', ['a'], selection_mode='many')", "selection_mode must be one of"),
        ("st.pills('p', ['a'], selection_mode='multi', required=True)", "required only works"),
        ("st.segmented_control('p', ['a'], default='q')", "default value 'q' is not part"),
    ],
)
def test_button_group_errors_name_the_parameter(call: str, fragment: str) -> None:
    assert fragment in error_of(call)


def test_feedback_is_none_until_chosen_then_an_int() -> None:
    at = app("from kernel import st\nst.text(repr((st.feedback(), st.feedback('stars', default=2))))\n").run()
    assert at.text[0].value == "(None, 2)"
    at.feedback[0].set_value(1)
    at.feedback[1].set_value(9)  # out of range from the page: ignored
    at.run()
    assert at.text[0].value == "(1, 2)"


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        ("st.feedback('hearts')", "options must be one of"),
        ("st.feedback('thumbs', default=2)", "default must be an int from 0 to 1"),
    ],
)
def test_feedback_errors_name_the_parameter(call: str, fragment: str) -> None:
    assert fragment in error_of(call)


def test_color_picker_returns_hex_text() -> None:
    at = app("from kernel import st\nst.text(st.color_picker('C', '#0af'))\n").run()
    assert at.text[0].value == "#0af" and at.color_picker[0].value == "#0af"  # as given, as in Streamlit (issue 18)
    at.color_picker[0].pick("#123456").run()
    assert at.text[0].value == "#123456"
    at.color_picker[0].pick("red").run()  # not a hex colour: ignored
    assert at.text[0].value == "#0af"
    assert "'red' is not a valid hex code" in error_of("st.color_picker('c', 'red')")


def test_selectbox_accepts_new_options_and_index_none() -> None:
    at = app(
        """
        from kernel import st
        v = st.selectbox("City", ["Paris", "Rome"], index=None, accept_new_options=True)
        st.text(repr(v))
        """
    ).run()
    assert at.text[0].value == "None"
    assert at.selectbox[0].props["placeholder"] == "Choose or add an option"
    at.selectbox[0].set_value("Oslo").run()
    assert at.text[0].value == "'Oslo'"
    at.selectbox[0].set_value("rome").run()  # case-insensitive match to an existing option
    assert at.text[0].value == "'Rome'"


def test_callbacks_get_their_args_once_per_change() -> None:
    at = app(
        """
        from kernel import st
        if "log" not in st.session_state:
            st.session_state.log = []
        def changed(tag, *, extra):
            st.session_state.log.append((tag, extra))
        st.radio("R", ["a", "b"], key="r", on_change=changed, args=("radio",), kwargs={"extra": 1})
        st.text(repr(st.session_state.log))
        """
    ).run()
    assert at.text[0].value == "[]"
    at.radio[0].set_value("b").run()
    assert at.text[0].value == "[('radio', 1)]" and at.session_state["r"] == "b"
    at.run()  # no change, no callback
    assert at.text[0].value == "[('radio', 1)]"


def test_apptest_helpers_match_streamlits_names() -> None:
    at = app(
        """
        from kernel import st
        st.pills("P", ["a", "b", "c"], selection_mode="multi", default=["a", "c"])
        st.multiselect("M", ["x", "y"], default=["y"], max_selections=2)
        st.radio("R", ["u", "v"], horizontal=True)
        st.color_picker("C")
        """
    ).run()
    group = at.button_group[0]
    assert group.indices == [0, 2] and group.formatted_values == ["a", "c"]
    group.unselect("a")
    assert group.value == ["c"]
    assert at.multiselect[0].indices == [1] and at.multiselect[0].max_selections == 2
    assert at.radio[0].horizontal is True
    at.color_picker[0].pick("abcdef").run()
    assert at.color_picker[0].value == "#abcdef"


@pytest.mark.parametrize(
    "call",
    ["st.toggle('t', width='wide')", "st.radio('r', ['a'], width=0)", "st.number_input('n', width='half')",
     "st.pills('p', ['a'], width=-5)", "st.feedback(width='big')"],
)
def test_bad_width_names_the_parameter(call: str) -> None:
    assert "width must be one of 'stretch', 'content' or a positive int" in error_of(call)
