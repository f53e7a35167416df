"""Elements II widgets in Chromium: each widget type is typed into, clicked, picked or dragged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.elements2_browser import CAMERA_ARGS, CHROMIUM, Serve, open_app, out

pytestmark = pytest.mark.browser

SELECTIONS = """
from kernel import st
t = st.toggle("Dark mode")
r = st.radio("Size", ["S", "M", "L"])
m = st.multiselect("Tags", ["red", "green", "blue"], default=["red"])
ss = st.select_slider("Level", ["low", "mid", "high"])
p = st.pills("Fruit", ["apple", "pear"])
sc = st.segmented_control("View", ["list", "grid"], selection_mode="multi")
f = st.feedback("stars")
c = st.color_picker("Colour", "#00ff00")
sb = st.selectbox("City", ["Paris", "Rome"], index=None, accept_new_options=True)
st.text(repr((t, r, m, ss, p, sc, f, c, sb)))
"""


def test_selection_widgets_report_their_values(serve: Serve, page: Any) -> None:
    open_app(page, serve, SELECTIONS)
    expect(out(page)).to_have_text("(False, 'S', ['red'], 'low', None, [], None, '#00ff00', None)")
    page.get_by_role("switch").check()
    expect(out(page)).to_contain_text("(True, 'S'")
    page.get_by_label("L", exact=True).check()
    expect(out(page)).to_contain_text("(True, 'L', ['red']")
    tags = page.get_by_label("Tags")
    tags.fill("blue")
    tags.press("Enter")
    expect(out(page)).to_contain_text("['red', 'blue']")
    page.get_by_role("button", name="Remove red").click()
    expect(out(page)).to_contain_text("['blue'], 'low'")
    page.get_by_label("Level").fill("2")
    expect(out(page)).to_contain_text("'high', None")
    page.get_by_role("button", name="pear").click()
    expect(out(page)).to_contain_text("'high', 'pear', []")
    page.get_by_role("button", name="grid").click()
    expect(out(page)).to_contain_text("'pear', ['grid']")
    page.get_by_role("button", name="4 stars").click()
    expect(out(page)).to_contain_text("['grid'], 3,")
    page.get_by_label("Colour").fill("#ff0000")
    expect(out(page)).to_contain_text("'#ff0000'")
    city = page.get_by_label("City")
    city.fill("Oslo")
    city.press("Enter")
    expect(out(page)).to_contain_text("'#ff0000', 'Oslo')")
    city.fill("Rome")
    city.press("Enter")
    expect(out(page)).to_contain_text("'#ff0000', 'Rome')")


NUMBERS = """
from kernel import st
import datetime as dt
n = st.number_input("Count", 0, 10, 5)
x = st.number_input("Ratio", 0.0, 1.0, 0.5, step=0.1)
d = st.date_input("Day", dt.date(2024, 5, 1))
t = st.time_input("Alarm", dt.time(7, 30))
day = st.slider("When", dt.date(2024, 1, 1), dt.date(2024, 1, 31), dt.date(2024, 1, 10))
st.text(repr((n, x, d, t, day)))
"""


def test_number_date_and_time_widgets_clamp_and_type(serve: Serve, page: Any) -> None:
    open_app(page, serve, NUMBERS)
    expect(out(page)).to_have_text("(5, 0.5, datetime.date(2024, 5, 1), datetime.time(7, 30), "
                                   "datetime.date(2024, 1, 10))")
    count = page.get_by_label("Count")
    count.fill("42")
    count.press("Enter")
    expect(out(page)).to_contain_text("(10, 0.5")  # clamped to max_value
    expect(count).to_have_value("10")
    page.locator(".k-kind-number_input").first.get_by_role("button", name="Decrement").click()
    expect(out(page)).to_contain_text("(9, 0.5")
    page.locator(".k-kind-number_input").nth(1).get_by_role("button", name="Increment").click()
    expect(out(page)).to_contain_text("(9, 0.6")
    page.get_by_label("Day").fill("2024-05-03")
    expect(out(page)).to_contain_text("datetime.date(2024, 5, 3)")
    page.get_by_label("Alarm").fill("10:45")
    expect(out(page)).to_contain_text("datetime.time(10, 45)")
    page.get_by_label("When").fill(str(dt.date(2024, 1, 20).toordinal()))
    expect(out(page)).to_contain_text("datetime.date(2024, 1, 20))")
    expect(page.locator(".k-kind-slider output")).to_have_text("2024-01-20")


TEXTS = """
from kernel import st
notes = st.text_area("Notes", max_chars=50)
pw = st.text_input("Password", type="password")
msg = st.chat_input("Ask me")
if "chat" not in st.session_state:
    st.session_state.chat = []
