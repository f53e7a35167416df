"""Markdown as Streamlit shows it: common indentation stripped, typography only on standalone symbols.

Cases from Streamlit's st.markdown documentation ("<- -> <-> -- >= <= ~=" becomes
"← → ↔ — ≥ ≤ ≈") and from issue 18 (``echo--done``, ``x>=3``, ``--verbose``).
"""

from __future__ import annotations

import pytest

from kernel.contracts.markdown_dialect import TYPOGRAPHY, typography
from kernel.elements import clean_text, render_inline, render_markdown

# -- clean_text: the dedent of text bodies ---------------------------------------------------


def test_clean_text_strips_the_indentation_lines_share_and_the_blank_lines_around() -> None:
    body = """
        # Welcome

        Some **text**
          - a nested line keeps its extra indent
        """
    assert clean_text(body) == "# Welcome\n\nSome **text**\n  - a nested line keeps its extra indent"


def test_clean_text_ignores_whitespace_only_lines_when_measuring_the_indentation() -> None:
    assert clean_text("    a\n  \n    b\n") == "a\n\nb"


def test_clean_text_keeps_text_whose_first_line_is_at_the_margin() -> None:
    # No indentation is common to every line: nothing to strip but the ends.
    assert clean_text("First\n    second\n") == "First\n    second"


def test_clean_text_tabs_and_spaces_are_different_characters() -> None:
    # No common indentation: only the ends are stripped.
    assert clean_text("\tone\n    two") == "one\n    two"


@pytest.mark.parametrize(("body", "text"), [(None, ""), (42, "42"), ("", ""), ("  x  ", "x")])
def test_clean_text_of_any_value(body: object, text: str) -> None:
    assert clean_text(body) == text


def test_an_indented_body_renders_as_the_same_body_at_the_margin() -> None:
    indented = """
        ## Title

        A paragraph with a [link](https://example.com).

        - one
        - two

        Then code:

            code inside, four more spaces
        """
    plain = ("## Title\n\nA paragraph with a [link](https://example.com).\n\n- one\n- two\n\nThen code:\n\n"
             "    code inside, four more spaces")
    assert render_markdown(indented) == render_markdown(plain)
    assert "<h2>Title</h2>" in render_markdown(indented)
    # Indentation beyond the common one is kept: the last block is still code.
    assert "<pre><code>code inside, four more spaces" in render_markdown(indented)


# -- typography: only standalone symbols --------------------------------------------------------


def test_streamlit_documented_symbols_become_their_signs() -> None:
    # st.markdown's documentation: "<- -> <-> -- >= <= ~=" becomes "← → ↔ — ≥ ≤ ≈".
    assert typography("<- -> <-> -- >= <= ~=") == "← → ↔ — ≥ ≤ ≈"
    assert render_inline("<- -> <-> -- >= <= ~=") == "← → ↔ — ≥ ≤ ≈"
    assert list(TYPOGRAPHY.values()) == ["↔", "→", "←", "—", "≥", "≤", "≈"]


@pytest.mark.parametrize("word", ["echo--done", "x>=3", "--verbose", "a->b", "a<-b", "x<=y", "a<->b",
                                  "x~=y", "done--", "--->", "<!--", "-->", "i--", "==>", ">=="])
def test_a_symbol_inside_a_word_stays_as_written(word: str) -> None:
    assert typography(word) == word
    assert typography(f"run {word} now") == f"run {word} now"


@pytest.mark.parametrize(("text", "shown"), [
    ("a -> b", "a → b"),
    ("x >= 3", "x ≥ 3"),
    ("wait -- done", "wait — done"),
    ("-> starts", "→ starts"),
    ("ends ->", "ends →"),
    ("-- --", "— —"),
    ("a\t->\tb", "a\t→\tb"),
    ("a\u00a0->\u00a0b", "a\u00a0→\u00a0b"),
])
def test_a_standalone_symbol_is_replaced(text: str, shown: str) -> None:
    assert typography(text) == shown


def test_issue_examples_as_rendered() -> None:
    assert render_markdown("echo--done") == "<p>echo--done</p>\n"
    assert render_markdown("x>=3") == "<p>x&gt;=3</p>\n"
    assert render_markdown("run it with --verbose") == "<p>run it with --verbose</p>\n"
    assert render_markdown("x >= 3 -- done") == "<p>x ≥ 3 — done</p>\n"


def test_no_typography_inside_code_links_or_urls() -> None:
    assert render_inline("`a -> b`") == "<code>a -&gt; b</code>"
    assert render_markdown("```\na -> b\n```") == "<pre><code>a -&gt; b\n</code></pre>\n"
    assert render_markdown("x\n\n    a -> b") == "<p>x</p>\n<pre><code>a -&gt; b\n</code></pre>\n"
    assert render_inline("[a -> b](https://x.org/a->b)") == '<a href="https://x.org/a-%3Eb">a -&gt; b</a>'
    assert render_inline("<https://x.org/a-->") == '<a href="https://x.org/a--">https://x.org/a--</a>'
    assert render_inline("see https://x.org/a--b/c->d -> here") == "see https://x.org/a--b/c->d → here".replace(
        ">", "&gt;", 1)
    # Text around a link is still replaced.
    assert render_inline("a -> [b -> c](u) -> d") == 'a → <a href="u">b -&gt; c</a> → d'


def test_symbols_at_the_edges_of_emphasis_and_lines_stand_alone() -> None:
    # The edge of a run of text counts as a space (as in Streamlit, whose rule is per text node).
    assert render_inline("**x** -> y") == "<strong>x</strong> → y"
    assert render_inline("**->**") == "<strong>→</strong>"
    assert render_markdown("a\n-> b") == "<p>a\n→ b</p>\n"


def test_typography_inside_coloured_text_and_with_emoji() -> None:
    html = render_inline(":red[a -> b] :smile: --")
    assert "a → b" in html and "😄" in html and html.endswith("—")


def test_html_stays_escaped_and_comments_untouched() -> None:
    assert render_inline("<!-- x --> <b>y</b>") == "&lt;!-- x --&gt; &lt;b&gt;y&lt;/b&gt;"
    assert render_markdown("<!-- a -- b -->", allow_html=True) == "<!-- a -- b -->"
