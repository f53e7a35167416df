"""The layout commands of issue 20 in AppTest: st.space, st.bottom and st.grid."""

from __future__ import annotations

import pytest

from kernel.testing import AppTest


def test_space_sizes_and_its_node() -> None:
    at = AppTest.from_string(
        "from kernel import st\n"
        "st.text('a')\n"
        "st.space()\n"
        "st.space('large')\n"
        "with st.container(horizontal=True):\n"
        "    st.text('left')\n"
        "    st.space('stretch')\n"
        "    st.text('right')\n"
        "el = st.space(24)\n"
        "st.text(str(el is not None))\n"
    ).run()
    assert not at.exception
    assert [s.size for s in at.space] == ["small", "large", "stretch", 24]
    assert at.space.values == ["small", "large", "stretch", 24]
    assert at.space[0].type == "space"
    assert at.text[-1].value == "True"  # it returns the element's placeholder


@pytest.mark.parametrize("size", ["huge", -3, 2.5, True, None])
def test_space_rejects_an_unknown_size(size: object) -> None:
    at = AppTest.from_string(f"from kernel import st\nst.space({size!r})\n").run()
    assert at.exception and "st.space(size=" in at.exception[0].value
    assert "xxsmall" in at.exception[0].value


def test_space_placeholder_is_replaced_in_place() -> None:
    at = AppTest.from_string("from kernel import st\nslot = st.space('medium')\nslot.text('now text')\n").run()
    assert not at.space and at.text[0].value == "now text"


def test_bottom_is_its_own_root_and_holds_widgets() -> None:
    at = AppTest.from_string(
        "from kernel import st\n"
        "st.bottom.text('pinned')\n"
        "with st.bottom:\n"
        "    q = st.text_input('Ask', key='q')\n"
        "    cols = st.columns(2)\n"
        "cols[1].text('in a bottom column')\n"
        "st.text('main ' + repr(q))\n"
    ).run()
    assert not at.exception
    assert [t.value for t in at.main.text] == ["main ''"]
    assert [t.value for t in at.text] == ["main ''", "pinned", "in a bottom column"]
    at.text_input("q").input("hello").run()
    assert at.main.text[0].value == "main 'hello'"


def test_bottom_unkeyed_widget_differs_from_the_same_in_main() -> None:
    at = AppTest.from_string("from kernel import st\nst.button('Go')\nst.bottom.button('Go')\n").run()
    assert not at.exception and len(at.button) == 2


@pytest.mark.parametrize("script", [
    "with st.sidebar:\n    st.bottom.text('x')\n",
    "with st.sidebar.container():\n    st.bottom.text('x')\n",
    "@st.dialog('D')\ndef d():\n    st.bottom.text('x')\nd()\n",
])
def test_bottom_is_refused_in_the_sidebar_and_in_dialogs(script: str) -> None:
    at = AppTest.from_string("from kernel import st\n" + script).run()
    assert at.exception, script
    message = at.exception[0].value
    assert "st.bottom cannot be used" in message
    assert ("sidebar" in message) if "sidebar" in script else ("dialog" in message)


def test_bottom_after_a_dialog_closed_is_fine() -> None:
    at = AppTest.from_string(
        "from kernel import st\n@st.dialog('D')\ndef d():\n    st.text('in dialog')\nd()\nst.bottom.text('ok')\n"
    ).run()
    assert not at.exception and at.text[-1].value == "ok"


GRID = """
from kernel import st
grid = st.grid(3, min_column_width=120, gap=("small", "large"), border=True, row_height=80, key="g", dense=True)
with grid:
    st.text("one")
    st.empty()
    st.button("three")
wide = grid.cell(column_span=2, row_span=2)
wide.text("spanning a")
wide.text("spanning b")
grid.metric("m", 1)
st.text(type(grid).__name__)
"""


def test_grid_children_are_cells_and_cell_spans() -> None:
    at = AppTest.from_string(GRID).run()
    assert not at.exception
    g = at.grid[0]
    assert (g.column_count, g.min_column_width, g.gap, g.border, g.row_height, g.dense, g.wrap) == (
        3, 120, ["small", "large"], True, 80, True, True)
    assert g.key == "g" and at.get_by_key("g") is g
    assert [type(c).__name__ for c in g.children.values()] == ["Text", "UnknownElement", "Button", "GridCell",
                                                               "Metric"]
    cell = at.grid_cell[0]
    assert (cell.column_span, cell.row_span) == (2, 2)
    assert [t.value for t in cell.text] == ["spanning a", "spanning b"]
    assert not at.container  # a cell is not an st.container
    assert at.text[-1].value == "GridContainer"


