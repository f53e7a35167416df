"""The data side channel: large chart data fetched over HTTP as Arrow IPC (issue 23)."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
import trio

from kernel._routes import HttpRequest, HttpResponse
from kernel.contracts.data_channel import ARROW_STREAM, DATA_PREFIX, data_store, serve_data
from kernel_plugins.elements_charts._chart_data import INLINE_POINTS, m4_indices
from tests.plugins.headless_run import RunScript, script_runner

BIG_LINE = """
    import numpy as np
    import pandas as pd
    from kernel import st
    n = 200_000
    x = np.arange(n)
    st.line_chart(pd.DataFrame({"a": np.sin(x / 5000), "b": np.cos(x / 5000)}))
"""


@pytest.fixture
def run(tmp_path: Path) -> Iterator[RunScript]:
    with script_runner(tmp_path) as runner:
        yield runner


def resolve(answer: Any) -> HttpResponse | None:
    """A route's answer; a coroutine (work moved to a thread) is run to completion."""
    if not inspect.isawaitable(answer):
        return answer  # type: ignore[no-any-return]

    async def wait() -> Any:
        return await answer

    return trio.run(wait)  # type: ignore[no-any-return]


def table(response: HttpResponse | None) -> Any:
    assert response is not None and response.status == 200, response
    assert response.content_type == ARROW_STREAM
    return pa.ipc.open_stream(response.body).read_all()


def test_a_large_line_chart_sends_a_url_not_its_points(run: RunScript) -> None:
    ran = run(BIG_LINE)
    props = ran.one("vega_lite")
    source = props["source"]
    assert "values" not in props["spec"]["data"] and props["spec"]["data"] == {"name": source["name"]}
    assert source["url"].startswith(DATA_PREFIX) and source["points"] == 400_000 and source["reduced"] is True
    # the element itself is small: the points travel over HTTP
    assert len(str(props)) < 4_000
    whole = table(resolve(serve_data(ran.app, HttpRequest("GET", source["url"], "w=500"))))
    assert whole.schema.metadata[b"kernel:points"] == b"400000" and whole.schema.metadata[b"kernel:reduced"] == b"1"
    assert 0 < whole.num_rows <= 2 * 4 * 500
    assert set(whole.column("series").to_pylist()) == {"a", "b"}
    # a narrow range is answered with every real point in it (and one beyond each end)
    zoomed = table(resolve(serve_data(ran.app, HttpRequest("GET", source["url"], "x0=1000&x1=1999&w=500"))))
    a = [x for x, s in zip(zoomed.column("index").to_pylist(), zoomed.column("series").to_pylist(),
                           strict=True) if s == "a"]
    assert a == list(range(999, 2001))
    assert zoomed.schema.metadata[b"kernel:reduced"] == b"0"
    values = dict(zip(zoomed.column("index").to_pylist()[:5], zoomed.column("value").to_pylist()[:5], strict=True))
    assert values[1000] == pytest.approx(np.sin(1000 / 5000))


def test_a_small_chart_keeps_its_points_inline(run: RunScript) -> None:
    props = run("""
        from kernel import st
        st.line_chart({"a": list(range(100))})
    """).one("vega_lite")
    assert props["source"] is None and len(props["spec"]["data"]["values"]) == 100
    assert INLINE_POINTS >= 100


def test_an_unchanged_rerun_keeps_the_url_and_another_session_gets_another(run: RunScript) -> None:
    first = run(BIG_LINE)
    url = first.one("vega_lite")["source"]["url"]
    again = first.rerun()
    assert [d for d in again.deltas if d.element.kind == "vega_lite"] == [], "the unchanged chart is not resent"
    assert data_store(first.app).get(url[len(DATA_PREFIX):]) is not None
    other = run(BIG_LINE)
    assert other.one("vega_lite")["source"]["url"] != url, "ids are per session"


def test_the_route_refuses_other_sites_and_bad_queries(run: RunScript) -> None:
    ran = run(BIG_LINE)
    url = ran.one("vega_lite")["source"]["url"]
    host = (("host", "127.0.0.1:8501"),)

    def get(query: str = "", headers: tuple[tuple[str, str], ...] = host) -> HttpResponse | None:
        return resolve(serve_data(ran.app, HttpRequest("GET", url, query, headers)))

    assert get(headers=(*host, ("sec-fetch-site", "same-origin"), ("origin", "http://127.0.0.1:8501"))) is not None
    for refused in ((("sec-fetch-site", "cross-site"),), (("origin", "http://evil.example"),),
                    (("sec-fetch-site", "same-site"),), (("origin", "http://127.0.0.1:9999"),)):
        answer = get(headers=host + refused)
        assert answer is not None and answer.status == 403, refused
    for bad in ("x0=a", "x0=5&x1=1", "w=0", "w=wide", "x0=nan&x1=1"):
        answer = get(bad)
        assert answer is not None and answer.status == 400, bad
    assert resolve(serve_data(ran.app, HttpRequest("GET", DATA_PREFIX + "0" * 40, ""))) is None


