"""Every text body Streamlit dedents is dedented: an indented triple-quoted string inside a function
shows as if it were written at the margin (issue 18), in the element and in AppTest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kernel.testing import AppTest
from tests.plugins.headless_run import RunScript, script_runner

SCRIPT = '''
from kernel import st

def page():
    st.markdown("""
        # Intro

        Some **bold** text
        """)
    st.write("""
        ## Written
        with st.write
        """)
    st.caption("""
        a caption
        on two lines
        """)
    st.info("""
        :material/info: an info
        box
        """)
    st.error("""
        an error
        """, icon="🚨")
    st.title("""
        A title
        """)
    st.text("""
        plain
          text
        """)
    st.toast("""
        toasted
        """)

page()
'''


@pytest.fixture
def run(tmp_path: Path) -> Iterator[RunScript]:
    with script_runner(tmp_path) as runner:
        yield runner


def test_text_bodies_lose_their_common_indentation(run: RunScript) -> None:
    ran = run(SCRIPT)
    markdown, written, caption = ran.props("markdown")
    assert markdown["_body"] == "# Intro\n\nSome **bold** text"
    assert markdown["html"] == "<h1>Intro</h1>\n<p>Some <strong>bold</strong> text</p>\n"
    assert written["_body"] == "## Written\nwith st.write"
    assert written["html"].startswith("<h2>Written</h2>")
    assert caption["_body"] == "a caption\non two lines" and "<pre>" not in caption["html"]
    info, error = ran.props("alert")
    assert (info["icon"], info["body"]) == (":material/info:", "an info\nbox")
    assert error["body"] == "an error" and error["html"] == "<p>an error</p>\n"
    assert ran.one("heading")["body"] == "A title"
    assert ran.one("text")["body"] == "plain\n  text"
    assert ran.one("toast")["body"] == "toasted"


def test_apptest_sees_the_dedented_bodies(tmp_path: Path) -> None:
    at = AppTest.from_string(SCRIPT).run()
    assert [m.value for m in at.markdown][:2] == ["# Intro\n\nSome **bold** text", "## Written\nwith st.write"]
    assert at.info[0].value == "an info\nbox"
    assert at.title[0].value == "A title"


def test_code_keeps_its_indentation(run: RunScript) -> None:
    props = run('from kernel import st\nst.code("    x = 1\\n    y = 2")\n').one("code")
    assert props["code"] == "    x = 1\n    y = 2"


def test_latex_body_is_dedented(run: RunScript) -> None:
    props = run('from kernel import st\nst.latex("""\n    a^2\n    """)\n').one("latex")
    assert props["body"] == "$$\na^2\n$$"
