"""The Markdown shortcuts give exactly the engine's HTML (issue 19).

``render_markdown`` skips markdown-it for text without Markdown syntax (one escaped
paragraph) and reuses the render of a text that differs only in its numbers. Both must be
invisible: for any text, the HTML is the engine's, character for character. Hypothesis
draws texts from an alphabet heavy in Markdown syntax, digits, colons and whitespace.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kernel.contracts import markup
from kernel.elements import clean_text, render_inline, render_markdown

ALPHABET = list("ab xyZ0123456789:.,;)(-+*=_~`#>|[]!<&\\\"'/\n\t") + [
    "\u00a0", "\u3000", "é", "\ue000", "😀", "\u2028", "\r"]
TEXTS = st.text(alphabet=st.sampled_from(ALPHABET), max_size=40)
WORDS = st.lists(st.sampled_from(["row", "**5**", "12", "3.5", ":", "a1", "->", "--", "`7`", "~~8~~", "*x*", "\n",
                                  "- ", "1. ", "# ", "> ", ":100:", ":smile:", "[a](http://1.com/2)", "<http://3.io>",
                                  "&#49;", "[1]", "[1]: /x", "|", "---", "=", "  ", "\"", "é", ":red[9]"]),
                 max_size=12).map(" ".join)


def engine(text: str, allow_html: bool = False) -> str:
    return markup._render(clean_text(text), allow_html)


def engine_inline(text: str) -> str:
    return str(markup._parser(False).renderInline(text))


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS | WORDS)
def test_render_markdown_is_the_engines_html(text: str) -> None:
    assert render_markdown(text) == engine(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS | WORDS)
def test_render_markdown_with_html_allowed_is_the_engines_html(text: str) -> None:
    assert render_markdown(text, True) == engine(text, True)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS | WORDS)
def test_render_inline_is_the_engines_html(text: str) -> None:
    assert render_inline(text) == engine_inline(text)


@pytest.mark.parametrize("text", [
    "row 5: 123", "It's 42 \"quoted\"", "two\nlines 7", "é 1", "", "a: b", "x -y", "well-known", "2024 was",
])
def test_plain_text_takes_the_shortcut(text: str) -> None:
    assert markup.plain_paragraph(text) == engine(text)
    assert markup.plain_paragraph(text) is not None


@pytest.mark.parametrize("text", [
    "**b**", "- item", "1. one", "10) ten", "# h", "> q", "a -> b", ":smile:", ":material/home:", "a\n\nb", "a  \nb",
    "a\\*", "<b>", "&amp;", "a | b", "=\nx", "x\n===", "tab\tin", " lead", "`c`", "[l](u)", "~~s~~", "a_b_",
])
def test_text_with_syntax_goes_to_the_engine(text: str) -> None:
    assert markup.plain_paragraph(text) is None


def test_a_shape_of_text_is_rendered_once_for_all_its_numbers() -> None:
    markup._numbers_template.cache_clear()
    for value in range(50):
        assert render_markdown(f"row **{value % 7}**: {value}") == engine(f"row **{value % 7}**: {value}")
    assert markup._numbers_template.cache_info().misses == 1


@pytest.mark.parametrize("text", [
    "[x](http://1.com/2)", "<http://1.com>", "&#49; 2", "1. one 2", "a\n2. b", ":100: 3", "[1]\n\n[1]: /2",
])
def test_numbers_that_mean_something_are_not_templated(text: str) -> None:
    assert markup._with_numbers(text) is None
    assert render_markdown(text) == engine(text)


def test_markdown_stays_sanitised_through_the_shortcuts() -> None:
    # Raw HTML is text unless allowed, whichever path renders it.
    for text in ("<script>alert(1)</script> 5", "a <img src=x onerror=alert(1)> 7", "**<b>** 9"):
        html = render_markdown(text)
        assert "<script" not in html and "<img" not in html and "<b>" not in html
        assert html == engine(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([" ", "\t", "a", "\u00a0", "\u3000", "\x0b", "\x1c", "\n"]), max_size=12))
def test_clean_text_of_one_line_is_dedent_then_strip(text: str) -> None:
    import textwrap

    assert clean_text(text) == textwrap.dedent(text).strip()
