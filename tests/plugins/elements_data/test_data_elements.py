"""The data elements of elements_data: st.metric, st.table, st.dataframe, st.data_editor, st.column_config, paging."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trio

from kernel._routes import HttpResponse
from kernel.contracts.data_channel import DATA_PREFIX, data_store
from tests.plugins.elements_data.frame_pages import decode, request
from tests.plugins.elements_data.frame_pages import page as read_page
from tests.plugins.headless_run import RunScript, script_runner


def resolve(answer: Any) -> HttpResponse | None:
    """A route's answer; a coroutine (slow work moved off the loop) is run to completion."""
    if not inspect.isawaitable(answer):
        return answer  # type: ignore[no-any-return]

    async def wait() -> Any:
        return await answer

    return trio.run(wait)  # type: ignore[no-any-return]


@pytest.fixture
def run(tmp_path: Path) -> Iterator[RunScript]:
    with script_runner(tmp_path) as runner:
        yield runner


def test_metric_delta_direction_colour_and_format(run: RunScript) -> None:
    ran = run("""
        from kernel import st
        st.metric("Temperature", 70.5, 1.2, format="%.1f °F")
        st.metric("Errors", 12, -3, delta_color="inverse", border=True)
        st.metric("Flat", "5", "0")
        st.metric("Nothing", None)
        st.metric("Money", 1234.5, "-$5", format="dollar", chart_data=[1, 3, 2], chart_type="bar")
    """)
    temp, errors, flat, nothing, money = ran.props("metric")
    assert (temp["value"], temp["delta"], temp["arrow"], temp["delta_color"]) == ("70.5 °F", "1.2 °F", "up", "green")
    assert (errors["delta"], errors["arrow"], errors["delta_color"], errors["border"]) == ("-3", "down", "green", True)
    assert (flat["arrow"], flat["delta_color"]) == (None, "gray")
    assert nothing["value"] == "—" and nothing["delta"] is None
    assert money["value"] == "$1,234.50" and money["delta_color"] == "red"
    assert money["chart"] == [1.0, 3.0, 2.0] and money["chart_type"] == "bar"


@pytest.mark.parametrize(
    "call, fragment",
    [
        ("st.metric('a', 1, delta_color='purple')", "st.metric(delta_color='purple'): use one of 'normal'"),
        ("st.metric('a', [1])", "st.metric(value=[1])"),
        ("st.metric('a', 1, chart_data=['x'])", "st.metric(chart_data=['x'])"),
        ("st.metric('a', 1, chart_type='pie')", "st.metric(chart_type='pie')"),
        ("st.metric('a', 1, label_visibility='gone')", "st.metric(label_visibility='gone')"),
    ],
)
def test_metric_errors_name_the_parameter(run: RunScript, call: str, fragment: str) -> None:
    assert fragment in run(f"from kernel import st\n{call}\n").error()["message"]


def test_dataframe_of_a_small_frame_travels_whole(run: RunScript) -> None:
    props = run("""
        import pandas as pd
        from kernel import st
        df = pd.DataFrame({"name": ["a", "b"], "score": [1.5, None], "ok": [True, False]})
        score = st.column_config.NumberColumn("Score", format="%.2f")
        st.dataframe(df, hide_index=True, column_config={"score": score})
    """).one("dataframe")
    assert props["nrows"] == 2 and props["source"] is None
    assert props["rows"] == [[0, "a", 1.5, True], [1, "b", None, False]]
    assert [c["type"] for c in props["columns"]] == ["str", "float", "bool"]
    assert props["columns"][1]["config"] == {"type": "number", "label": "Score", "format": "%.2f"}
    assert props["index"]["hidden"] is True and props["width"] == "stretch" and props["height"] == "auto"


