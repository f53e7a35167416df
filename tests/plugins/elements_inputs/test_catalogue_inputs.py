"""The input widgets of issue 20 in AppTest: st.menu_button, st.pagination, st.datetime_input."""

from __future__ import annotations

import datetime as dt

import pytest

from kernel.testing import AppTest

MENU = """
from kernel import st
if "log" not in st.session_state:
    st.session_state.log = []
def chosen(tag):
    st.session_state.log.append((tag, st.session_state.menu))
choice = st.menu_button("Actions", [{"n": 1}, {"n": 2}, "Delete"], key="menu", on_click=chosen, args=("cb",),
                        format_func=lambda o: f"Item {o['n']}" if isinstance(o, dict) else o)
st.text(repr(choice))
st.text(repr(st.session_state.log))
"""


def test_menu_button_returns_the_chosen_option_for_one_run() -> None:
    at = AppTest.from_string(MENU).run()
    assert not at.exception
    menu = at.menu_button[0]
    assert menu.label == "Actions" and menu.options == ["Item 1", "Item 2", "Delete"]
    assert menu.value is None and at.text[0].value == "None"
    menu.click({"n": 2})
    assert menu.value == {"n": 2}  # staged
    at.run()
    assert at.text[0].value == "{'n': 2}"
    assert at.text[1].value == "[('cb', {'n': 2})]"  # the callback ran first and saw the choice
    assert at.menu_button[0].value == {"n": 2}
    at.run()  # an unrelated rerun: back to None, no callback
    assert at.text[0].value == "None" and at.text[1].value == "[('cb', {'n': 2})]"
    at.menu_button[0].click("Delete").run()
    assert at.text[0].value == "'Delete'"
    at.menu_button[0].click_index(0).run()
    assert at.text[0].value == "{'n': 1}"


def test_menu_button_key_is_read_only_and_its_copy_is_fresh() -> None:
    at = AppTest.from_string(
        "from kernel import st\n"
        "opts = [[1], [2]]\n"
        "got = st.menu_button('M', opts, key='m')\n"
        "st.text(repr((got, got is opts[0] if got else None)))\n"
    ).run()
    at.menu_button[0].click([1]).run()
    assert at.text[0].value == "([1], False)"
    at2 = AppTest.from_string("from kernel import st\nst.session_state.m = 'x'\nst.menu_button('M', ['a'], key='m')\n")
    at2.run()
    assert at2.exception and "cannot be set using st.session_state" in at2.exception[0].value


@pytest.mark.parametrize("call, message", [
    ("st.menu_button('M', ['a'], on_click='rerun')", "on_click must be a function or None"),
    ("st.menu_button('M', 'abc')", "options must be a list"),
    ("st.menu_button('M', ['a'], type='big')", "type"),
])
def test_menu_button_argument_errors(call: str, message: str) -> None:
    at = AppTest.from_string(f"from kernel import st\n{call}\n").run()
    assert at.exception and message in at.exception[0].value


PAGES = """
from kernel import st
page = st.pagination(12, default=3, key="p", on_change=lambda: st.session_state.setdefault("changed", True))
st.text(repr((page, st.session_state.p, st.session_state.get("changed"))))
"""


def test_pagination_returns_the_selected_page() -> None:
    at = AppTest.from_string(PAGES).run()
    assert not at.exception
    pager = at.pagination[0]
    assert (pager.value, pager.num_pages, pager.default, pager.max_visible_pages) == (3, 12, 3, 7)
    assert at.text[0].value == "(3, 3, None)"
    pager.select(12).run()
    assert at.text[0].value == "(12, 12, True)"
    with pytest.raises(ValueError, match="between 1 and 12"):
        at.pagination[0].set_value(13)


def test_pagination_session_state_sets_the_page() -> None:
    at = AppTest.from_string("from kernel import st\nst.session_state.p = 4\nst.text(str(st.pagination(5, key='p')))\n")
    at.run()
    assert at.text[0].value == "4"


def test_pagination_binds_to_the_url() -> None:
    at = AppTest.from_string("from kernel import st\nst.text(str(st.pagination(5, key='p', bind='query-params')))\n")
    at.run()
    at.pagination[0].select(4).run()
    assert at.query_params["p"] == "4" and at.text[0].value == "4"


def test_pagination_default_is_first_page() -> None:
    at = AppTest.from_string("from kernel import st\nst.text(repr(st.pagination(1, max_visible_pages=None)))\n").run()
    assert at.text[0].value == "1" and at.pagination[0].max_visible_pages is None


@pytest.mark.parametrize("call, message", [
    ("st.pagination(0)", "num_pages must be an int of at least 1"),
    ("st.pagination(5, default=6)", "default must be a page number from 1 to num_pages (5)"),
    ("st.pagination(5, default=0)", "default must be a page number"),
    ("st.pagination(5, max_visible_pages=-1)", "max_visible_pages must be an int of at least 0"),
    ("st.pagination(5, bind='query-params')", "needs a key"),
])
def test_pagination_argument_errors(call: str, message: str) -> None:
    at = AppTest.from_string(f"from kernel import st\n{call}\n").run()
    assert at.exception and message in at.exception[0].value


