"""Gallery of the input widgets, layout containers and status elements (Elements II).

Run it with ``kernel run examples/gallery_inputs.py``. Every command of this part of
``st`` appears at least once; the values each widget returns are shown next to it.
"""

import datetime as dt
import time

from kernel import st

st.set_page_config(page_title="Inputs, layout and status", layout="wide")
st.title("Inputs, layout and status")

st.sidebar.header("Sidebar")
st.sidebar.radio("Theme", ["Light", "Dark"], horizontal=True)

st.header("Buttons")
col1, col2, col3 = st.columns(3, gap="medium", vertical_alignment="center")
with col1:
    if st.button("Button", type="primary"):
        st.toast("Button clicked", icon="👋")
with col2:
    st.download_button("Download CSV", "name,score\nada,3\n", file_name="scores.csv", mime="text/csv")
with col3:
    st.link_button("Open example.com", "https://example.com")

st.header("Selections")
left, right = st.columns(2)
with left:
    st.write("checkbox:", st.checkbox("Checkbox", value=True))
    st.write("toggle:", st.toggle("Toggle"))
    st.write("radio:", st.radio("Radio", ["one", "two", "three"], captions=["first", "second", "third"]))
    st.write("selectbox:", st.selectbox("Selectbox", ["Paris", "Rome", "Oslo"], index=None,
                                        accept_new_options=True, placeholder="Pick or type a city"))
    st.write("multiselect:", st.multiselect("Multiselect", ["red", "green", "blue"], default=["red"],
                                            max_selections=2))
with right:
    st.write("select_slider:", st.select_slider("Select slider", ["XS", "S", "M", "L", "XL"], value=("S", "L")))
    st.write("pills:", st.pills("Pills", ["🍎 apple", "🍐 pear", "🍌 banana"], selection_mode="multi"))
    st.write("segmented_control:", st.segmented_control("Segmented control", ["Day", "Week", "Month"],
                                                        default="Week"))
    st.write("color_picker:", st.color_picker("Color picker", "#4b7bec"))
    st.write("feedback:", st.feedback("stars"))

st.header("Numbers, dates and times")
left, right = st.columns([2, 1])
with left:
    st.write("slider:", st.slider("Slider", 0, 100, (20, 80)))
    st.write("date slider:", st.slider("Date slider", dt.date(2024, 1, 1), dt.date(2024, 12, 31),
                                       dt.date(2024, 6, 1)))
    st.write("time slider:", st.slider("Time slider", value=(dt.time(9, 0), dt.time(17, 0))))
with right:
    st.write("number_input:", st.number_input("Number input", 0.0, 10.0, 2.5, step=0.5, format="%.1f"))
    st.write("date_input:", st.date_input("Date input", (dt.date(2024, 6, 1), dt.date(2024, 6, 9))))
    st.write("time_input:", st.time_input("Time input", dt.time(8, 45)))

st.header("Text")
st.write("text_input:", st.text_input("Text input", placeholder="Your name"))
st.write("password:", "*" * len(st.text_input("Password", type="password")))
st.write("text_area:", st.text_area("Text area", "Several\nlines", max_chars=200))

st.header("Files")
uploaded = st.file_uploader("File uploader", type=["csv", "txt"], accept_multiple_files=True)
st.write("file_uploader:", [f"{f.name} ({f.size} bytes)" for f in uploaded])
photo = st.camera_input("Camera input")
st.write("camera_input:", None if photo is None else f"{photo.name} ({photo.size} bytes)")

st.header("Layout")
with st.container(border=True):
    st.write("A container with a border.")
    inner = st.columns(2)
    inner[0].write("Nested column 1")
    inner[1].write("Nested column 2")
with st.container(height=120):
    for i in range(8):
        st.write(f"Scrolling line {i + 1}")
with st.expander("Expander", icon="🔍"):
    st.write("Hidden until opened.")
tab1, tab2 = st.tabs(["First tab", "Second tab"])
tab1.write("Content of the first tab.")
tab2.write("Content of the second tab.")
with st.popover("Popover"):
    st.write("A floating container.")
    st.checkbox("An option inside")
placeholder = st.empty()
placeholder.write("st.empty holds one element; this text replaced another.")

st.header("Chat")
with st.chat_message("assistant"):
    st.write("Hello! Ask me anything.")
prompt = st.chat_input("Say something")
if prompt:
    with st.chat_message("user"):
        st.write(prompt)

st.header("Status")
st.success("Success message")
st.info("Info message", icon="ℹ️")
st.warning("Warning message", title="Careful")
st.error("Error message")
st.exception(ValueError("An exception, shown without stopping the app"))
bar = st.progress(0, text="Progress")
for pct in (30, 60, 100):
    bar.progress(pct, text=f"Progress {pct}%")
with st.spinner("A spinner while work runs...", show_time=True):
    time.sleep(0.2)
with st.status("Status container", expanded=True) as status:
    st.write("Step 1 done")
    status.update(label="Status container: complete")
if st.button("Celebrate"):
    st.balloons()
    st.snow()
