"""Numeric, date and time widgets: typed, clamped values; bad arguments name the parameter."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.plugins.elements_inputs.inputs_harness import app, error_of


def test_number_input_types_follow_the_arguments() -> None:
    at = app(
        """
        from kernel import st
        a = st.number_input("float by default")
        b = st.number_input("ints", min_value=0, max_value=10, value=5)
        c = st.number_input("floats", 0.0, 1.0, step=0.1, format="%.1f")
        d = st.number_input("empty", value=None, placeholder="type")
        st.text(repr((a, b, c, d)))
        """
    ).run()
    assert at.text[0].value == "(0.0, 5, 0.0, None)"
    assert at.number_input[1].step == 1 and at.number_input[0].step == 0.01
    at.number_input[0].set_value(3)          # an int from the page becomes a float
    at.number_input[1].set_value(7.6)        # a float becomes an int
    at.number_input[2].set_value(4.5)        # clamped to max_value
    at.number_input[3].set_value(12.5)
    at.run()
    assert at.text[0].value == "(3.0, 8, 1.0, 12.5)"
    at.number_input[1].set_value(-20).run()  # clamped to min_value
    assert at.number_input[1].value == 0
    at.number_input[1].increment().run()
    assert at.number_input[1].value == 1
    at.number_input[3].set_value(None).run()
    assert at.number_input[3].value is None
    at.number_input[1].set_value("7").run()  # not a number: ignored
    assert at.number_input[1].value == 5


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        ("st.number_input('n', min_value=0, max_value=1.5)", "all numeric arguments must be of the same type"),
        ("st.number_input('n', min_value=5, value=1)", "the `value` 1 is less than the `min_value` 5"),
        ("st.number_input('n', max_value=5, value=9)", "the `value` 9 is greater than the `max_value` 5"),
        ("st.number_input('n', min_value='0')", "min_value must be an int, a float or None"),
        ("st.number_input('n', value=2**60)", "ints must lie within"),
        ("st.number_input('n', step=0)", "step must be positive"),
        ("st.number_input('n', format='{:.2f}')", "format must be a printf-style string"),
        ("st.number_input('n', min_value=3, max_value=1)", "min_value 3 is greater than max_value 1"),
    ],
)
def test_number_input_errors_name_the_parameter(call: str, fragment: str) -> None:
    assert fragment in error_of(call)


def test_date_input_single_range_and_clamping() -> None:
    at = app(
        """
        from kernel import st
        import datetime as dt
        d = st.date_input("Day", dt.date(2024, 5, 1), min_value=dt.date(2024, 1, 1), max_value=dt.date(2024, 12, 31))
        r = st.date_input("Trip", (dt.date(2024, 6, 1), dt.datetime(2024, 6, 9, 13, 0)))
        n = st.date_input("Maybe", value=None)
        st.text(repr((d, r, n)))
        """
    ).run()
    assert at.text[0].value == ("(datetime.date(2024, 5, 1), (datetime.date(2024, 6, 1), datetime.date(2024, 6, 9)), "
                                "None)")
    assert at.date_input[0].value == dt.date(2024, 5, 1)
    at.date_input[0].set_value(dt.date(2030, 1, 1))   # after max_value: clamped
    at.date_input[1].set_value((dt.date(2024, 7, 3),))  # half a range while picking
    at.date_input[2].set_value(dt.date(2020, 2, 29))
    at.run()
    assert at.text[0].value == ("(datetime.date(2024, 12, 31), (datetime.date(2024, 7, 3),), "
                                "datetime.date(2020, 2, 29))")


def test_date_input_defaults_to_today_within_ten_years() -> None:
    at = app("from kernel import st\nst.text(repr(st.date_input('d')))\n").run()
    today = dt.date.today()
    assert at.text[0].value == repr(today)
    assert at.date_input[0].props["min"] == today.replace(year=today.year - 10).isoformat()


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        ("st.date_input('d', min_value=dt.date(2024, 2, 1), max_value=dt.date(2024, 1, 1))",
         "min_value 2024-02-01 is after max_value 2024-01-01"),
        ("st.date_input('d', 'yesterday')", "value must be a date"),
        ("st.date_input('d', format='YY/MM/DD')", "format must be YYYY/MM/DD"),
        ("st.date_input('d', [dt.date.today()] * 3)", "at most two dates"),
    ],
)
def test_date_input_errors_name_the_parameter(call: str, fragment: str) -> None:
    assert fragment in error_of(call)


def test_time_input_keeps_seconds_only_for_sub_minute_steps() -> None:
    at = app(
        """
        from kernel import st
        import datetime as dt
        a = st.time_input("Alarm", dt.time(7, 30, 15))
        b = st.time_input("Precise", "07:30:15", step=5)
        c = st.time_input("Unset", None)
        st.text(repr((a, b, c)))
        """
    ).run()
    assert at.text[0].value == ("(datetime.time(7, 30), datetime.time(7, 30, 15), None)")
    at.time_input[0].increment()
    at.time_input[1].set_value(dt.time(23, 59, 59))
    at.time_input[2].set_value(dt.time(12, 0))
    at.run()
    assert at.text[0].value == ("(datetime.time(7, 45), datetime.time(23, 59, 59), datetime.time(12, 0))")


def test_time_input_now_drops_seconds() -> None:
    at = app("from kernel import st\nt = st.time_input('t')\nst.text(repr(t.second))\n").run()
    assert at.text[0].value == "0"


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        ("st.time_input('t', step=0)", "step must be between 1 second and 23 hours"),
        ("st.time_input('t', step=1.5)", "step must be an int (seconds) or a timedelta"),
        ("st.time_input('t', value='noon')", "value must be a time"),
        ("st.time_input('t', format='13h')", "format must be '24h', '12h' or 'localized'"),
    ],
)
def test_time_input_errors_name_the_parameter(call: str, fragment: str) -> None:
    assert fragment in error_of(call)


def test_slider_over_dates_times_and_datetimes() -> None:
    at = app(
        """
        from kernel import st
        import datetime as dt
        d = st.slider("Day", dt.date(2024, 1, 1), dt.date(2024, 12, 31), dt.date(2024, 6, 1))
        t = st.slider("Hours", value=(dt.time(9, 0), dt.time(17, 0)))
        w = st.slider("When", value=dt.datetime(2024, 1, 1, 12, 0), step=dt.timedelta(hours=1))
        st.text(repr((d, t, w)))
        """
    ).run()
    assert at.text[0].value == ("(datetime.date(2024, 6, 1), (datetime.time(9, 0), datetime.time(17, 0)), "
                                "datetime.datetime(2024, 1, 1, 12, 0))")
    assert at.slider[0].value == dt.date(2024, 6, 1)
    at.slider[0].set_value(dt.date(2025, 3, 1))  # after max: clamped
    at.slider[1].set_range(dt.time(18, 0), dt.time(8, 30))
    at.slider[2].set_value(dt.datetime(2024, 1, 2, 6, 0))
    at.run()
    assert at.text[0].value == ("(datetime.date(2024, 12, 31), (datetime.time(8, 30), datetime.time(18, 0)), "
                                "datetime.datetime(2024, 1, 2, 6, 0))")


@pytest.mark.parametrize("raw", [float("inf"), float("-inf"), float("nan"), [0, float("inf")]])
def test_a_date_slider_ignores_a_non_finite_client_value(raw: object) -> None:
    """A hostile frame's Infinity/NaN (JSON decoding accepts them) falls back to the value."""
    is_range = isinstance(raw, list)
    value = "(dt.date(2024, 3, 1), dt.date(2024, 4, 1))" if is_range else "dt.date(2024, 3, 1)"
    at = app(f"from kernel import st\nimport datetime as dt\nst.text(repr(st.slider('d', value={value})))\n").run()
    at.slider[0].tree._stage(at.slider[0].id, raw)
    at.run()
    assert not at.exception
    expected = ("(datetime.date(2024, 3, 1), datetime.date(2024, 4, 1))" if is_range
                else "datetime.date(2024, 3, 1)")
    assert at.text[0].value == expected


def test_numeric_slider_still_works_next_to_date_sliders() -> None:
    at = app("from kernel import st\nst.text(repr(st.slider('n', 0, 10, 4)))\n").run()
    assert at.text[0].value == "4"
    at.slider[0].set_value(8).run()
    assert at.text[0].value == "8"


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        ("st.slider('s', dt.date(2024, 1, 2), dt.date(2024, 1, 1))", "min_value 2024-01-02 is after max_value"),
        ("st.slider('s', dt.date(2024, 1, 1), dt.date(2024, 2, 1), step=2)", "step must be a positive timedelta"),
        ("st.slider('s', dt.date(2024, 1, 1), dt.date(2024, 2, 1), value=dt.time(1, 0))",
         "every value of a date slider must be a date"),
    ],
)
def test_date_slider_errors_name_the_parameter(call: str, fragment: str) -> None:
    assert fragment in error_of(call)
