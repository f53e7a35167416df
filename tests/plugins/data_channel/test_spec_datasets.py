"""Large datasets of st.vega_lite_chart / st.altair_chart / st.map go by the data side channel (issue 23)."""

from __future__ import annotations

import inspect
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
import trio

from kernel._routes import HttpRequest, HttpResponse
from kernel.contracts.data_channel import ARROW_STREAM, DATA_PREFIX, data_store, serve_data
from kernel_plugins.elements_charts._spec_data import INLINE_ROWS
from tests.plugins.headless_run import RunScript, script_runner

BIG_SPEC = """
    import numpy as np
    import pandas as pd
    from kernel import st
    n = 20_000
    frame = pd.DataFrame({"x": np.arange(n), "y": np.sin(np.arange(n) / 100),
                          "kind": np.where(np.arange(n) % 2, "odd", "even"),
                          "when": pd.date_range("2020-01-01", periods=n, freq="min"),
                          "ok": np.arange(n) % 3 == 0})
    st.vega_lite_chart(frame, {"mark": "line", "encoding": {"x": {"field": "x", "type": "quantitative"},
                                                            "y": {"field": "y", "type": "quantitative"}}})
"""


@pytest.fixture
def run(tmp_path: Path) -> Iterator[RunScript]:
    with script_runner(tmp_path) as runner:
        yield runner


def fetch(app: Any, url: str) -> list[dict[str, Any]]:
    answer = serve_data(app, HttpRequest("GET", url, ""))
    if inspect.isawaitable(answer):
        async def wait() -> Any:
            return await answer

        answer = trio.run(wait)
    assert isinstance(answer, HttpResponse) and answer.status == 200 and answer.content_type == ARROW_STREAM
    rows: list[dict[str, Any]] = pa.ipc.open_stream(answer.body).read_all().to_pylist()
    return rows


def test_a_large_vega_lite_dataset_goes_by_url_and_reads_back_as_its_records(run: RunScript) -> None:
    ran = run(BIG_SPEC)
    props = ran.one("vega_lite")
    [dataset] = props["datasets"]
    assert props["spec"]["data"] == {"name": dataset["name"]} and dataset["rows"] == 20_000
    assert dataset["url"].startswith(DATA_PREFIX) and props["client"].endswith("/data.js")
    assert len(json.dumps(props)) < 4_000, "the element is small: its data travels over HTTP"
    rows = fetch(ran.app, dataset["url"])
    assert len(rows) == 20_000
    assert rows[1] == {"x": 1, "y": pytest.approx(0.0099998333), "kind": "odd", "when": "2020-01-01T00:01:00.000",
                       "ok": False}
    again = ran.rerun()
    assert again.props("vega_lite") == [], "an unchanged chart is not sent again"
    assert data_store(ran.app).get(dataset["url"][len(DATA_PREFIX):]) is not None
    other = run(BIG_SPEC)
    assert other.one("vega_lite")["datasets"][0]["url"] != dataset["url"], "ids are per session"


def test_small_nested_or_mixed_datasets_stay_inline(run: RunScript) -> None:
    props = run(f"""
        from kernel import st
        n = {INLINE_ROWS}
        st.vega_lite_chart({{"data": {{"values": [{{"a": i}} for i in range(n)]}}, "mark": "point"}})
        st.vega_lite_chart({{"data": {{"values": [{{"a": [i]}} for i in range(n + 1)]}}, "mark": "point"}})
        st.vega_lite_chart({{"data": {{"values": [{{"a": i if i % 2 else str(i)}} for i in range(n + 1)]}},
                            "mark": "point"}})
    """).props("vega_lite")
    assert [len(p["spec"]["data"]["values"]) for p in props] == [INLINE_ROWS, INLINE_ROWS + 1, INLINE_ROWS + 1]
    assert all("datasets" not in p for p in props)


