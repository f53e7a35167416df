"""Medium frames (issue 23): past their first screen, a grid's rows travel as one Arrow table over the
data side channel, not as JSON in the element; the table reads back as the JSON rows would be, AppTest
still gets every row, and an unchanged frame is neither resent nor given another URL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from kernel.contracts.data_channel import DATA_PREFIX, compact_column, data_store
from kernel_plugins.elements_data._frame_source import rows_from_arrow, whole_frame
from kernel_plugins.elements_data._frames import rows, rows_json
from tests.plugins.elements_data.frame_pages import request
from tests.plugins.headless_run import RunScript, script_runner

MEDIUM = """
import numpy as np
import pandas as pd
from kernel import st
rng = np.random.default_rng(3)
n = 4_000
st.dataframe(pd.DataFrame({
    "when": pd.date_range("2020-01-01", periods=n, freq="min"),
    "n": rng.integers(-50, 50, n),
    "x": rng.normal(size=n),
    "city": rng.choice(["Berlin", "Paris", "Rome"], n),
    "ok": rng.random(n) > 0.5,
}))
"""


@pytest.fixture
def run(tmp_path: Path) -> Iterator[RunScript]:
    with script_runner(tmp_path) as runner:
        yield runner


def test_a_medium_frame_carries_its_first_screen_and_fetches_every_row_as_arrow(run: RunScript) -> None:
    ran = run(MEDIUM)
    props = ran.one("dataframe")
    assert props["source"] is None and props["nrows"] == 4_000
    assert props["whole"].startswith(DATA_PREFIX) and props["client"].endswith("/data.js")
    assert len(props["rows"]) == 20, "the first screen (height auto: 10 rows) and a margin"
    response = request(ran.app, props["whole"], "")
    assert response is not None and response.status == 200
    got = rows_from_arrow(response.body)
    assert len(got) == 4_000
    # the same cells as the element's JSON rows (whose floats pandas rounds to 10 decimals; Arrow's are exact)
    for row, inline in zip(got, props["rows"], strict=False):
        assert row == [
            pytest.approx(v, abs=1e-9) if isinstance(v, float) else v for v in inline]
    frame = pd.DataFrame({
        "when": pd.date_range("2020-01-01", periods=4_000, freq="min"),
    })
    assert [r[1] for r in got] == [r[1] for r in rows(frame, 0, 4_000)], "datetimes read back as the JSON rows"
    # the table is well below the JSON of the same rows
    json_bytes = len(_json_of_rows(got).encode())
    assert len(response.body) < 0.6 * json_bytes, (len(response.body), json_bytes)
    ran.session.close()
    assert data_store(ran.app).get(props["whole"][len(DATA_PREFIX):]) is None


def _json_of_rows(values: list[list[object]]) -> str:
    import json

    return json.dumps(values, separators=(",", ":"))


def test_an_unchanged_medium_frame_is_not_resent_and_keeps_its_url(run: RunScript) -> None:
    ran = run(MEDIUM + """
if st.session_state.setdefault("runs", 0) >= 2:
    st.dataframe(pd.DataFrame({"a": np.arange(3_000), "b": np.arange(3_000) * 0.5}))