@pytest.mark.parametrize(
    "data, nrows, first",
    [
        ("{'a': [1, 2], 'b': ['x', 'y']}", 2, [0, 1, "x"]),
        ("[{'a': 1}, {'a': 2, 'b': 3}]", 2, [0, 1, None]),
        ("np.arange(6).reshape(3, 2)", 3, [0, 0, 1]),
        ("pd.Series([5, 6], name='s')", 2, [0, 5]),
        ("{'k': 1, 'j': 2}", 2, ["k", 1]),
        ("[[1, 2], [3, 4]]", 2, [0, 1, 2]),
        ("{3, 1, 2}", 3, [0, 1]),
    ],
)
def test_dataframe_accepts_collections(run: RunScript, data: str, nrows: int, first: list[object]) -> None:
    props = run(f"import numpy as np\nimport pandas as pd\nfrom kernel import st\nst.dataframe({data})\n").one(
        "dataframe")
    assert props["nrows"] == nrows and props["rows"][0] == first


def test_column_order_and_hidden_columns(run: RunScript) -> None:
    props = run("""
        from kernel import st
        st.dataframe({"a": [1], "b": [2], "c": [3]}, column_order=["c", "a"], column_config={"b": None})
    """).one("dataframe")
    assert props["index"]["order"] == [2, 0]
    assert [c.get("hidden", False) for c in props["columns"]] == [False, True, False]


@pytest.mark.parametrize(
    "call, fragment",
    [
        ("st.dataframe({'a': [1]}, column_config={'zz': 'Z'})",
         "st.dataframe(column_config={'zz': '...'}): there is no column 'zz'"),
        ("st.dataframe({'a': [1]}, column_order=['q'])", "st.dataframe(column_order=['q']): no such column(s): q"),
        ("st.dataframe({'a': [1]}, height='tall')", "st.dataframe(height='tall')"),
        ("st.dataframe({'a': [1]}, selection_mode='rows')", "st.dataframe(selection_mode='rows')"),
        ("st.dataframe({'a': [1], 'b': [1, 2]})", "st.dataframe(data="),
        ("st.dataframe(np.zeros((2, 2, 2)))", "a numpy array must be 1-D or 2-D"),
        ("st.dataframe({'a': [1]}, row_height=2)", "st.dataframe(row_height=2)"),
        ("st.data_editor({'a': [1]}, num_rows='many')", "st.data_editor(num_rows='many')"),
        ("st.table({'a': [1]}, border='dotted')", "st.table(border='dotted')"),
        ("st.column_config.NumberColumn(width='huge')", "st.column_config.NumberColumn(width='huge')"),
        ("st.column_config.ProgressColumn(min_value=5, max_value=1)", "must be greater than min_value"),
        ("st.column_config.Column(alignment='top')", "st.column_config.Column(alignment='top')"),
    ],
)
def test_data_errors_name_the_parameter(run: RunScript, call: str, fragment: str) -> None:
    message = run(f"import numpy as np\nfrom kernel import st\n{call}\n").error()["message"]
    assert fragment in message, message


def test_data_editor_returns_its_input_before_any_edit(run: RunScript) -> None:
    ran = run("""
        from kernel import st
        data = {"a": [1, 2]}
        out = st.data_editor(data, num_rows="dynamic")
        st.text(repr(out is data))
    """)
    props = ran.one("dataframe")
    assert props["editable"] is True and props["num_rows"] == "dynamic"
    assert props["edits"] == {"edited_rows": {}, "added_rows": [], "deleted_rows": []}
    assert ran.props("text")[-1]["body"] == "True"


EDITOR_APP = """
import pandas as pd
from kernel import st
frame = pd.DataFrame({"name": ["a", "b", "c"], "n": [1, 2, 3], "ok": [True, False, True]})
edited = st.data_editor(frame, key="ed", num_rows="dynamic", disabled=["ok"])
records = {"x": [1, 2]}
as_dict = st.data_editor(records, key="d2")
st.text(repr(edited.to_dict(orient="list")))
st.text(repr(as_dict))
st.text(repr(dict(st.session_state["ed"])))
"""


