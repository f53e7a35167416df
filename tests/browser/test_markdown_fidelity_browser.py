"""Markdown looks as in Streamlit, in Chromium (issue 18): ``:material/name:`` icons are glyphs of the
vendored Material Symbols font wherever icons are accepted, and an indented body rendered inside a
function is pixel-for-pixel the body written at the margin."""

from __future__ import annotations

import base64
import io
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.elements2_browser import Serve, open_app

pytestmark = pytest.mark.browser

ICONS = """
from kernel import st

st.markdown("Go :material/home: now, :material/no_such_icon: stays text")
st.button("Save", icon=":material/save:")
st.info("Note", icon=":material/info:")
st.success(":material/check_circle: Done")
with st.expander("More", icon=":material/expand_circle_down:"):
    st.text("inside")
a, b = st.tabs([":material/table: Data", "Chart"])
st.text_input("Mail", type="email")
st.toast("Hi", icon=":material/waving_hand:")
st.badge("New", icon=":material/star:")
st.header("Head", icon=":material/rocket:")
"""


def _icon_report(page: Any, selector: str) -> list[dict[str, Any]]:
    """For each icon span: its ligature name, its box, the font size and whether the font drew it."""
    return page.eval_on_selector_all(selector, """els => els.map(el => {
        const box = el.getBoundingClientRect();
        const size = parseFloat(getComputedStyle(el).fontSize);
        return {name: el.textContent, width: box.width, height: box.height, size,
                family: getComputedStyle(el).fontFamily,
                loaded: document.fonts.check(`${size}px "Material Symbols Rounded"`, el.textContent)};
    })""")


def _wait_for_icon_font(page: Any) -> None:
    page.wait_for_function("""() => document.fonts.ready.then(() =>
        [...document.fonts].some(f => f.family.includes("Material Symbols Rounded") && f.status === "loaded"))""")


def test_material_icons_are_glyphs_of_the_vendored_font(serve: Serve, page: Any) -> None:
    served = open_app(page, serve, ICONS)
    expect(page.locator(".k-toast")).to_be_visible()
    _wait_for_icon_font(page)
    icons = _icon_report(page, ".k-material-icon")
    names = [icon["name"] for icon in icons]
    for name in ("home", "save", "info", "check_circle", "expand_circle_down", "table", "mail", "waving_hand",
                 "star", "rocket"):
        assert name in names, (name, names)
    for icon in icons:
        assert "Material Symbols Rounded" in icon["family"]
        assert icon["loaded"], icon
        # One glyph, one em wide: the name drawn as text would be several ems wide.
        assert abs(icon["width"] - icon["size"]) <= 1.0, icon
    # An unknown name in Markdown stays as written, in the text font.
    expect(page.locator(".k-kind-markdown").first).to_contain_text(":material/no_such_icon: stays text")
    # The font is served by the app itself.
    response = page.request.get(served.url.rstrip("/") + "/_kernel/static/fonts/material-symbols/"
                                "material-symbols-rounded.woff2")
    assert response.status == 200 and response.headers["content-type"] == "font/woff2"
    # Icons are not part of accessible names: the button is "Save", not "save Save".
    expect(page.get_by_role("button", name="Save", exact=True)).to_be_visible()


def test_a_page_icon_in_the_navigation_is_a_glyph(serve: Serve, page: Any) -> None:
    open_app(page, serve, """
        from kernel import st

        def home():
            st.text("home page")

        st.navigation([st.Page(home, title="Home", icon=":material/home:"),
                       st.Page(lambda: st.text("other"), title="Other", url_path="other")]).run()
    """)
    _wait_for_icon_font(page)
    [icon] = _icon_report(page, ".k-nav-icon")
    assert icon["name"] == "home" and icon["loaded"] and abs(icon["width"] - icon["size"]) <= 1.0


MARKDOWN = '''
from kernel import st

BODY = """# Heading

Some **bold** and *italic* text, a [link](https://example.com) -> an arrow, x >= 3, echo--done.

- one
- two :material/check:

> a quote

    code block kept as code
"""


def page():
    st.markdown("""
        # Heading

        Some **bold** and *italic* text, a [link](https://example.com) -> an arrow, x >= 3, echo--done.

        - one
        - two :material/check:

        > a quote

            code block kept as code
        """)

# Side by side, so both start at the same height and have the same width.
left, right = st.columns(2)
with left.container(key="indented"):
    page()
with right.container(key="plain"):
    st.markdown(BODY)
'''


