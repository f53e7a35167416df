"""The text elements of elements_text: badge, html, latex, help, echo, write_stream."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.plugins.headless_run import RunScript, script_runner


@pytest.fixture
def run(tmp_path: Path) -> Iterator[RunScript]:
    with script_runner(tmp_path) as runner:
        yield runner


def test_badge_sends_label_color_and_icon(run: RunScript) -> None:
    ran = run("from kernel import st\nst.badge('New', icon='🔥', color='green')\nst.badge('Plain')\n")
    first, second = ran.props("badge")
    assert first == {"label": "New", "icon": "🔥", "color": "green", "width": "content"}
    assert second["color"] == "blue"


def test_badge_rejects_an_unknown_color_naming_the_parameter(run: RunScript) -> None:
    ran = run("from kernel import st\nst.badge('x', color='pink')\n")
    error = ran.error()
    assert error["type"] == "ElementArgumentError"
    assert "st.badge(color='pink')" in error["message"] and "'blue'" in error["message"]


def test_html_is_sanitized_unless_javascript_is_allowed(run: RunScript) -> None:
    ran = run("""
        from kernel import st
        st.html('<p onclick="steal()" style="color:red">hi<script>alert(1)</script></p>')
        st.html('<b>raw</b><script>window.ran = 1</script>', unsafe_allow_javascript=True)
    """)
    safe, unsafe = ran.props("html")
    assert safe["html"] == '<p style="color:red">hi</p>' and safe["scripts"] is False
    assert "<script>" in unsafe["html"] and unsafe["scripts"] is True


def test_html_from_a_css_file_and_repr_html(run: RunScript, tmp_path: Path) -> None:
    (tmp_path / "look.css").write_text("p { color: red }")
    ran = run("""
        from pathlib import Path
        from kernel import st
        class Card:
            def _repr_html_(self):
                return '<div class="card">card</div>'
        st.html(Path(__file__).parent / 'look.css')
        st.html(Card())
    """)
    css, card = ran.props("html")
    assert css["html"] == "<style>p { color: red }</style>"
    assert card["html"] == '<div class="card">card</div>'


def test_empty_html_is_a_clear_error(run: RunScript) -> None:
    assert "`body` parameter is required" in run("from kernel import st\nst.html('  ')\n").error()["message"]


def test_latex_is_mathml_and_keeps_the_tex(run: RunScript) -> None:
    props = run(r"from kernel import st" + "\n" + r"st.latex(r'a^2 + b^2 = \sqrt{c}')" + "\n").one("latex")
    assert props["body"] == "$$\na^2 + b^2 = \\sqrt{c}\n$$"
    assert props["mathml"].startswith("<math") and "<msqrt>" in props["mathml"]


def test_latex_rejects_a_bad_width(run: RunScript) -> None:
    assert "st.latex(width=-3)" in run("from kernel import st\nst.latex('x', width=-3)\n").error()["message"]


def test_help_shows_signature_doc_and_members(run: RunScript) -> None:
    props = run("""
        from kernel import st
        class Thing:
            '''A thing for tests.'''
            size = 3
            def grow(self, by: int = 1) -> None:
                '''Grow the thing.'''
        st.help(Thing)
    """).one("help")
    assert props["name"] == "Thing" and props["type"] == "type"
    assert props["doc"] == "A thing for tests."
    grow = next(m for m in props["members"] if m["name"] == "grow")
    assert grow["signature"] == "(self, by: int = 1) -> None" and grow["doc"] == "Grow the thing."
    assert next(m for m in props["members"] if m["name"] == "size")["value"] == "3"


def test_help_of_a_value_and_default_is_st(run: RunScript) -> None:
    ran = run("from kernel import st\nst.help(42)\nst.help()\n")
    value, module = ran.props("help")
    assert value["value"] == "42" and value["type"] == "int"
    assert any(m["name"] == "markdown" for m in module["members"])


def test_echo_shows_the_block_above_or_below_its_output(run: RunScript) -> None:
    ran = run("""
        from kernel import st
        with st.echo():
            x = 1 + 1
            st.text(x)
        with st.echo(code_location="below"):
            st.text("after")
    """)
    assert ran.kinds() == ["code", "text", "text", "code"]
    first, second = ran.props("code")
    assert first["code"] == "x = 1 + 1\nst.text(x)"
    assert second["code"] == 'st.text("after")'


def test_echo_rejects_a_bad_location(run: RunScript) -> None:
    message = run("from kernel import st\nwith st.echo('left'):\n    pass\n").error()["message"]
    assert "st.echo(code_location='left')" in message


def test_echo_is_not_a_container_method(run: RunScript) -> None:
    message = run("from kernel import st\nst.sidebar.echo()\n").error()["message"]
    assert "echo()" in message


def test_write_stream_grows_one_markdown_and_returns_the_text(run: RunScript) -> None:
    ran = run("""
        from kernel import st
        def words():
            yield "Hello "
            yield "streaming "
            yield "world"
        result = st.write_stream(words)
        st.text(repr(result))
    """)
    markdown = ran.props("markdown")
    assert markdown[-1]["html"] == "<p>Hello streaming world</p>\n"
    assert ran.props("text")[-1]["body"] == "'Hello streaming world'"
    # one element: every update went to the same path
    assert len({d.path for d in ran.deltas if d.element.kind == "markdown"}) == 1


def test_write_stream_mixes_text_and_objects(run: RunScript) -> None:
    ran = run("""
        import asyncio
        from kernel import st
        async def chunks():
            yield "a"
            yield "b"
            yield {"k": 1}
            yield "c"
        st.text(repr(st.write_stream(chunks())))
        st.text(repr(st.write_stream([])))
    """)
    texts = [p["body"] for p in ran.props("text")]
    assert texts == ["['ab', {'k': 1}, 'c']", "''"]
    assert ran.props("json")


def test_write_stream_needs_an_iterable(run: RunScript) -> None:
    message = run("from kernel import st\nst.write_stream(42)\n").error()["message"]
    assert message.startswith("st.write_stream(stream=42)")


def test_write_dispatches_frames_charts_figures_images_streams_and_objects(run: RunScript) -> None:
    ran = run("""
        import dataclasses
        import io
        import altair as alt
        import numpy as np
        import pandas as pd
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import plotly.graph_objects as go
        from PIL import Image
        from kernel import st

        @dataclasses.dataclass
        class Point:
            x: int = 1

        class Card:
            def _repr_html_(self):
                return "<b>card</b>"

        df = pd.DataFrame({"a": [1, 2]})
        fig, ax = plt.subplots()
        st.write("frame:", df)
        st.write(np.arange(3), np.int64(7))
        st.write(alt.Chart(df).mark_bar().encode(x="a"))
        st.write(fig)
        st.write(go.Figure())
        st.write(Image.new("RGB", (2, 2)))
        st.write(x for x in ["a", "b"])
        st.write(io.StringIO("**md**"))
        st.write(Point())
        st.write(Card(), unsafe_allow_html=True)
        st.write(Card())
    """)
    kinds = ran.kinds()
    assert kinds == ["markdown", "dataframe", "dataframe", "markdown", "vega_lite", "image", "plotly", "image",
                     "markdown", "markdown", "help", "html", "help"], kinds
    assert ran.props("markdown")[0]["html"] == "<p>frame:</p>\n"
    assert ran.props("markdown")[1]["html"] == "<p><code>7</code></p>\n"
    assert ran.props("html")[0]["html"] == "<b>card</b>"


def test_json_expanded_depth_and_error(run: RunScript) -> None:
    ran = run("""
        from kernel import st
        st.json({"a": {"b": [1, 2]}}, expanded=1)
        st.json('{"x": null}', expanded=False)
        st.json({}, expanded=-1)
    """)
    first, second = ran.props("json")
    assert first["expanded"] == 1 and second["expanded"] is False and '"x": null' in second["text"]
    assert "st.json(expanded=-1): use True, False or a non-negative int" in ran.error()["message"]


def test_help_of_an_st_command_shows_its_real_signature(run: RunScript) -> None:
    props = run("from kernel import st\nst.help(st.badge)\n").one("help")
    assert props["name"] == "badge"
    assert props["signature"].startswith("(label: 'Any', *, icon:")
    assert "coloured pill" in props["doc"]


def test_markdown_dialect_task_lists_colours_badges_emoji_and_arrows(run: RunScript) -> None:
    html = run("""
        from kernel import st
        st.markdown("- [ ] todo\\n- [x] done\\n\\n:red[**hot**] :blue-background[calm] :green-badge[ok] "
                    ":smile: a -> b `x->y` :unknown[z] <b>raw</b>")
    """).one("markdown")["html"]
    assert '<input type="checkbox" class="k-task" disabled> todo' in html
    assert '<input type="checkbox" class="k-task" disabled checked> done' in html
    assert '<span class="k-md-red" style="color: #e03131"><strong>hot</strong></span>' in html
    assert 'class="k-md-blue-background"' in html and 'class="k-md-green-badge"' in html
    assert "😄" in html and "a → b" in html and "<code>x-&gt;y</code>" in html
    assert ":unknown[z]" in html and "&lt;b&gt;raw&lt;/b&gt;" in html


def test_help_rejects_a_bad_width(run: RunScript) -> None:
    assert "st.help(width='wide')" in run("from kernel import st\nst.help(len, width='wide')\n").error()["message"]


def test_magic_shows_frames_figures_and_markdown(run: RunScript) -> None:
    ran = run("""
        import pandas as pd
        import plotly.graph_objects as go
        from kernel import st
        "# Magic title"
        frame = pd.DataFrame({"a": [1]})
        figure = go.Figure()
        frame
        figure
        {"k": [1, 2]}
    """)
    assert ran.kinds() == ["markdown", "dataframe", "plotly", "json"]


def test_write_of_one_string_is_the_markdown_element_escaped_unless_allowed(run: RunScript) -> None:
    # st.write("...") takes a short path to the Markdown element: the same props as
    # st.markdown, and as st.write with a str subclass (which goes the general way).
    ran = run("""
        from kernel import st
        class Text(str):
            pass
        body = '  **bold** <b>x</b> :smile:  '
        st.write(body)
        st.markdown(body)
        st.write(Text(body))
        st.write(body, unsafe_allow_html=True)
        st.markdown(body, unsafe_allow_html=True)
    """)
    written, marked, subclassed, written_html, marked_html = ran.props("markdown")
    assert written == marked == subclassed
    assert "&lt;b&gt;x&lt;/b&gt;" in written["html"] and "<strong>bold</strong>" in written["html"]
    assert written_html == marked_html and "<b>x</b>" in written_html["html"]