def test_grid_defaults() -> None:
    at = AppTest.from_string("from kernel import st\nst.grid().text('x')\n").run()
    g = at.grid[0]
    assert (g.column_count, g.min_column_width, g.gap, g.vertical_alignment, g.border, g.row_height, g.width,
            g.height, g.dense) == ("auto", "auto", "small", "top", False, "content", "stretch", "content", False)


@pytest.mark.parametrize("call, message", [
    ("st.grid(0)", "columns must be an int from 1 to 24"),
    ("st.grid(25)", "columns must be an int from 1 to 24"),
    ("st.grid('many')", "columns must be an int from 1 to 24"),
    ("st.grid(min_column_width=0)", "min_column_width must be an int of at least 1"),
    ("st.grid(gap=('small',))", "(row_gap, column_gap)"),
    ("st.grid(gap='huge')", "gap must be one of"),
    ("st.grid(row_height='tall')", "row_height must be an int"),
    ("st.grid(vertical_alignment='middle')", "vertical_alignment"),
    ("st.grid(dense=1)", "dense must be True or False"),
    ("st.grid().cell(column_span=0)", "column_span must be an int from 1 to 24"),
    ("st.grid().cell(row_span=-1)", "row_span must be an int of at least 1"),
])
def test_grid_argument_errors(call: str, message: str) -> None:
    at = AppTest.from_string(f"from kernel import st\n{call}\n").run()
    assert at.exception and message in at.exception[0].value


BOUND = """
from kernel import st
with st.expander("More", key="more", bind="query-params") as more:
    st.text("inside")
one, two = st.tabs(["One", "Two"], key="tab", bind="query-params", height=200)
st.text(repr((more.open, one.open, two.open, st.session_state.more, st.session_state.tab)))
"""


def test_expander_and_tabs_bound_to_the_url_track_their_state() -> None:
    at = AppTest.from_string(BOUND).run()
    assert not at.exception
    assert at.text[-1].value == "(False, True, False, False, 'One')"
    assert at.tabs[0].select  # tracked: selectable
    at.expander[0].set_open(True)
    at.tabs[1].select()
    at.run()
    assert at.text[-1].value == "(True, False, True, True, 'Two')"
    assert (at.query_params["more"], at.query_params["tab"]) == ("true", "Two")


def test_expander_and_tabs_read_their_state_from_the_url() -> None:
    at = AppTest.from_string(BOUND)
    at.query_params["more"] = "true"
    at.query_params["tab"] = "Two"
    at.run()
    assert at.text[-1].value == "(True, False, True, True, 'Two')"


@pytest.mark.parametrize("call, message", [
    ("st.expander('E', bind='query-params')", "needs a key"),
    ("st.expander('E', key='e', bind='url')", "bind must be None or 'query-params'"),
    ("st.tabs(['a', 'a'], key='t', bind='query-params')", "unique, non-empty"),
    ("st.tabs(['a'], height=0)", "height must be"),
    ("st.popover('P', wrap='yes')", "wrap must be True, False or None"),
    ("st.container(autoscroll='yes')", "autoscroll must be True, False or None"),
])
def test_container_parameter_errors(call: str, message: str) -> None:
    at = AppTest.from_string(f"from kernel import st\n{call}\n").run()
    assert at.exception and message in at.exception[0].value


def test_container_parameters_reach_the_page() -> None:
    at = AppTest.from_string(
        "from kernel import st\n"
        "st.container(height=100, autoscroll=True, key='c').text('x')\n"
        "st.popover('P', wrap=False).text('y')\n"
        "st.tabs(['a'], height='stretch')[0].text('z')\n"
    ).run()
    assert not at.exception
    assert at.get_by_key("c").props["autoscroll"] is True
    assert at.popover[0].props["wrap"] is False
    assert at.get("tab_bar")[0].props["height"] == "stretch"