def test_closing_the_session_releases_its_data(run: RunScript) -> None:
    ran = run(BIG_LINE)
    store = data_store(ran.app)
    assert len(store) == 1
    ran.session.close()
    assert len(store) == 0


def test_a_run_that_no_longer_shows_the_chart_releases_its_data(run: RunScript, tmp_path: Path) -> None:
    ran = run(BIG_LINE)
    (tmp_path / "app.py").write_text("from kernel import st\nst.text('no chart')\n")
    ran.rerun()
    assert len(data_store(ran.app)) == 0


def test_m4_keeps_first_last_lowest_and_highest_of_each_pixel_column() -> None:
    rng = np.random.default_rng(0)
    x = np.arange(100_000, dtype=float)
    y = rng.normal(size=x.size)
    y[12_345] = 50.0
    y[67_890] = -50.0
    keep = m4_indices(x, y, 100)
    assert keep[0] == 0 and keep[-1] == x.size - 1 and 12_345 in keep and 67_890 in keep
    assert len(keep) <= 4 * 100 and bool(np.all(np.diff(keep) > 0))
    for column in range(100):
        rows = np.flatnonzero((x >= column * 1000) & (x < (column + 1) * 1000))
        assert rows[np.argmax(y[rows])] in keep and rows[np.argmin(y[rows])] in keep
    small = m4_indices(x[:300], y[:300], 100)
    assert list(small) == list(range(300)), "a range with few points is sent whole"


def test_bars_stand_on_a_discrete_axis_and_large_bar_charts_fetch_their_data(run: RunScript) -> None:
    ran = run("""
        import numpy as np
        import pandas as pd
        from kernel import st
        st.bar_chart(pd.DataFrame({"v": np.arange(10)}))
        st.bar_chart(pd.DataFrame({"v": np.arange(20_000) % 7}))
        st.bar_chart(pd.DataFrame({"v": [1, 2]}, index=pd.to_datetime(["2024-01-01", "2024-01-02"])))
    """)
    small, big, dated = ran.props("vega_lite")
    assert small["spec"]["encoding"]["x"]["type"] == "ordinal" and "params" not in small["spec"]
    assert big["source"]["reduced"] is False and big["spec"]["data"] == {"name": "kernel_data"}
    rows = table(resolve(serve_data(ran.app, HttpRequest("GET", big["source"]["url"], ""))))
    assert rows.num_rows == 20_000 and rows.column("value").to_pylist()[:8] == [0, 1, 2, 3, 4, 5, 6, 0]
    assert dated["spec"]["encoding"]["x"]["type"] == "temporal"


def test_answers_are_gzipped_for_a_browser_that_accepts_it_when_that_pays(run: RunScript) -> None:
    import gzip

    ran = run("""
        import numpy as np
        import pandas as pd
        from kernel import st
        rng = np.random.default_rng(7)
        n = 20_000
        st.dataframe(pd.DataFrame({"when": pd.date_range("2020-01-01", periods=n, freq="min"),
                                   "city": rng.choice(["Berlin", "Paris", "Rome", "Oslo"], n)}))
        st.dataframe(pd.DataFrame(rng.normal(size=(6_000, 4))))
    """)
    text_like, floats = (props["whole"] for props in ran.props("dataframe"))

    def get(url: str, accept: str | None) -> HttpResponse:
        headers = (("host", "127.0.0.1:8501"),) + ((("accept-encoding", accept),) if accept else ())
        answer = resolve(serve_data(ran.app, HttpRequest("GET", url, "", headers)))
        assert answer is not None and answer.status == 200
        return answer

    plain = get(text_like, None)
    assert dict(plain.headers).get("content-encoding") is None
    for accept in ("gzip, deflate, br, zstd", "br;q=1, gzip;q=0.5", "*"):
        packed = get(text_like, accept)
        assert dict(packed.headers)["content-encoding"] == "gzip", accept
        assert gzip.decompress(packed.body) == plain.body and len(packed.body) < 0.6 * len(plain.body)
    for refused in ("br, zstd", "gzip;q=0", "identity"):
        assert get(text_like, refused).body == plain.body, refused
    # random floats hardly compress: they go as they are
    noise = get(floats, "gzip")
    assert dict(noise.headers).get("content-encoding") is None and pa.ipc.open_stream(noise.body).read_all().num_rows