DATETIME = """
import datetime as dt
from kernel import st
when = st.datetime_input("When", dt.datetime(2024, 5, 1, 8, 45, 30, tzinfo=dt.timezone.utc),
                         min_value=dt.date(2024, 1, 1), max_value=dt.datetime(2024, 12, 31, 18, 0), key="when")
st.text(repr(when))
"""


def test_datetime_input_returns_a_naive_datetime() -> None:
    at = AppTest.from_string(DATETIME).run()
    assert not at.exception
    field = at.datetime_input[0]
    assert field.value == dt.datetime(2024, 5, 1, 8, 45)  # zone and seconds dropped (step 15 min)
    assert at.text[0].value == "datetime.datetime(2024, 5, 1, 8, 45)"
    assert (field.min, field.max, field.step, field.format) == (dt.datetime(2024, 1, 1), dt.datetime(2024, 12, 31, 18),
                                                                900, "YYYY/MM/DD")
    assert field.type == "date_time_input" and at.get("datetime_input") == [field]
    field.set_value(dt.datetime(2024, 7, 14, 21, 30)).run()
    assert at.text[0].value == "datetime.datetime(2024, 7, 14, 21, 30)"
    at.datetime_input[0].set_value(dt.datetime(2030, 1, 1)).run()  # clamped to max_value
    assert at.text[0].value == "datetime.datetime(2024, 12, 31, 18, 0)"
    at.datetime_input[0].set_value(None).run()
    assert at.text[0].value == "None"


def test_datetime_input_value_forms() -> None:
    at = AppTest.from_string(
        "import datetime as dt\nfrom kernel import st\n"
        "st.text(repr(st.datetime_input('a', dt.date(2024, 2, 29))))\n"
        "st.text(repr(st.datetime_input('b', '2024-03-01 10:15')))\n"
        "st.text(repr(st.datetime_input('c', None)))\n"
        "st.text(repr(st.datetime_input('d', dt.datetime(2024, 1, 1, 9, 0, 45), step=90)))\n"
        "now = st.datetime_input('e')\n"
        "near = abs(dt.datetime.now() - now) < dt.timedelta(minutes=2)\n"
        "st.text(repr((now.second, now.microsecond, now.tzinfo, near)))\n"
        "t = st.datetime_input('f', dt.time(7, 30))\n"
        "st.text(repr((t.date() == dt.date.today(), t.time())))\n"
    ).run()
    assert not at.exception
    assert [t.value for t in at.text] == [
        "datetime.datetime(2024, 2, 29, 0, 0)", "datetime.datetime(2024, 3, 1, 10, 15)", "None",
        "datetime.datetime(2024, 1, 1, 9, 0, 45)", "(0, 0, None, True)", "(True, datetime.time(7, 30))"]
    assert at.datetime_input[0].min == dt.datetime(2014, 2, 28)  # ten years before; no 29 February


def test_datetime_input_session_state_and_callback() -> None:
    at = AppTest.from_string(
        "import datetime as dt\nfrom kernel import st\n"
        "st.session_state.setdefault('at', dt.datetime(2025, 6, 1, 12, 0))\n"
        "def moved():\n    st.session_state.moved = st.session_state.at\n"
        "st.text(repr(st.datetime_input('At', key='at', on_change=moved)))\n"
        "st.text(repr(st.session_state.get('moved')))\n"
    ).run()
    assert at.text[0].value == "datetime.datetime(2025, 6, 1, 12, 0)"
    at.datetime_input[0].set_value(dt.date(2025, 6, 2)).run()
    assert at.text[1].value == "datetime.datetime(2025, 6, 2, 0, 0)"


@pytest.mark.parametrize("call, message", [
    ("st.datetime_input('x', step=30)", "between 60 seconds and 23 hours"),
    ("st.datetime_input('x', step=1.5)", "step must be an int (seconds) or a timedelta"),
    ("st.datetime_input('x', format='YY/MM/DD')", "format must be YYYY/MM/DD"),
    ("st.datetime_input('x', 'soon')", "'soon' is not an ISO date and time"),
    ("st.datetime_input('x', 5)", "value must be a datetime"),
    ("st.datetime_input('x', min_value='2024-02-01', max_value='2024-01-01')", "is after max_value"),
    ("st.datetime_input('x', '2020-01-01', min_value='2024-01-01')", "is outside"),
])
def test_datetime_input_argument_errors(call: str, message: str) -> None:
    at = AppTest.from_string(f"from kernel import st\n{call}\n").run()
    assert at.exception and message in at.exception[0].value
