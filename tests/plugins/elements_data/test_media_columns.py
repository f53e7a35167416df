"""The column types issue 20 added: AudioColumn, VideoColumn and MultiselectColumn."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.plugins.headless_run import RunScript, script_runner


@pytest.fixture
def run(tmp_path: Path) -> Iterator[RunScript]:
    with script_runner(tmp_path) as runner:
        yield runner


def test_media_and_multiselect_columns_reach_the_page(run: RunScript) -> None:
    props = run("""
        import pandas as pd
        from kernel import st
        df = pd.DataFrame({"clip": ["https://example.com/a.wav"], "film": ["/app/static/b.mp4"],
                           "tags": [["a", "c"]]})
        st.dataframe(df, hide_index=True, column_config={
            "clip": st.column_config.AudioColumn("Clip", width="medium"),
            "film": st.column_config.VideoColumn(help="a video"),
            "tags": st.column_config.MultiselectColumn("Tags", options=["a", "b", "c"], color=["red", "blue", "green"],
                                                       format_func=str.upper, accept_new_options=True),
        })
    """).one("dataframe")
    configs = [c["config"] for c in props["columns"]]
    assert configs[0] == {"type": "audio", "label": "Clip", "width": "medium"}
    assert configs[1] == {"type": "video", "help": "a video"}
    assert configs[2] == {"type": "multiselect", "label": "Tags", "options": ["a", "b", "c"],
                          "option_labels": ["A", "B", "C"], "accept_new_options": True,
                          "color": ["red", "blue", "green"]}
    assert props["rows"][0][1:] == ["https://example.com/a.wav", "/app/static/b.mp4", ["a", "c"]]


@pytest.mark.parametrize("call, fragment", [
    ("st.column_config.MultiselectColumn(format_func='upper')", "format_func"),
    ("st.column_config.MultiselectColumn(accept_new_options='yes')", "accept_new_options"),
    ("st.column_config.MultiselectColumn(color=3)", "color"),
    ("st.column_config.AudioColumn(width='huge')", "width"),
    ("st.column_config.VideoColumn(alignment='top')", "alignment"),
])
def test_column_argument_errors(run: RunScript, call: str, fragment: str) -> None:
    assert fragment in run(f"from kernel import st\n{call}\n").error()["message"]