def test_indented_markdown_in_a_function_looks_like_the_unindented_one(serve: Serve, page: Any) -> None:
    from PIL import Image, ImageChops

    open_app(page, serve, MARKDOWN)
    _wait_for_icon_font(page)
    indented = page.locator(".st-key-indented .k-kind-markdown")
    plain = page.locator(".st-key-plain .k-kind-markdown")
    expect(indented.locator("h1")).to_have_text("Heading")
    expect(indented.locator("pre")).to_have_text("code block kept as code")
    assert "→" in indented.inner_text() and "≥" in indented.inner_text() and "echo--done" in indented.inner_text()
    shot_indented = Image.open(io.BytesIO(indented.screenshot(animations="disabled"))).convert("RGB")
    shot_plain = Image.open(io.BytesIO(plain.screenshot(animations="disabled"))).convert("RGB")
    assert shot_indented.size == shot_plain.size
    assert ImageChops.difference(shot_indented, shot_plain).getbbox() is None


def test_emoji_are_drawn_in_colour(serve: Serve, page: Any) -> None:
    """Emoji come from the system's colour emoji font (.ci/run installs Debian's fonts-noto-color-emoji)."""
    from PIL import Image

    open_app(page, serve, """
        from kernel import st
        st.markdown("# :balloon: 🎉")
    """)
    heading = page.locator(".k-kind-markdown h1")
    expect(heading).to_have_text("🎈 🎉")
    page.wait_for_function("document.fonts.ready.then(() => true)")
    # A colour font paints saturated pixels; text fonts (or a missing glyph's box) paint greys only.
    shot = Image.open(io.BytesIO(heading.screenshot(animations="disabled"))).convert("HSV")
    _, sat, val = shot.split()
    saturated = sum(1 for s, v in zip(sat.tobytes(), val.tobytes(), strict=True) if s > 120 and v > 80)
    assert saturated > 200, f"{saturated} colour pixels: is a colour emoji font installed (fonts-noto-color-emoji)?"


def test_a_material_page_icon_is_the_favicon(serve: Serve, page: Any) -> None:
    from PIL import Image

    open_app(page, serve, """
        from kernel import st
        st.set_page_config(page_title="Icons", page_icon=":material/rocket_launch:")
        st.text("page")
    """)
    link = page.locator("link[rel=icon]")
    expect(link).to_have_attribute("href", re.compile(r"^data:image/png;base64,"))
    png = base64.b64decode(link.get_attribute("href").split(",", 1)[1])
    image = Image.open(io.BytesIO(png)).convert("RGBA")
    # The glyph (a 56 px square in the middle), not the name written out (wider than the canvas).
    alpha = image.getchannel("A")
    assert alpha.crop((16, 16, 48, 48)).getbbox() is not None
    assert alpha.crop((0, 0, 3, 64)).getbbox() is None and alpha.crop((61, 0, 64, 64)).getbbox() is None


def test_help_tooltips_are_dedented(serve: Serve, page: Any) -> None:
    open_app(page, serve, '''
        from kernel import st

        def form():
            st.text_input("Name", help="""
                First line
                  second, indented
                """)
            st.markdown("Body", help="""
                Markdown help
                """)

        form()
    ''')
    tips = page.locator(".k-help")
    expect(tips).to_have_count(2)
    assert tips.nth(0).get_attribute("aria-label") == "First line\n  second, indented"
    assert tips.nth(1).get_attribute("aria-label") == "Markdown help"
    # dedented before its Markdown is rendered: a paragraph, not an indented code block
    assert tips.nth(1).locator(".k-help-tip p").inner_text() == "Markdown help"


def test_help_tooltips_show_their_markdown_on_hover_and_focus_and_escape_html(serve: Serve, page: Any) -> None:
    open_app(page, serve, '''
        from kernel import st

        st.button("Go", help="Press **hard**, see [the docs](https://example.com) and `code`")
        st.checkbox("Tick", help="<img src=x onerror=alert(1)> *plain*")
    ''')
    tips = page.locator(".k-help")
    expect(tips).to_have_count(2)
    first = tips.nth(0).locator(".k-help-tip")
    expect(first).to_be_hidden()
    tips.nth(0).hover()
    expect(first).to_be_visible()
    expect(first.locator("strong")).to_have_text("hard")
    expect(first.locator("a")).to_have_attribute("href", "https://example.com")
    expect(first.locator("code")).to_have_text("code")
    page.mouse.move(0, 0)
    expect(first).to_be_hidden()
    second = tips.nth(1).locator(".k-help-tip")
    tips.nth(1).focus()
    expect(second).to_be_visible()
    expect(second.locator("em")).to_have_text("plain")
    assert second.locator("img").count() == 0  # the HTML is shown as text, never parsed
    assert "<img src=x" in second.inner_text()
