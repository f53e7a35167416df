"""The rest of the reference's commands in Chromium (issue 20): st.audio_input records from a fake
microphone and the script reads the WAV back; the new layout and input commands on one page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.liveloop_browser import ServedApp, open_app

pytestmark = pytest.mark.browser

Serve = Callable[..., ServedApp]


def test_audio_input_records_a_wav_the_script_reads(serve: Serve, browser: Any) -> None:
    from tests.browser.elements2_browser import CAMERA_ARGS, CHROMIUM

    # A fake microphone that needs no permission prompt: only this test launches with it.
    media_browser = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=CAMERA_ARGS)
    try:
        context = media_browser.new_context(permissions=["microphone"])
        page = context.new_page()
        page.set_default_timeout(30_000)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        app = serve(
            "from kernel import st\n"
            "clip = st.experimental_audio_input('Speak', sample_rate=8000)\n"
            "if clip is not None:\n"
            "    data = clip.getvalue()\n"
            "    rate = int.from_bytes(data[24:28], 'little')\n"
            "    samples = (len(data) - 44) // 2\n"
            "    st.text(repr((clip.type, data[:4], data[8:12], rate, samples > 800)))\n"
            "else:\n"
            "    st.text('no clip')\n"
        )
        open_app(page, app)
        out = page.locator(".k-kind-text")
        expect(out).to_have_text("no clip")
        page.get_by_role("button", name="Record").click()
        stop = page.get_by_role("button", name="Stop recording")
        expect(stop).to_be_visible()
        page.wait_for_timeout(600)  # record ~0.6 s of the fake microphone's tone
        stop.click()
        expect(out).to_have_text("('audio/wav', b'RIFF', b'WAVE', 8000, True)")
        expect(page.locator(".k-kind-audio_input audio")).to_be_visible()  # the clip plays back
        page.get_by_role("button", name="Clear recording").click()
        expect(out).to_have_text("no clip")
        assert errors == []
        context.close()
    finally:
        media_browser.close()


def test_space_takes_its_size_down_a_column_and_across_a_row(serve: Serve, page: Any) -> None:
    from tests.browser.elements2_browser import open_app as open_source

    open_source(page, serve, """
        from kernel import st
        st.text("above")
        st.space("large")
        st.text("below")
        with st.container(horizontal=True, key="row"):
            st.text("left")
            st.space("stretch")
            st.text("right")
        with st.container(horizontal=True, key="fixed"):
            st.text("one")
            st.space(120)
            st.text("two")
    """)
    spaces = page.locator(".k-kind-space")
    expect(spaces).to_have_count(3)
    large = spaces.nth(0).bounding_box()
    assert large is not None and round(large["height"]) == 68  # 4.25rem
    above = page.get_by_text("above", exact=True).bounding_box()
    below = page.get_by_text("below", exact=True).bounding_box()
    assert above is not None and below is not None and below["y"] - above["y"] > 68
    row = page.locator(".st-key-row").bounding_box()
    right = page.get_by_text("right", exact=True).bounding_box()
    assert row is not None and right is not None
    assert abs((right["x"] + right["width"]) - (row["x"] + row["width"])) < 2  # pushed to the far end
    fixed = spaces.nth(2).bounding_box()
    assert fixed is not None and round(fixed["width"]) == 120