if msg:
    st.session_state.chat.append(msg)
st.text(repr((notes, len(pw), msg, st.session_state.chat)))
"""


def test_text_area_password_and_chat_input(serve: Serve, page: Any) -> None:
    open_app(page, serve, TEXTS)
    expect(out(page)).to_have_text("('', 0, None, [])")
    notes = page.get_by_label("Notes")
    notes.fill("line one\nline two")
    notes.blur()
    expect(out(page)).to_have_text("('line one\\nline two', 0, None, [])")
    password = page.get_by_label("Password")
    expect(password).to_have_attribute("type", "password")
    password.fill("hunter2")
    password.press("Enter")
    expect(out(page)).to_contain_text(", 7, None")
    box = page.get_by_label("Ask me")
    box.fill("hello")
    box.press("Enter")
    expect(out(page)).to_contain_text("'hello', ['hello'])")
    expect(box).to_have_value("")
    page.get_by_role("button", name="Rerun").click()  # the message was for one run only
    expect(out(page)).to_contain_text("None, ['hello'])")


BUTTONS = """
from kernel import st
if "n" not in st.session_state:
    st.session_state.n = 0
if st.download_button("Get CSV", "a,b\\n1,2\\n", file_name="data.csv", mime="text/csv"):
    st.session_state.n += 1