st.session_state.runs += 1
""")
    first = ran.one("dataframe")["whole"]
    again = ran.rerun()
    assert again.props("dataframe") == [], "an unchanged grid is not sent again"
    third = ran.rerun()
    [other] = third.props("dataframe")
    assert other["whole"] != first
    assert data_store(ran.app).get(first[len(DATA_PREFIX):]) is not None, "the first grid is still shown"


def test_small_frames_lazy_false_and_st_table_keep_their_rows_inline(run: RunScript) -> None:
    ran = run("""
        from kernel import st
        st.dataframe({"a": list(range(5_000))})
        st.dataframe({"a": list(range(15)), "b": list(range(15))}, height=2000)
        st.dataframe({"a": list(range(6_000))}, lazy=False)
        st.table({"a": list(range(6_000))})
    """)
    few_cells, first_screen, not_lazy = ran.props("dataframe")
    assert "whole" not in few_cells and len(few_cells["rows"]) == 5_000
    assert "whole" not in first_screen and len(first_screen["rows"]) == 15
    assert "whole" not in not_lazy and len(not_lazy["rows"]) == 6_000
    assert len(ran.one("table")["rows"]) == 6_000


def test_markdown_cells_of_a_medium_frame_come_rendered_in_its_table(run: RunScript) -> None:
    ran = run("""
        from kernel import st
        st.dataframe({"md": [f"**r{i}** <img src=x onerror=alert(1)>" for i in range(3000)],
                      "n": list(range(3000))}, column_config={"md": st.column_config.MarkdownColumn()})
    """)
    props = ran.one("dataframe")
    response = request(ran.app, props["whole"], "")
    assert response is not None
    got = rows_from_arrow(response.body)
    assert got[:len(props["rows"])] == props["rows"]
    assert "<strong>r2999</strong>" in got[-1][3] and "<img" not in got[-1][3]


def test_apptest_reads_every_row_of_a_medium_frame(tmp_path: Path) -> None:
    from kernel.testing import AppTest

    script = tmp_path / "app.py"
    script.write_text(MEDIUM)
    at = AppTest.from_file(str(script)).run()
    value = at.dataframe[0].value
    assert value.shape == (4_000, 5)
    assert value["when"].iloc[-1] == "2020-01-03T18:39:00.000"
    assert set(value["city"]) == {"Berlin", "Paris", "Rome"} and value["ok"].dtype == bool


def test_whole_tables_read_back_as_the_json_rows_for_every_kind_of_column() -> None:
    import datetime as dt

    n = 6
    frame = pd.DataFrame({
        "int": np.arange(n) - 2,
        "big": np.array([2**62, 1, 2, 3, 4, 5], dtype="uint64"),
        "float": [0.5, np.nan, np.inf, -np.inf, 1e300, -0.0],
        "maybe": [True, None, False, None, True, False],
        "nullable": pd.array([1, None, 3, None, 5, 6], dtype="Int64"),
        "text": ["a", "a", "a", None, "b", "b"],
        "category": pd.Categorical(["x", "y", None, "x", "y", "x"]),
        "when": pd.to_datetime(["2020-01-01", None, "1969-12-31 23:59:59.5", "2262-01-01",
                                "1700-06-30 12:00:00.001", "2020-01-02"], format="ISO8601"),
        "date": [dt.date(2020, 1, i + 1) for i in range(n)],
        "list": [[1, 2], [], None, ["a"], [1.5], [True]],
    })
    assert rows_from_arrow(whole_frame(frame).data) == rows(frame, 0, n)
    assert rows_json(frame, 0, n)  # the reference the grid draws from


@pytest.mark.parametrize(
    "values, kind",
    [
        ([1, -128, 127], pa.int8()),
        ([1, 300, None], pa.int16()),
        ([0, 70_000], pa.int32()),
        ([0, 2**40], pa.int64()),
    ],
)
def test_integers_travel_in_the_narrowest_type_that_holds_them(values: list[int | None], kind: pa.DataType) -> None:
    out = compact_column(pa.array(values, type=pa.int64()))
    assert out.type == kind and out.to_pylist() == values


def test_repeated_text_is_dictionary_encoded_and_distinct_text_is_not() -> None:
    repeated = compact_column(pa.array(["a", "b", "a", None, "a", "b"]))
    assert pa.types.is_dictionary(repeated.type) and repeated.to_pylist() == ["a", "b", "a", None, "a", "b"]
    assert repeated.type.index_type == pa.int8()
    distinct = compact_column(pa.array(["a", "b", "c"]))
    assert distinct.type == pa.string()
    floats = pa.array([0.5, 1.5])
    assert compact_column(floats) is floats