def test_data_editor_edits_come_back_in_the_input_type(run: RunScript) -> None:
    ran = run(EDITOR_APP)
    first, second = ran.props("dataframe")
    assert [c.get("disabled", False) for c in first["columns"]] == [False, False, True]
    msgs = ran.session.run({
        first["id"]: {"edited_rows": {"0": {"name": "A", "n": "10", "ok": False}, "7": {"n": 1}},
                      "added_rows": [{"name": "d", "n": 4}], "deleted_rows": [1]},
        second["id"]: {"edited_rows": {"1": {"x": 20}}, "added_rows": [{"x": 3}], "deleted_rows": [0]},
    })
    texts = [m.element.props["body"] for m in msgs if getattr(m, "element", None) is not None
             and m.element.kind == "text"]
    assert texts[0] == "{'name': ['A', 'c', 'd'], 'n': [10, 3, 4], 'ok': [True, True, nan]}"
    assert texts[1] == "{'x': [1, 20]}", "fixed rows: no adding or deleting, the edit applies"
    assert texts[2] == ("{'edited_rows': {0: {'name': 'A', 'n': 10}}, 'added_rows': [{'name': 'd', 'n': 4}], "
                        "'deleted_rows': [1]}")
    shown = next(m.element.props for m in msgs if getattr(m, "element", None) is not None
                 and m.element.kind == "dataframe")
    assert shown["edits"]["edited_rows"] == {"0": {"name": "A", "n": 10}}


def test_data_editor_errors_name_the_parameter(run: RunScript) -> None:
    ran = run("from kernel import st\nst.data_editor({'a': [1]}, disabled=['zz'])\n")
    assert "st.data_editor(disabled=['zz']): no such column(s): zz" in ran.error()["message"]
    ran = run("from kernel import st\nst.data_editor({'a': [1]}, on_change=5)\n")
    assert "st.data_editor(on_change=5)" in ran.error()["message"]


def test_table_sends_rows_border_and_header_rules(run: RunScript) -> None:
    ran = run("""
        import pandas as pd
        from kernel import st
        st.table(pd.DataFrame({"x": [1, 2]}, index=["r1", "r2"]), border="horizontal")
        st.table([[1, 2], [3, 4]])
    """)
    named, plain = ran.props("table")
    assert named["rows"] == [["r1", 1], ["r2", 2]] and named["index"]["hidden"] is False
    assert named["border"] == "horizontal" and named["hide_header"] is False
    assert plain["hide_header"] is True and plain["index"]["hidden"] is True


def test_table_text_cells_and_headers_are_inline_markdown(run: RunScript) -> None:
    props = run("""
        from kernel import st
        st.table({"**name**": ["*a*", "<b>x</b>"], "n": [1, 2]})
    """).one("table")
    assert props["rows"] == [[0, "<em>a</em>", 1], [1, "&lt;b&gt;x&lt;/b&gt;", 2]]
    assert props["columns"][0]["html"] == "<strong>name</strong>" and props["columns"][0]["markdown"] is True
    assert props["columns"][1]["markdown"] is False


def test_a_large_frame_is_paged_and_pages_come_from_the_data_channel(run: RunScript) -> None:
    ran = run("""
        import numpy as np
        import pandas as pd
        from kernel import st
        n = 100_000
        st.dataframe(pd.DataFrame({"i": np.arange(n), "neg": -np.arange(n), "f": np.arange(n) / 2}))
    """)
    props = ran.one("dataframe")
    assert props["nrows"] == 100_000 and props["source"].startswith(DATA_PREFIX)
    assert props["page_rows"] == 200 and props["client"].endswith("/data.js")
    assert len(props["rows"]) == 20, "the element carries the first screen (height auto: 10 rows) and a margin"
    frame_id = props["source"].rsplit("/", 1)[1]

    def page(query: str) -> dict[str, Any]:
        return read_page(ran.app, props["source"], query)

    first = page("start=0&stop=20")
    assert first["rows"] == props["rows"], "a page holds the cells the element's own rows hold"
    last = page("start=99990&stop=100000")
    assert last["nrows"] == 100_000 and last["rows"][-1] == [99999, 99999, -99999, 49999.5]
    assert last["start"] == 99990 and last["positions"] is None
    by_neg = page("start=0&stop=2&sort=1&desc=0")
    assert [r[0] for r in by_neg["rows"]] == [99999, 99998] and by_neg["positions"] == [99999, 99998]
    by_half_desc = page("start=0&stop=2&sort=2&desc=1")
    assert [r[0] for r in by_half_desc["rows"]] == [99999, 99998]
    by_index_desc = page("start=0&stop=1&sort=-1&desc=1")
    assert by_index_desc["rows"][0][0] == 99999
    for bad_query in ("start=5&stop=1", "start=x", "start=0&stop=9000", "sort=3", "sort=-2"):
        bad = request(ran.app, props["source"], bad_query)
        assert bad is not None and bad.status == 400, bad_query
    assert request(ran.app, DATA_PREFIX + "0" * 40, "") is None
    assert data_store(ran.app).get(frame_id) is not None
    ran.session.close()
    assert data_store(ran.app).get(frame_id) is None