def test_layers_and_altair_datasets_go_by_url(run: RunScript) -> None:
    ran = run("""
        import altair as alt
        import numpy as np
        import pandas as pd
        from kernel import st
        n = 8_000
        frame = pd.DataFrame({"x": np.arange(n), "y": np.arange(n) * 0.5})
        st.altair_chart(alt.Chart(frame).mark_line().encode(x="x", y="y"))
        small = {"values": [{"x": 1, "y": 2}]}
        st.vega_lite_chart({"layer": [{"data": {"values": frame.to_dict("records")}, "mark": "line",
                                       "encoding": {"x": {"field": "x"}, "y": {"field": "y"}}},
                                      {"data": small, "mark": "point"}]})
    """)
    altair, layered = ran.props("vega_lite")
    [dataset] = altair["datasets"]
    assert dataset["name"].startswith("data-") and altair["spec"]["data"] == {"name": dataset["name"]}
    assert dataset["name"] not in altair["spec"].get("datasets", {})
    assert fetch(ran.app, dataset["url"])[-1] == {"x": 7999, "y": 3999.5}
    [layer_data] = layered["datasets"]
    assert layered["spec"]["layer"][0]["data"] == {"name": layer_data["name"]}
    assert layered["spec"]["layer"][1]["data"] == {"values": [{"x": 1, "y": 2}]}
    assert len(fetch(ran.app, layer_data["url"])) == 8_000


def test_a_large_map_goes_by_url(run: RunScript) -> None:
    props = run("""
        import numpy as np
        import pandas as pd
        from kernel import st
        n = 10_000
        st.map(pd.DataFrame({"lat": np.linspace(-60, 60, n), "lon": np.linspace(-150, 150, n)}))
    """).one("vega_lite")
    assert props["datasets"][0]["rows"] == 10_000 and "values" not in props["spec"]["data"]


def test_large_plotly_arrays_go_by_url_and_read_back_as_the_same_numbers(run: RunScript) -> None:
    ran = run("""
        import numpy as np
        import plotly.graph_objects as go
        from kernel import st
        n = 100_000
        st.plotly_chart(go.Figure(go.Scattergl(x=np.arange(n), y=np.sin(np.arange(n) / 10), mode="markers")))
        st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[4.0, 5.0, 6.0])))
    """)
    big, small = ran.props("plotly")
    assert sorted(a["key"] for a in big["arrays"]) == ["x", "y"] and all(a["trace"] == 0 for a in big["arrays"])
    assert big["figure"]["data"][0]["x"] is None and big["figure"]["data"][0]["y"] is None
    assert len(json.dumps(big)) < 16_000, "the element is small: its arrays travel over HTTP"
    by_key = {a["key"]: fetch(ran.app, a["url"]) for a in big["arrays"]}
    assert [r["values"] for r in by_key["x"][:3]] == [0, 1, 2] and len(by_key["x"]) == 100_000
    assert by_key["y"][10]["values"] == pytest.approx(0.8414709848)
    assert "arrays" not in small and small["figure"]["data"][0]["y"] is not None
    again = ran.rerun()
    assert again.props("plotly") == [], "an unchanged figure is not sent again"


def test_a_plotly_figure_large_without_its_typed_arrays_goes_whole_by_url(run: RunScript) -> None:
    ran = run("""
        import plotly.graph_objects as go
        from kernel import st
        n = 20_000
        st.plotly_chart(go.Figure(go.Scatter(x=list(range(n)), y=list(range(n)), mode="markers",
                                             text=[f"point {i}" for i in range(n)])))
    """)
    [big] = ran.props("plotly")
    assert "figure" not in big or big["figure"] is None
    assert len(json.dumps(big)) < 2_000
    from kernel.contracts.data_channel import json_at

    figure = json_at(ran.app, big["figure_url"])
    assert figure["data"][0]["text"][19_999] == "point 19999"
    assert ran.rerun().props("plotly") == [], "an unchanged figure is not sent again"
