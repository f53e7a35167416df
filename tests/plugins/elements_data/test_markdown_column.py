"""st.column_config.MarkdownColumn: cells rendered as Markdown on the server, HTML escaped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.plugins.elements_data.frame_pages import page as read_page
from tests.plugins.headless_run import RunScript, script_runner


@pytest.fixture
def run(tmp_path: Path) -> Iterator[RunScript]:
    with script_runner(tmp_path) as runner:
        yield runner


def test_markdown_cells_are_rendered_and_escaped_in_a_whole_frame(run: RunScript) -> None:
    props = run("""
        import pandas as pd
        from kernel import st
        df = pd.DataFrame({"n": [1, 2, 3], "md": ["**bold** and `code`", "<script>alert(1)</script>", None]})
        st.dataframe(df, hide_index=True, column_config={
            "md": st.column_config.MarkdownColumn("Notes", width="large", default="x", alignment="center")})
    """).one("dataframe")
    md = props["columns"][1]
    assert md["config"] == {"type": "markdown", "label": "Notes", "width": "large", "alignment": "center",
                            "default": "x"}
    assert md["html_at"] == 3
    first, second, third = props["rows"]
    assert first[:3] == [0, 1, "**bold** and `code`"], "the data cell keeps its text"
    assert "<strong>bold</strong>" in first[3] and "<code>code</code>" in first[3]
    assert "<script" not in second[3] and "&lt;script&gt;" in second[3]
    assert third[2] is None and third[3] is None


def test_apptest_value_leaves_the_rendered_cells_out(tmp_path: Path) -> None:
    from kernel.testing import AppTest

    script = tmp_path / "app.py"
    script.write_text(
        "import pandas as pd\nfrom kernel import st\n"
        "st.dataframe(pd.DataFrame({'md': ['*a*', '<b>x</b>']}),"
        " column_config={'md': st.column_config.MarkdownColumn()})\n")
    at = AppTest.from_file(str(script)).run()
    assert list(at.dataframe[0].value["md"]) == ["*a*", "<b>x</b>"]


def test_markdown_cells_of_a_paged_frame_are_rendered_per_page(run: RunScript) -> None:
    ran = run("""
        from kernel import st
        rows = [f"**r{i}** <img src=x onerror=alert(1)>" for i in range(3000)]
        st.dataframe({"md": rows, "n": list(range(3000))}, lazy=True,
                     column_config={"md": st.column_config.MarkdownColumn()})
    """)
    props = ran.one("dataframe")
    assert props["source"] is not None and props["columns"][0]["html_at"] == 3
    assert "<strong>r0</strong>" in props["rows"][0][3] and "<img" not in props["rows"][0][3]
    page = read_page(ran.app, props["source"], "start=0&stop=10&sort=1&desc=1")
    last = page["rows"][0]
    assert last[1].startswith("**r2999**") and "<strong>r2999</strong>" in last[3]
    assert "<img" not in last[3] and "&lt;img" in last[3]


def test_markdown_column_in_the_data_editor_edits_plain_text(run: RunScript) -> None:
    props = run("""
        from kernel import st
        st.data_editor({"md": ["*a*"]}, column_config={"md": st.column_config.MarkdownColumn(required=True)})
    """).one("dataframe")
    assert props["editable"] and props["columns"][0]["config"] == {"type": "markdown", "required": True}
    assert props["rows"][0][1] == "*a*" and "<em>a</em>" in props["rows"][0][2]


@pytest.mark.parametrize("call, fragment", [
    ("st.column_config.MarkdownColumn(default=3)", "default"),
    ("st.column_config.MarkdownColumn(width='huge')", "width"),
    ("st.column_config.MarkdownColumn(alignment='top')", "alignment"),
])
def test_markdown_column_argument_errors(run: RunScript, call: str, fragment: str) -> None:
    assert fragment in run(f"from kernel import st\n{call}\n").error()["message"]
