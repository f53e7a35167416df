"""A page of 1000 changed Markdown elements looks the same in Chromium whether the server
renders them with its shortcuts or with markdown-it alone (issue 19), and the browser
negotiated the compressed stream that carried them."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from kernel.contracts import markup
from tests.browser.liveloop_browser import ServedApp, open_app

Serve = Callable[..., ServedApp]

APP = '''
from kernel import st

v = st.slider("Value", 0, 1_000_000, 3)
columns = st.columns(4)
for i in range(1000):
    with columns[i % 4]:
        shape = i % 5
        if shape == 0:
            st.markdown(f"row {i}: {v}")  # no syntax: one paragraph, without the engine
        elif shape == 1:
            st.markdown(f"row **{i}**: *{v}* `x{v}` ~~{i}~~")  # only numbers differ: a template
        elif shape == 2:
            st.write(f'It\\'s "{v}" -- done, {i} -> next')  # typography: the engine
        elif shape == 3:
            st.markdown(f"- item {i}\\n- value :red[{v}] :smile:")  # a list, colour, emoji: the engine
        else:
            st.caption(f"# {i} [link](https://example.com/{v}) & {v}")  # a link and an entity: the engine
'''
VALUE = "123457"


def _changed_page(page: Any, app: ServedApp) -> tuple[bytes, str]:
    """Open the app, move the slider so every element changes, return (screenshot, HTML)."""
    open_app(page, app)
    expect(page.locator(".k-kind-markdown")).to_have_count(1000, timeout=30_000)
    page.get_by_label("Value").fill(VALUE)
    expect(page.locator(".k-kind-markdown").last).to_contain_text(VALUE, timeout=30_000)
    expect(page.locator(".k-kind-markdown").first).to_contain_text(VALUE)
    page.wait_for_function("document.body.dataset.running !== 'true'")
    page.wait_for_function("document.fonts.ready.then(() => true)")
    main = page.locator("#kernel-main")
    return main.screenshot(animations="disabled"), main.inner_html()


def test_1000_changed_markdown_elements_look_the_same_with_and_without_the_shortcuts(
        serve: Serve, page: Any, browser: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image, ImageChops

    page.set_viewport_size({"width": 1400, "height": 900})
    app = serve(APP)
    markup.render_markdown.cache_clear()
    fast_shot, fast_html = _changed_page(page, app)
    assert app.runtime.statistics().compressed_websockets >= 1  # Chromium offered permessage-deflate

    # The same page rendered by markdown-it alone: no shortcut, nothing cached from above.
    monkeypatch.setattr(markup, "plain_paragraph", lambda text: "" if not text else None)
    monkeypatch.setattr(markup, "_with_numbers", lambda text: None)
    markup.render_markdown.cache_clear()
    engine_page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        engine_shot, engine_html = _changed_page(engine_page, app)
    finally:
        engine_page.close()
        markup.render_markdown.cache_clear()

    assert fast_html == engine_html
    fast = Image.open(io.BytesIO(fast_shot)).convert("RGB")
    engine = Image.open(io.BytesIO(engine_shot)).convert("RGB")
    assert fast.size == engine.size
    assert fast.size[1] > 2000  # the whole tall page, not one screen of it
    assert ImageChops.difference(fast, engine).getbbox() is None
