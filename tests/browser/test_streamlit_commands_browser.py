"""Commands Streamlit apps use, in Chromium: st.logo in the page's corner (the icon image while there
is no open sidebar), chat avatars as images, st.map() without data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.liveloop_browser import ServedApp

pytestmark = pytest.mark.browser

Serve = Callable[..., ServedApp]

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")


def test_logo_sits_in_the_top_left_corner_and_swaps_to_its_icon_without_a_sidebar(serve: Serve, page: Any) -> None:
    app = serve(
        "from kernel import st\n"
        f"png = {PNG!r}\n"
        "st.logo(png, size='large', link='https://example.com', icon_image='🦜')\n"
        "if st.checkbox('sidebar', value=True):\n"
        "    st.sidebar.text('in the sidebar')\n"
        "st.title('Hello')\n"
    )
    page.goto(app.url)
    logo = page.locator(".k-logo")
    image = logo.locator("img.k-logo-image")
    expect(image).to_be_visible()
    page.wait_for_function("document.querySelector('img.k-logo-image').naturalWidth > 0")
    box = image.bounding_box()
    assert box is not None and box["x"] < 40 and box["y"] < 40 and round(box["height"]) == 32, box
    expect(logo).to_have_attribute("href", "https://example.com")
    expect(logo.locator(".k-logo-icon")).to_be_hidden()
    title = page.get_by_role("heading", name="Hello").bounding_box()
    assert title is not None and title["y"] > box["y"] + box["height"], "the logo covers nothing of the page"

    page.get_by_label("sidebar").uncheck()
    expect(page.locator("#kernel-sidebar")).to_be_hidden()
    expect(logo.locator(".k-logo-icon")).to_be_visible()
    expect(logo.locator(".k-logo-icon")).to_have_text("🦜")
    expect(image).to_be_hidden()


def test_a_run_without_st_logo_removes_it(serve: Serve, page: Any) -> None:
    app = serve(
        "from kernel import st\n"
        "if st.checkbox('show it', value=True):\n"
        "    st.logo(':material/home:')\n"
        "    st.logo('🦜')\n"
    )
    page.goto(app.url)
    expect(page.locator(".k-logo")).to_have_count(2)
    expect(page.locator(".k-logo").locator("visible=true")).to_have_text("🦜")
    page.get_by_label("show it").uncheck()
    expect(page.locator(".k-logo")).to_have_count(0)


def test_chat_avatar_images_load_and_an_empty_map_draws(serve: Serve, page: Any) -> None:
    app = serve(
        "import numpy as np\n"
        "from kernel import st\n"
        "with st.chat_message('user', avatar=np.full((8, 8, 3), 200, dtype=np.uint8)):\n"
        "    st.write('hi')\n"
        "with st.chat_message('assistant', avatar='🦜'):\n"
        "    st.write('hello')\n"
        "st.map()\n"
    )
    page.goto(app.url)
    avatar = page.locator(".k-chat-message .k-avatar img")
    expect(avatar).to_have_count(1)
    page.wait_for_function("document.querySelector('.k-chat-message .k-avatar img').naturalWidth === 8")
    expect(page.locator(".k-chat-message .k-avatar").nth(1)).to_have_text("🦜")
    chart = page.locator(".k-kind-vega_lite")
    expect(chart).to_have_attribute("data-drawn", "true", timeout=60_000)
    lines = page.evaluate("Math.max(...[...document.querySelectorAll('.k-kind-vega_lite path')]"
                          ".map((p) => (p.getAttribute('d') || '').split('M').length - 1))")
    assert lines > 15, "the empty map draws its meridians and parallels"


def test_pydeck_chart_draws_its_layers_with_deck_gl_on_a_plain_background(serve: Serve, page: Any) -> None:
    pytest.importorskip("pydeck")
    app = serve(
        "import pydeck as pdk\n"
        "from kernel import st\n"
        "data = [{'lon': -122.41, 'lat': 37.77, 'name': 'here'}]\n"
        "deck = pdk.Deck(initial_view_state=pdk.ViewState(latitude=37.77, longitude=-122.41, zoom=11),\n"
        "                layers=[pdk.Layer('ScatterplotLayer', data=data, get_position='[lon, lat]',\n"
        "                                  get_radius=800, get_fill_color=[255, 0, 0], pickable=True)],\n"
        "                tooltip={'text': 'at {name}'})\n"
        "st.write(deck)\n"
    )
    page.goto(app.url)
    chart = page.locator(".k-kind-deck_gl_json_chart")
    expect(chart).to_have_attribute("data-drawn", "true", timeout=60_000)
    expect(chart.locator(".k-deck")).to_have_attribute("data-layers", "1")
    assert "ScatterplotLayer" not in page.locator("#kernel-main").inner_text(), "no JSON shown as text"
    box = chart.locator(".k-deck").bounding_box()
    assert box is not None and round(box["height"]) == 500
    # The red point in the middle of the view is drawn on the canvas (no map tiles are needed).
    page.wait_for_timeout(500)
    png = chart.locator(".k-deck").screenshot()
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(png)).convert("RGB")
    pixels = [image.getpixel((x, y)) for x in range(image.width) for y in range(image.height)]
    red = sum(1 for r, g, b in pixels if r > 200 and g < 60 and b < 60)
    assert red > 50, f"{red} red pixels"
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator(".deck-tooltip")).to_have_text("at here")
