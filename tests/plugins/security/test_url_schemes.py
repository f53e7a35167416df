"""Links only to http, https, mailto and relative URLs: st.link_button, TeX \\href and Markdown.

``LinkColumn`` cells are checked in the page (``tests/browser/test_url_schemes_browser.py``).
"""

from __future__ import annotations

import pytest

from kernel.elements import is_safe_url
from kernel.testing import AppTest
from kernel_plugins.elements_text.rich_text import latex_to_mathml
from tests.plugins.elements_inputs.inputs_harness import error_of

UNSAFE = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
          "\x01javascript:alert(1)", "about:srcdoc", "javascript&colon;alert(1)", "&#106;avascript:alert(1)",
          "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>", "file:///etc/passwd"]
SAFE = ["https://example.com/a?b=1&c=2", "http://example.com", "mailto:someone@example.com", "/relative/path",
        "page?x=a:b", "#anchor", "//example.com/x", "other", "about:blank"]


@pytest.mark.parametrize("url", UNSAFE)
def test_unsafe_schemes_are_refused(url: str) -> None:
    assert not is_safe_url(url)


@pytest.mark.parametrize("url", SAFE)
def test_http_https_mailto_and_relative_urls_are_allowed(url: str) -> None:
    assert is_safe_url(url)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "vbscript:msgbox(1)", "data:text/html,hi"])
def test_link_button_refuses_an_unsafe_url_with_a_message(url: str) -> None:
    message = error_of(f"st.link_button('Open', {url!r})")
    assert f"st.link_button(url={url!r})" in message
    assert "only http, https and mailto links and relative URLs are allowed" in message


def test_link_button_keeps_safe_urls() -> None:
    at = AppTest.from_string(
        "from kernel import st\n"
        "st.link_button('a', 'https://example.com')\nst.link_button('b', 'mailto:x@example.com')\n"
        "st.link_button('c', '/other/page')\n"
    ).run()
    assert not at.exception
    assert [b.url for b in at.link_button] == ["https://example.com", "mailto:x@example.com", "/other/page"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "vbscript:msgbox(1)", "data:text/html,hi",
                                 "javascript&colon;alert(1)", " JaVaScript:alert(1)"])
def test_tex_href_to_an_unsafe_url_is_not_a_link(url: str) -> None:
    mathml = latex_to_mathml(rf"\href{{{url}}}{{click}}")
    assert "href" not in mathml and "script" not in mathml.lower()
    assert "<mi>c</mi>" in mathml  # the text stays, as plain math


@pytest.mark.parametrize("url", ["https://example.com/?a=1", "mailto:x@example.com", "/page"])
def test_tex_href_to_a_safe_url_stays_a_link(url: str) -> None:
    assert 'href="' + url.replace("&", "&amp;") in latex_to_mathml(rf"\href{{{url}}}{{x}}")


def test_st_latex_shows_no_html_smuggled_through_text() -> None:
    at = AppTest.from_string(
        "from kernel import st\n"
        r"st.latex(r'\href{javascript:alert(1)}{x} + \text{<img/src=x/onerror=alert(1)>}')" "\n"
    ).run()
    mathml = at.latex[0].props["mathml"] if hasattr(at, "latex") else None
    assert mathml is not None
    assert "href" not in mathml and "<img" not in mathml and "onerror" not in mathml


@pytest.mark.parametrize("url", ["javascript:alert(1)", "vbscript:msgbox(1)", "data:text/html,hi"])
def test_markdown_links_to_unsafe_urls_are_not_links(url: str) -> None:
    at = AppTest.from_string(f"from kernel import st\nst.markdown('[click]({url}) and <{url}>')\n").run()
    body = at.markdown[0].props["html"]
    assert "<a " not in body and "href" not in body


def test_markdown_links_to_safe_urls_stay_links() -> None:
    at = AppTest.from_string("from kernel import st\nst.markdown('[a](https://example.com) [b](/page)')\n").run()
    body = at.markdown[0].props["html"]
    assert 'href="https://example.com"' in body and 'href="/page"' in body
