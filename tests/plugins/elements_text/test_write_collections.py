"""st.write of collections as Streamlit 1.67 shows them: lists and dicts as JSON, tuples and sets inline."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.plugins.headless_run import RunScript, script_runner


@pytest.fixture
def run(tmp_path: Path) -> Iterator[RunScript]:
    with script_runner(tmp_path) as runner:
        yield runner


def test_strings_and_tuples_are_joined_inline_into_one_markdown(run: RunScript) -> None:
    ran = run("""
        from kernel import st
        st.write("a", "b")
        st.write(("x", "y"))
        st.write("tags:", ("x", 1), {"s"})
        "magic", "tuple"
    """)
    assert [p["_body"] for p in ran.props("markdown")] == [
        "a b", "`('x', 'y')`", "tags: `('x', 1)` `{'s'}`", "magic tuple"]
    assert ran.props("json") == []


def test_lists_dicts_views_iterators_and_namedtuples_are_json(run: RunScript) -> None:
    ran = run("""
        from collections import namedtuple, UserList
        from kernel import st
        Point = namedtuple("Point", "x y")
        st.write(["a", "b"])
        st.write({"k": 1}.items())
        st.write(map(str.upper, ["a"]))
        st.write(enumerate(["a"]))
        st.write(Point(1, 2))
        st.write(UserList([3]))
    """)
    values = [json.loads(p["text"]) for p in ran.props("json")]
    assert values == [["a", "b"], [["k", 1]], ["A"], [[0, "a"]], {"x": 1, "y": 2}, [3]]
    assert ran.props("markdown") == []
