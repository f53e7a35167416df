"""The rest of the reference's commands in Chromium (issue 20): st.audio_input records from a fake
microphone and the script reads the WAV back; the new layout and input commands on one page."""

from __future__ import annotations

import textwrap
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


def test_menu_button_opens_a_menu_and_the_script_reads_the_choice(serve: Serve, page: Any) -> None:
    from tests.browser.elements2_browser import open_app as open_source
    from tests.browser.elements2_browser import out

    open_source(page, serve, """
        from kernel import st
        st.session_state.setdefault("runs", 0)
        st.session_state.runs += 1
        choice = st.menu_button("Actions", ["Copy", "Paste", "Delete"])
        st.text(f"{choice!r} after {st.session_state.runs} runs")
    """)
    expect(out(page)).to_have_text("None after 1 runs")
    button = page.get_by_role("button", name="Actions")
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    menu = page.get_by_role("menu")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("menuitem")).to_have_count(3)
    page.keyboard.press("Escape")  # closing without a choice does not rerun
    expect(menu).to_be_hidden()
    page.wait_for_timeout(300)
    expect(out(page)).to_have_text("None after 1 runs")
    button.click()
    page.get_by_role("menuitem", name="Paste").click()
    expect(out(page)).to_have_text("'Paste' after 2 runs")
    expect(menu).to_be_hidden()
    expect(button).to_have_text("Actions▾")  # the label never changes


def test_pagination_moves_between_pages(serve: Serve, page: Any) -> None:
    from tests.browser.elements2_browser import open_app as open_source
    from tests.browser.elements2_browser import out

    open_source(page, serve, """
        from kernel import st
        page = st.pagination(20, default=1, max_visible_pages=7)
        st.text(f"page {page}")
    """)
    expect(out(page)).to_have_text("page 1")
    nav = page.get_by_role("navigation", name="Pagination")
    expect(nav.get_by_role("button", name="Previous page")).to_be_disabled()
    labels = nav.locator(".k-page, .k-page-gap").all_text_contents()
    assert labels == ["1", "2", "3", "4", "5", "…", "20"]
    nav.get_by_role("button", name="Page 3", exact=True).click()
    expect(out(page)).to_have_text("page 3")
    expect(nav.get_by_role("button", name="Page 3", exact=True)).to_have_attribute("aria-current", "page")
    nav.get_by_role("button", name="Page 20", exact=True).click()
    expect(out(page)).to_have_text("page 20")
    expect(nav.get_by_role("button", name="Next page")).to_be_disabled()
    assert nav.locator(".k-page, .k-page-gap").all_text_contents() == ["1", "…", "16", "17", "18", "19", "20"]
    nav.get_by_role("button", name="Previous page").click()
    expect(out(page)).to_have_text("page 19")
    nav.get_by_role("button", name="Page 1", exact=True).click()
    nav.get_by_role("button", name="Next page").click()
    expect(out(page)).to_have_text("page 2")


def test_datetime_input_sends_a_date_and_time_the_script_reads(serve: Serve, page: Any) -> None:
    from tests.browser.elements2_browser import open_app as open_source
    from tests.browser.elements2_browser import out

    open_source(page, serve, """
        import datetime as dt
        from kernel import st
        when = st.datetime_input("Meeting", dt.datetime(2024, 5, 1, 8, 45), min_value=dt.datetime(2024, 1, 1),
                                 max_value=dt.datetime(2024, 12, 31, 23, 0))
        st.text(repr(when))
    """)
    expect(out(page)).to_have_text("datetime.datetime(2024, 5, 1, 8, 45)")
    field = page.get_by_label("Meeting")
    expect(field).to_have_value("2024-05-01T08:45")
    expect(field).to_have_attribute("min", "2024-01-01T00:00")
    expect(field).to_have_attribute("step", "900")
    field.fill("2024-07-14T21:30")
    expect(out(page)).to_have_text("datetime.datetime(2024, 7, 14, 21, 30)")


def test_bottom_container_stays_in_view_and_its_widgets_rerun(serve: Serve, page: Any) -> None:
    from tests.browser.elements2_browser import open_app as open_source

    open_source(page, serve, """
        from kernel import st
        for i in range(60):
            st.text(f"line {i}")
        with st.bottom:
            clicked = st.button("Pinned button")
        st.bottom.text(f"clicked {clicked}")
        prompt = st.chat_input("Say something")
    """)
    pinned = page.get_by_role("button", name="Pinned button")
    status = page.locator("#kernel-bottom-root .k-kind-text")
    expect(status).to_have_text("clicked False")
    viewport = page.viewport_size
    assert viewport is not None
    box = pinned.bounding_box()
    assert box is not None and box["y"] + box["height"] <= viewport["height"]  # in view although the page is long
    main_last = page.get_by_text("line 59", exact=True).bounding_box()
    assert main_last is not None and main_last["y"] > viewport["height"]  # the main area runs below the fold
    chat = page.get_by_placeholder("Say something").bounding_box()
    assert chat is not None and chat["y"] > box["y"]  # st.bottom's content sits above the docked chat input
    pinned.click()
    expect(status).to_have_text("clicked True")


