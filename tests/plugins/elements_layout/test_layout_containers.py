"""Layout containers hold their children; nesting works as in Streamlit 1.67."""

from __future__ import annotations

import pytest

from tests.plugins.elements_inputs.inputs_harness import app, error_of


def test_container_holds_children_and_lets_you_write_out_of_order() -> None:
    at = app(
        """
        from kernel import st
        box = st.container(border=True, key="box")
        st.text("after the box")
        box.text("inside, written later")
        with st.container(height=200):
            st.text("scrolls")
        """
    ).run()
    boxes = at.container
    assert len(boxes) == 2
    assert [t.value for t in boxes[0].text] == ["inside, written later"]
    assert boxes[0].props["border"] is True and boxes[0].key == "box"
    assert boxes[1].props["height"] == 200 and boxes[1].props["border"] is True  # fixed height: border by default
    assert at.text.values == ["inside, written later", "after the box", "scrolls"]


def test_expander_tabs_popover_and_chat_message_show_their_children() -> None:
    at = app(
        """
        from kernel import st
        with st.expander("More", expanded=True, icon="🔍"):
            st.text("hidden detail")
        one, two = st.tabs(["One", "Two"], default="Two")
        one.text("first tab")
        with two:
            st.text("second tab")
        with st.popover("Settings"):
            st.checkbox("Option")
        with st.chat_message("assistant"):
            st.text("Hi! How can I help?")
        msg = st.chat_message("Zed")
        msg.text("from Zed")
        """
    ).run()
    assert not at.exception
    assert at.expander[0].label == "More" and at.expander[0].expanded and at.expander[0].icon == "🔍"
    assert at.expander[0].text[0].value == "hidden detail"
    assert [t.label for t in at.tabs] == ["One", "Two"]
    assert at.tabs[0].text[0].value == "first tab" and at.tabs[1].text[0].value == "second tab"
    assert at.tab_bar[0].props["default"] == 1
    assert at.popover[0].label == "Settings" and at.popover[0].checkbox[0].label == "Option"
    assert [(m.name, m.avatar) for m in at.chat_message] == [("assistant", "🤖"), ("Zed", "Z")]
    assert at.chat_message[1].text[0].value == "from Zed"


def test_columns_nest_inside_columns_and_containers() -> None:
    at = app(
        """
        from kernel import st
        outer = st.columns([2, 1], gap="large")
        with outer[0]:
            inner = st.columns(3)
            inner[2].text("deep")
            with st.expander("e"):
                st.columns(2)[1].text("deeper")
        st.sidebar.columns(2)[0].text("side")
        """
    ).run()
    assert not at.exception
    assert [round(c.weight, 3) for c in at.columns[:2]] == [0.667, 0.333]
    assert at.columns[0].columns[2].text[0].value == "deep"
    assert at.expander[0].columns[1].text[0].value == "deeper"
    assert at.sidebar.text[0].value == "side"


def test_widgets_in_containers_keep_their_values() -> None:
    at = app(
        """
        from kernel import st
        with st.expander("Filters"):
            n = st.number_input("Limit", 1, 100, 10)
        tab, = st.tabs(["Main"])
        with tab:
            on = st.toggle("Live")
        st.text(repr((n, on)))
        """
    ).run()
    at.expander[0].number_input[0].set_value(42)
    at.tabs[0].toggle[0].set_value(True)
    at.run()
    assert at.text[0].value == "(42, True)"


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        ("st.tabs([])", "give at least one tab label"),
        ("st.tabs('ab')", "tabs must be a list of labels"),
        ("st.tabs(['a'], default='b')", "default must be one of the labels"),
        ("st.container(height=-1)", "height must be 'content', 'stretch' or a positive int"),
        ("st.container(horizontal_alignment='middle')", "horizontal_alignment must be one of"),
        ("st.container(gap='huge')", "gap must be one of"),
        ("st.container(width='wide')", "width must be one of"),
        ("st.expander('')", "an expander needs a label"),
        ("st.expander('e', type='fancy')", "type must be one of"),
        ("st.popover('p', type='huge')", "type must be one of"),
        ("st.chat_message('')", "name must be a non-empty string"),
        ("st.columns(0)", "positive integer"),
    ],
)
def test_layout_errors_name_the_parameter(call: str, fragment: str) -> None:
    assert fragment in error_of(call)


def test_tracked_containers_report_whether_they_are_open() -> None:
    at = app(
        """
        from kernel import st
        if "log" not in st.session_state:
            st.session_state.log = []
        ex = st.expander("Heavy", key="heavy", on_change="rerun")
        if ex.open:
            ex.text("expensive work")
        a, b = st.tabs(["A", "B"], on_change=lambda: st.session_state.log.append("tab"), key="tabs")
        pop = st.popover("More", on_change="rerun")
        plain = st.expander("Plain")
        st.text(repr((ex.open, a.open, b.open, pop.open, plain.open, st.session_state.log)))
        """
    ).run()
    assert at.text[-1].value == "(False, True, False, False, None, [])"
    assert at.expander[0].open is False and at.expander[1].open is None
    at.expander[0].set_open(True)
    at.tabs[1].select()
    at.popover[0].set_open(True)
    at.run()
    assert at.text[-1].value == "(True, False, True, True, None, ['tab'])"
    assert at.session_state["heavy"] is True and at.session_state["tabs"] == "B"
    assert at.expander[0].text[0].value == "expensive work"
    assert at.tabs[1].open is True


def test_tracked_tabs_need_unique_labels() -> None:
    assert "tracked tabs need unique, non-empty labels" in error_of("st.tabs(['a', 'a'], on_change='rerun')")