def test_lazy_false_sends_everything_and_lazy_true_pages(run: RunScript) -> None:
    ran = run("""
        from kernel import st
        st.dataframe({"a": list(range(5000))}, lazy=True, height=700)
        st.dataframe({"a": list(range(200_000))}, lazy=False)
    """)
    paged, whole = ran.props("dataframe")
    assert paged["source"] is not None and len(paged["rows"]) == 700 // 35 + 10
    assert whole["source"] is None and len(whole["rows"]) == 200_000


def test_server_sort_puts_missing_values_last_both_ways(run: RunScript) -> None:
    ran = run("""
        import numpy as np
        from kernel import st
        values = np.arange(2000, dtype=float)
        values[[5, 7]] = np.nan
        st.dataframe({"v": values, "s": [f"x{i:04d}" for i in range(2000)]}, lazy=True)
    """)
    source = ran.one("dataframe")["source"]

    def firsts_and_lasts(query: str) -> tuple[list[object], list[object]]:
        rows = read_page(ran.app, source, query)["rows"]
        return [r[1] for r in rows[:2]], [r[1] for r in rows[-2:]]

    assert firsts_and_lasts("start=0&stop=2000&sort=0") == ([0.0, 1.0], [None, None])
    assert firsts_and_lasts("start=0&stop=2000&sort=0&desc=1") == ([1999.0, 1998.0], [None, None])
    assert read_page(ran.app, source, "start=0&stop=1&sort=1&desc=1")["rows"][0][2] == "x1999"


SELECT_APP = """
from kernel import st
event = st.dataframe({"name": ["a", "b", "c"], "n": [1, 2, 3]}, key="grid", on_select="rerun",
                     selection_mode=["multi-row", "single-column"])
st.text(f"rows={event.selection.rows} columns={event.selection['columns']} cells={event.selection.cells}")
"""


def test_dataframe_selection_round_trip(run: RunScript) -> None:
    ran = run(SELECT_APP)
    props = ran.one("dataframe")
    assert props["selection_mode"] == ["multi-row", "single-column"]
    assert props["selection"] == {"rows": [], "columns": [], "cells": []}
    assert ran.props("text")[-1]["body"] == "rows=[] columns=[] cells=[]"
    msgs = ran.session.run({props["id"]: {"rows": [2, 0, 99], "columns": ["n", "name"], "cells": [[0, "n"]]}})
    texts = [m.element.props["body"] for m in msgs if getattr(m, "element", None) is not None
             and m.element.kind == "text"]
    assert texts == ["rows=[2, 0] columns=['n'] cells=[]"], "unknown rows dropped, single column, no cell mode"


def test_dataframe_selection_default_required_and_callback(run: RunScript) -> None:
    ran = run("""
        from kernel import st
        if "calls" not in st.session_state:
            st.session_state["calls"] = 0
        def picked():
            st.session_state["calls"] += 1
        first = st.dataframe({"a": [1, 2]}, on_select="rerun", selection_mode="single-row-required")
        chosen = st.dataframe({"b": [1, 2, 3]}, on_select=picked, selection_mode="multi-cell",
                              selection_default={"selection": {"rows": [1]}})
        st.text(f"{first.selection.rows} {chosen.selection.rows} {st.session_state['calls']}")
    """)
    assert ran.props("text")[-1]["body"] == "[0] [] 0"
    ids = [p["id"] for p in ran.props("dataframe")]
    msgs = ran.session.run({ids[1]: {"rows": [], "columns": [], "cells": [[2, "b"]]}})
    texts = [m.element.props["body"] for m in msgs if getattr(m, "element", None) is not None
             and m.element.kind == "text"]
    assert texts == ["[0] [] 1"]