def test_grid_lays_children_in_cells_and_wraps(serve: Serve, page: Any) -> None:
    from tests.browser.elements2_browser import open_app as open_source
    from tests.browser.elements2_browser import out

    page.set_viewport_size({"width": 1000, "height": 800})
    open_source(page, serve, """
        from kernel import st
        grid = st.grid(3, min_column_width=150, gap="small", key="g")
        with grid:
            a = st.button("A")
            st.button("B")
            st.empty()
            st.button("D")
        wide = grid.cell(column_span=2)
        wide.button("Wide")
        st.text(f"A clicked {a}")
    """)
    expect(out(page)).to_have_text("A clicked False")
    boxes = {name: page.get_by_role("button", name=name, exact=True).bounding_box() for name in "ABD"}
    cells = page.locator(".st-key-g > .k-el")
    expect(cells).to_have_count(5)
    first, second, third = (cells.nth(i).bounding_box() for i in range(3))
    assert first and second and third and boxes["A"] and boxes["D"]
    assert first["y"] == second["y"] == third["y"]  # three columns in one row; st.empty() reserved the third
    assert boxes["D"]["y"] > boxes["A"]["y"] and abs(boxes["D"]["x"] - boxes["A"]["x"]) < 2  # D starts row two
    wide_cell = cells.nth(4).bounding_box()
    assert wide_cell is not None and abs(wide_cell["width"] - (second["x"] + second["width"] - first["x"])) < 2
    page.set_viewport_size({"width": 420, "height": 800})  # room for two 150 px columns, not three
    page.wait_for_timeout(200)
    narrow = [cells.nth(i).bounding_box() for i in range(3)]
    assert narrow[0] and narrow[1] and narrow[2]
    assert narrow[0]["y"] == narrow[1]["y"] and narrow[2]["y"] > narrow[0]["y"]
    page.get_by_role("button", name="A", exact=True).click()
    expect(out(page)).to_have_text("A clicked True")


def test_bound_expander_and_tabs_keep_their_state_in_the_url(serve: Serve, page: Any) -> None:
    from tests.browser.elements2_browser import open_app as open_source
    from tests.browser.elements2_browser import out

    open_source(page, serve, """
        from kernel import st
        with st.expander("More", key="more", bind="query-params") as more:
            st.text("inside")
        one, two = st.tabs(["One", "Two"], key="tab", bind="query-params")
        two.text("second tab")
        box = st.container(height=120, autoscroll=True, key="log")
        for i in range(30):
            box.text(f"log {i}")
        st.text(f"{more.open} {two.open}")
    """)
    expect(out(page)).to_have_text("False False")
    page.get_by_text("More", exact=True).click()
    expect(out(page)).to_have_text("True False")
    page.get_by_role("tab", name="Two").click()
    expect(out(page)).to_have_text("True True")
    assert "more=true" in page.url and "tab=Two" in page.url
    log = page.locator(".st-key-log")
    at_end = log.evaluate("el => Math.abs(el.scrollHeight - el.clientHeight - el.scrollTop) < 2")
    assert at_end  # autoscroll keeps the end of the fixed-height container in view
    page.goto(page.url)  # a new session from the URL: both come back as they were
    expect(out(page)).to_have_text("True True")
    expect(page.get_by_text("second tab")).to_be_visible()
    expect(page.get_by_text("inside", exact=True)).to_be_visible()


def test_skeleton_shows_while_its_block_runs(serve: Serve, page: Any) -> None:
    from tests.browser.elements2_browser import out

    app = serve(textwrap.dedent("""
        import time
        from kernel import st
        slow = st.button("Load")
        if slow:
            with st.skeleton(90):
                time.sleep(1.5)
        st.text(f"loaded {slow}")
    """))
    page.goto(app.url)
    expect(out(page)).to_have_text("loaded False")
    page.get_by_role("button", name="Load").click()
    bar = page.get_by_role("progressbar", name="Loading")
    expect(bar).to_be_visible()  # faded in while the block sleeps
    box = bar.bounding_box()
    assert box is not None and round(box["height"]) == 90
    expect(out(page)).to_have_text("loaded True")
    expect(bar).to_have_count(0)  # cleared when the block ended


def test_audio_video_and_multiselect_columns_draw_their_cells(serve: Serve, page: Any) -> None:
    from tests.browser.elements2_browser import open_app as open_source

    open_source(page, serve, """
        import pandas as pd
        from kernel import st
        df = pd.DataFrame({"clip": ["/clip.wav", "javascript:alert(1)"], "film": ["/film.mp4", None],
                           "tags": [["a", "c"], ["b"]]})
        st.dataframe(df, hide_index=True, column_config={
            "clip": st.column_config.AudioColumn("Clip"),
            "film": st.column_config.VideoColumn("Film"),
            "tags": st.column_config.MultiselectColumn("Tags", options=["a", "b", "c"], format_func=str.upper,
                                                       color="blue"),
        })
    """)
    grid = page.locator(".k-kind-dataframe")
    expect(grid.locator("audio.k-cell-audio")).to_have_count(1)  # the javascript: URL stays text
    expect(grid.locator("audio.k-cell-audio")).to_have_attribute("src", "/clip.wav")
    expect(grid.get_by_text("javascript:alert(1)")).to_be_visible()
    expect(grid.locator("video.k-cell-video")).to_have_count(1)
    chips = grid.locator(".k-chip[data-color='blue']")
    expect(chips).to_have_text(["A", "C", "B"])