clicked = st.link_button("Open docs", "about:blank", on_click="rerun")
st.text(f"downloads {st.session_state.n} link {clicked}")
"""


def test_download_button_saves_the_file_and_reruns(serve: Serve, page: Any) -> None:
    open_app(page, serve, BUTTONS)
    expect(out(page)).to_have_text("downloads 0 link False")
    with page.expect_download() as info:
        page.get_by_role("button", name="Get CSV").click()
    download = info.value
    assert download.suggested_filename == "data.csv"
    with open(download.path(), "rb") as fh:
        assert fh.read() == b"a,b\n1,2\n"
    expect(out(page)).to_have_text("downloads 1 link False")
    with page.context.expect_page():
        page.get_by_role("button", name="Open docs").click()
    expect(out(page)).to_have_text("downloads 1 link True")


UPLOADS = """
from kernel import st
f = st.file_uploader("Data file", type=["csv", "txt"])
st.text("none" if f is None else f"{f.name} {f.size} {f.getvalue()!r}")
"""


def test_file_upload_reaches_the_script(serve: Serve, page: Any) -> None:
    open_app(page, serve, UPLOADS)
    expect(out(page)).to_have_text("none")
    page.get_by_label("Data file").set_input_files(
        files=[{"name": "numbers.csv", "mimeType": "text/csv", "buffer": b"x,y\n1,2\n"}]
    )
    expect(out(page)).to_have_text("numbers.csv 8 b'x,y\\n1,2\\n'")
    expect(page.locator(".k-file")).to_contain_text("numbers.csv")
    page.get_by_role("button", name="Remove numbers.csv").click()
    expect(out(page)).to_have_text("none")


def test_upload_over_the_size_limit_is_refused_with_a_message(serve: Serve, page: Any) -> None:
    open_app(page, serve, UPLOADS, **{"uploads.max_upload_size_mb": "1"})
    page.get_by_label("Data file").set_input_files(
        files=[{"name": "big.csv", "mimeType": "text/csv", "buffer": b"0" * (1024 * 1024 + 10)}]
    )
    expect(page.locator(".k-upload-error")).to_have_text("big.csv is 1.0 MB, over the upload limit of 1 MB.")
    expect(out(page)).to_have_text("none")
    page.get_by_label("Data file").set_input_files(
        files=[{"name": "small.csv", "mimeType": "text/csv", "buffer": b"ok"}]
    )
    expect(out(page)).to_have_text("small.csv 2 b'ok'")
    expect(page.locator(".k-upload-error")).to_have_count(0)


def test_camera_input_takes_a_picked_image_where_there_is_no_camera(serve: Serve, page: Any) -> None:
    open_app(page, serve, "from kernel import st\np = st.camera_input('Photo')\nst.text(repr(p and p.type))\n")
    page.get_by_label("Photo").set_input_files(
        files=[{"name": "me.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8\xff\xe0 not really"}]
    )
    expect(out(page)).to_have_text("'image/jpeg'")


def test_chat_input_sends_text_with_attached_files(serve: Serve, page: Any) -> None:
    open_app(page, serve, """
        from kernel import st
        v = st.chat_input("Message", accept_file="multiple")
        st.text("none" if v is None else f"{v.text} | {[f.name for f in v.files]}")
        """)
    page.get_by_label("Attach files").set_input_files(
        files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello"}]
    )
    box = page.get_by_label("Message")
    box.fill("see attached")
    box.press("Enter")
    expect(out(page)).to_have_text("see attached | ['notes.txt']")


def test_on_change_ignore_holds_the_value_until_another_rerun(serve: Serve, page: Any) -> None:
    open_app(page, serve, """
        from kernel import st
        quiet = st.toggle("Quiet", on_change="ignore")
        st.button("Apply")
        st.text(f"quiet {quiet}")
        """)
    expect(out(page)).to_have_text("quiet False")
    runs = page.locator("body").get_attribute("data-runs")
    page.get_by_role("switch").check()
    page.wait_for_timeout(300)
    assert page.locator("body").get_attribute("data-runs") == runs  # no rerun
    expect(out(page)).to_have_text("quiet False")
    page.get_by_role("button", name="Apply").click()
    expect(out(page)).to_have_text("quiet True")


def test_uploaded_bytes_are_sent_once_and_not_kept_in_the_page(serve: Serve, page: Any) -> None:
    open_app(page, serve, UPLOADS.replace('st.text("none"', 'st.button("Again")\nst.text("none"'))
    page.get_by_label("Data file").set_input_files(
        files=[{"name": "a.txt", "mimeType": "text/plain", "buffer": b"payload"}]
    )
    expect(out(page)).to_have_text("a.txt 7 b'payload'")
    reported = page.evaluate("() => JSON.stringify(window.kernelClient.widgets.snapshot())")
    assert "cGF5bG9hZA" not in reported  # base64 of the bytes: not held for later reruns
    page.get_by_role("button", name="Again").click()
    expect(out(page)).to_have_text("a.txt 7 b'payload'")  # the server still has the file


def test_camera_input_takes_a_photo_with_a_camera(serve: Serve, browser: Any) -> None:
    camera_browser = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=CAMERA_ARGS)
    try:
        context = camera_browser.new_context(permissions=["camera"])
        page = context.new_page()
        # Chromium's fake camera can take seconds to start on a loaded machine.
        page.set_default_timeout(30_000)
        open_app(page, serve, "from kernel import st\np = st.camera_input('Selfie')\n"
                              "st.text(repr(p and (p.name, p.type, p.getvalue()[:2])))\n")
        shoot = page.get_by_role("button", name="Take photo")
        expect(shoot).to_be_enabled(timeout=30_000)
        shoot.click()
        expect(out(page)).to_have_text("('camera.jpg', 'image/jpeg', b'\\xff\\xd8')", timeout=30_000)
        context.close()
    finally:
        camera_browser.close()