@pytest.mark.parametrize(
    "call, fragment",
    [
        ("st.dataframe({'a': [1]}, on_select='sometimes')", "st.dataframe(on_select='sometimes')"),
        ("st.dataframe({'a': [1]}, on_select='rerun', selection_mode=['single-row', 'multi-row'])",
         "give at most one row, one column and one cell mode"),
        ("st.dataframe({'a': [1]}, on_select='rerun', selection_default=[1])", "st.dataframe(selection_default=[1])"),
    ],
)
def test_selection_errors_name_the_parameter(run: RunScript, call: str, fragment: str) -> None:
    assert fragment in run(f"from kernel import st\n{call}\n").error()["message"]


def test_every_column_config_factory_sends_its_type(run: RunScript) -> None:
    ran = run("""
        from kernel import st
        cc = st.column_config
        configs = {
            "a": cc.Column("A", width="small", help="h", pinned=True),
            "b": cc.TextColumn(max_chars=5), "c": cc.NumberColumn(format="dollar", min_value=0),
            "d": cc.CheckboxColumn(), "e": cc.SelectboxColumn(options=[1, 2], format_func=lambda v: f"#{v}"),
            "f": cc.DatetimeColumn(format="YYYY"), "g": cc.DateColumn(), "h": cc.TimeColumn(),
            "i": cc.ListColumn(), "j": cc.LinkColumn(display_text="open"), "k": cc.ImageColumn(),
            "l": cc.JsonColumn(), "m": cc.LineChartColumn(y_min=0, y_max=5), "n": cc.BarChartColumn(),
            "o": cc.AreaChartColumn(color="red"), "p": cc.ProgressColumn(min_value=0, max_value=1),
        }
        st.dataframe({k: [1] for k in configs}, column_config=configs)
    """)
    types = {c["name"]: c["config"]["type"] for c in ran.one("dataframe")["columns"]}
    assert types == {"a": "column", "b": "text", "c": "number", "d": "checkbox", "e": "selectbox", "f": "datetime",
                     "g": "date", "h": "time", "i": "list", "j": "link", "k": "image", "l": "json",
                     "m": "line_chart", "n": "bar_chart", "o": "area_chart", "p": "progress"}
    columns = {c["name"]: c["config"] for c in ran.one("dataframe")["columns"]}
    assert columns["a"] == {"type": "column", "label": "A", "width": "small", "help": "h", "pinned": True}
    assert columns["e"]["option_labels"] == ["#1", "#2"]
    assert columns["p"]["min_value"] == 0 and columns["p"]["max_value"] == 1


def test_table_of_a_styler_keeps_its_styles_and_formats(run: RunScript) -> None:
    ran = run("""
        import pandas as pd
        from kernel import st
        df = pd.DataFrame({"a": [1, -2], "b": [0.5, 0.25]})
        st.table(df.style.map(lambda v: "color: red" if v < 0 else None).format({"b": "{:.1%}"}))
    """)
    html = ran.one("table")["styler_html"]
    assert "color: red" in html and "50.0%" in html and "<script" not in html
    again = ran.rerun()
    assert [d for d in again.deltas if d.element.kind == "table"] == [], "the same styled table is not resent"


def test_a_frame_of_few_cells_but_long_texts_is_paged(run: RunScript) -> None:
    """100 cells of 50 kB each would be a 5 MB element: it is paged like a large frame."""
    props = run("""
        from kernel import st
        st.dataframe({"text": ["x" * 50_000] * 100})
        st.dataframe({"text": ["x" * 50_000] * 100}, lazy=False)
    """).props("dataframe")
    assert props[0]["source"] and len(props[0]["rows"]) < 100 and props[0]["nrows"] == 100
    assert props[1]["source"] is None and len(props[1]["rows"]) == 100, "lazy=False keeps every row inline"


