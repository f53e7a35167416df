"""Chart calls older Streamlit apps make: st.map() without data, st.pyplot() without a figure,
st.vega_lite_chart with the spec as keywords, st.write(pydeck.Deck)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.plugins.headless_run import RunScript, script_runner


@pytest.fixture
def run(tmp_path: Path) -> Iterator[RunScript]:
    with script_runner(tmp_path) as runner:
        yield runner


def test_map_without_data_is_an_empty_map(run: RunScript) -> None:
    ran = run("""
        from kernel import st
        st.map()
        st.map(height=300)
    """)
    first, second = ran.props("vega_lite")
    assert ran.props("exception") == []
    assert first["spec"]["projection"] == {"type": "mercator"}
    assert "graticule" in first["spec"]["data"], "the empty map shows the projection's meridians and parallels"
    assert first["height"] == 500 and second["height"] == 300


def test_vega_lite_chart_takes_the_spec_as_keywords(run: RunScript) -> None:
    ran = run("""
        import pandas as pd
        from kernel import st
        df = pd.DataFrame({"a": ["x", "y"], "b": [1, 2]})
        st.vega_lite_chart(df, mark="bar", encoding={"x": {"field": "a", "type": "nominal"},
                                                    "y": {"field": "b", "type": "quantitative"}})
        st.vega_lite_chart(df, {"mark": "point"}, mark="line", width=300)
    """)
    bar, line = (p["spec"] for p in ran.props("vega_lite"))
    assert bar["mark"] == "bar" and bar["encoding"]["y"]["field"] == "b"
    assert bar["data"] == {"values": [{"a": "x", "b": 1}, {"a": "y", "b": 2}]}
    assert line["mark"] == "line", "keywords are merged over the spec"
    assert ran.props("vega_lite")[1]["width"] == 300, "width stays the element's width, not a spec key"


def test_pyplot_without_a_figure_draws_the_global_figure_with_the_deprecation_warning(run: RunScript) -> None:
    ran = run("""
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from kernel import st
        plt.plot([1, 2, 3])
        st.pyplot()
        st.text(str(len(plt.gcf().axes)))
    """)
    assert ran.props("exception") == []
    assert ran.kinds()[:2] == ["alert", "image"]
    assert "st.pyplot() was called without a figure" in ran.one("alert")["body"]
    assert ran.one("image")["images"][0]["src"].endswith(".svg")
    assert ran.one("text")["body"] == "0", "the global figure is cleared for the next run"


def test_the_pyplot_global_use_warning_can_be_turned_off_as_in_streamlit(run: RunScript) -> None:
    ran = run("""
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from kernel import st
        st.set_option("deprecation.showPyplotGlobalUse", False)
        plt.plot([1, 2])
        st.pyplot()
        st.set_option("deprecation.showPyplotGlobalUse", True)
    """)
    assert ran.kinds() == ["image"]
