"""The first elements: what each command sends, and what it returns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kernel.contracts.messages import Delta, ForwardMsg, PageConfig, ScriptFinished
from kernel_plugins.app_session import HeadlessSession

MakeHeadless = Callable[..., HeadlessSession]


def elements(msgs: list[ForwardMsg]) -> list[tuple[str, tuple[int, ...], str, dict[str, Any]]]:
    return [(m.root, m.path, m.element.kind, m.element.props) for m in msgs if isinstance(m, Delta)]


def finished(msgs: list[ForwardMsg]) -> ScriptFinished:
    return [m for m in msgs if isinstance(m, ScriptFinished)][-1]


def test_text_and_headings(headless: MakeHeadless) -> None:
    msgs = headless(
        "from kernel import st\nst.text('a <b>')\nst.title('T *x*')\nst.header('H', divider=True)\n"
        "st.subheader('S', anchor=False)\n"
    ).run()
    els = elements(msgs)
    assert els[0][2:] == ("text", {"body": "a <b>", "align": "left", "wrap": True})
    assert els[1][3]["level"] == 1 and els[1][3]["html"] == "T <em>x</em>" and els[1][3]["anchor"] == "t-x"
    assert els[2][3]["level"] == 2 and els[2][3]["divider"] == "blue"
    assert els[3][3]["level"] == 3 and "anchor" not in els[3][3]


def test_markdown_escapes_html_unless_allowed(headless: MakeHeadless) -> None:
    msgs = headless(
        "from kernel import st\nst.markdown('**b** <script>x</script>')\n"
        "st.markdown('<i>ok</i>', unsafe_allow_html=True)\nst.caption('small')\n"
    ).run()
    els = elements(msgs)
    assert els[0][3]["html"] == "<p><strong>b</strong> &lt;script&gt;x&lt;/script&gt;</p>\n"
    assert els[1][3]["html"] == "<p><i>ok</i></p>\n"
    assert els[2][2] == "markdown" and els[2][3]["caption"] is True


def test_code_is_highlighted_with_pygments(headless: MakeHeadless) -> None:
    msgs = headless("from kernel import st\nst.code('def f(): pass')\nst.code('<x>', language=None)\n").run()
    els = elements(msgs)
    assert '<span class="k-c-k">def</span>' in els[0][3]["html"]
    assert els[1][3]["html"] == "&lt;x&gt;" and els[1][3]["code"] == "<x>"


def test_write_dispatches_by_type(headless: MakeHeadless) -> None:
    msgs = headless(
        "from kernel import st\nst.write('a', 1, 'b')\nst.write({'k': [1, 2]})\nst.write(ValueError('bad'))\n"
    ).run()
    els = elements(msgs)
    assert els[0][2:] == ("markdown", {"_body": "a `1` b", "html": "<p>a <code>1</code> b</p>\n", "align": "left"})
    assert els[1][2] == "json" and '"k": [' in els[1][3]["text"]
    assert els[2][2] == "exception" and els[2][3]["type"] == "ValueError" and els[2][3]["message"] == "bad"


def test_divider_empty_and_placeholder_replacement(headless: MakeHeadless) -> None:
    msgs = headless(
        "from kernel import st\nst.divider()\nslot = st.empty()\nslot.text('one')\nslot.text('two')\n"
        "el = st.text('a')\nel.markdown('b')\n"
    ).run()
    els = elements(msgs)
    assert els[0][1:3] == ((0,), "divider")
    # The slot's deltas compose in the queue: only the last one at each path is sent.
    assert [(p, k) for _, p, k, _ in els[1:]] == [((1,), "text"), ((2,), "markdown")]
    assert els[1][3]["body"] == "two"


def test_columns_and_sidebar_paths(headless: MakeHeadless) -> None:
    msgs = headless(
        "from kernel import st\na, b = st.columns([3, 1])\na.text('left')\nwith b:\n    st.text('right')\n"
        "st.sidebar.text('side')\nwith st.sidebar:\n    st.text('side 2')\n"
    ).run()
    els = [(r, p, k) for r, p, k, _ in elements(msgs)]
    assert els == [
        ("main", (0,), "columns"), ("main", (0, 0), "columns"), ("main", (0, 1), "columns"),
        ("main", (0, 0, 0), "text"), ("main", (0, 1, 0), "text"),
        ("sidebar", (0,), "text"), ("sidebar", (1,), "text"),
    ]
    weights = [props["weight"] for _, _, _, props in elements(msgs)[1:3]]
    assert weights == [0.75, 0.25]


@pytest.mark.parametrize("spec", ["0", "[]", "[1, -1]", "'x'"])
def test_invalid_column_spec_is_an_error_element(headless: MakeHeadless, spec: str) -> None:
    msgs = headless(f"from kernel import st\nst.columns({spec})\n").run()
    [(_, _, kind, props)] = elements(msgs)
    assert kind == "exception" and props["type"] == "ColumnSpecError"


def test_set_page_config_is_additive(headless: MakeHeadless) -> None:
    msgs = headless(
        "from kernel import st\nst.set_page_config(page_title='A', layout='wide')\nst.set_page_config(page_icon='x')\n"
    ).run()
    configs = [m for m in msgs if isinstance(m, PageConfig)]
    assert configs[-1] == PageConfig(title="A", icon="x", layout="wide")


def test_set_page_config_rejects_unknown_layout(headless: MakeHeadless) -> None:
    msgs = headless("from kernel import st\nst.set_page_config(layout='huge')\n").run()
    assert elements(msgs)[0][3]["message"].startswith("st.set_page_config(layout='huge')")


def test_element_methods_not_on_containers(headless: MakeHeadless) -> None:
    msgs = headless("from kernel import st\nst.sidebar.set_page_config(page_title='x')\n").run()
    [(_, _, kind, props)] = elements(msgs)
    assert kind == "exception" and "does not exist for st.sidebar" in props["message"]
    assert finished(msgs).status == "error"


def test_a_help_text_travels_with_its_markdown_rendered_and_escaped(headless: MakeHeadless) -> None:
    msgs = headless("from kernel import st\n"
                    "st.button('Go', help=\'\'\'\n    Press **hard**\n    <b>not html</b>\n    \'\'\')\n"
                    "st.text('plain')\n").run()
    props = {kind: p for _, _, kind, p in elements(msgs)}
    button = props["button"]
    assert button["help"].strip().startswith("Press **hard**")
    assert "<strong>hard</strong>" in button["help_html"]
    assert "&lt;b&gt;not html&lt;/b&gt;" in button["help_html"] and "<b>" not in button["help_html"]
    assert "<pre>" not in button["help_html"]  # dedented first: a paragraph, not a code block
    assert "help_html" not in props["text"]


@pytest.mark.parametrize("state, fields", [
    ("locked", ("locked", None)), (300, ("auto", 300)), ("collapsed", ("collapsed", None)),
])
def test_set_page_config_takes_locked_and_a_sidebar_width(headless: MakeHeadless, state: object,
                                                           fields: tuple[str, int | None]) -> None:
    msgs = headless(f"from kernel import st\nst.set_page_config(initial_sidebar_state={state!r})\n").run()
    config = [m for m in msgs if isinstance(m, PageConfig)][-1]
    assert (config.initial_sidebar_state, config.sidebar_width) == fields


@pytest.mark.parametrize("state", ["hidden", 150, 601, True])
def test_set_page_config_refuses_other_sidebar_states(headless: MakeHeadless, state: object) -> None:
    msgs = headless(f"from kernel import st\nst.set_page_config(initial_sidebar_state={state!r})\n").run()
    message = elements(msgs)[0][3]["message"]
    assert message.startswith(f"st.set_page_config(initial_sidebar_state={state!r})")
    assert "200 to 600" in message  # every refusal says which widths are allowed