def test_each_column_gets_one_format(run: RunScript) -> None:
    props = run("""
        import datetime as dt
        import pandas as pd
        from kernel import st
        st.dataframe(pd.DataFrame({
            "when": pd.to_datetime(["2020-01-01 00:00:00", "2020-01-01 00:01:00"]),
            "exact": pd.to_datetime(["2020-01-01 00:00:00.250", "2020-01-01 00:01:00.000"]),
            "zoned": pd.to_datetime(["2020-01-01 00:00:00", "2020-01-01 00:01:00"]).tz_localize("Europe/Berlin"),
            "day": [dt.date(2020, 1, 1), dt.date(2020, 1, 2)],
            "time": [dt.time(1, 2, 3), dt.time(4, 5, 6)],
            "price": [1.5, 2.25],
            "whole": [1.0, None],
            "noisy": [1 / 3, 2 / 3],
        }))
    """).one("dataframe")
    columns = {c["name"]: c for c in props["columns"]}
    assert [columns[n]["type"] for n in ("when", "exact", "zoned", "day", "time")] == [
        "datetime", "datetime", "datetime", "date", "time"]
    assert columns["when"]["format"] == {"precision": "s"} and columns["exact"]["format"] == {"precision": "ms"}
    assert [columns[n]["format"]["decimals"] for n in ("price", "whole", "noisy")] == [2, 0, 4]
    # a timezone-aware column travels as its own wall time, not converted to UTC
    assert props["rows"][0][3] == "2020-01-01T00:00:00.000"


def test_arrow_pages_hold_the_cells_the_json_rows_hold() -> None:
    """Every kind of column the grid shows reads back from an Arrow page as the element's JSON rows have it."""
    import datetime as dt

    import numpy as np
    import pandas as pd

    from kernel_plugins.elements_data._frame_source import FrameSource
    from kernel_plugins.elements_data._frames import rows

    n = 6
    frame = pd.DataFrame({
        "int": np.arange(n) - 2,
        "big": np.array([2**62, 1, 2, 3, 4, 5], dtype="uint64"),
        "float": [0.5, np.nan, np.inf, -np.inf, 1e300, -0.0],
        "bool": [True, False, True, False, True, False],
        "maybe": [True, None, False, None, True, False],
        "nullable": pd.array([1, None, 3, None, 5, 6], dtype="Int64"),
        "text": ["a", None, "é ✓", "", "<b>", "x" * 300],
        "category": pd.Categorical(["x", "y", None, "x", "y", "x"]),
        "when": pd.to_datetime(["2020-01-01", "2020-01-01 00:01:00", None, "1969-12-31 23:59:59.5",
                                "2262-01-01", "1700-06-30 12:00:00.001"], format="ISO8601"),
        "aware": pd.date_range("2021-03-28 00:30", periods=n, freq="h", tz="Europe/Berlin"),
        "date": [dt.date(2020, 1, i + 1) for i in range(n)],
        "time": [dt.time(i, 30) for i in range(n)],
        "span": pd.to_timedelta(np.arange(n) * 1.5, unit="s"),
        "list": [[1, 2], [], None, ["a"], [1.5], [True]],
        "mixed": [1, "a", 2.5, None, {"k": 1}, [1]],
    }, index=pd.date_range("2020-01-01", periods=n, freq="D", name="day"))
    expected = rows(frame, 0, n)
    got = decode(FrameSource(frame).arrow({"start": "0", "stop": str(n)}))
    assert got["rows"] == expected
    multi = frame.iloc[:, :3].set_axis(pd.MultiIndex.from_tuples([("a", i) for i in range(n)]), axis=0)
    assert decode(FrameSource(multi).arrow({"start": "1", "stop": "4"}))["rows"] == rows(multi, 1, 4)


def test_an_unchanged_paged_frame_keeps_its_url_and_is_not_resent(run: RunScript) -> None:
    script = """
        import numpy as np
        import pandas as pd
        from kernel import st
        st.dataframe(pd.DataFrame({"a": np.arange(50_000), "b": np.arange(50_000) * 2.0, "c": 1}))
        if st.session_state.setdefault("runs", 0) >= 2:
            st.dataframe(pd.DataFrame({"a": np.arange(50_000) + 1, "b": 0.0, "c": 1}))
        st.session_state.runs += 1
    """
    ran = run(script)
    first = ran.one("dataframe")["source"]
    again = ran.rerun()
    assert again.props("dataframe") == [], "an unchanged grid is not sent again"
    third = ran.rerun()
    [changed] = third.props("dataframe")
    assert changed["source"] != first, "other data, another URL"
    assert data_store(ran.app).get(first.rsplit("/", 1)[1]) is not None
