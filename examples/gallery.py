"""A tour of kernel's commands: text, data, charts and media, then inputs, layout and status.

Run it with ``kernel run examples/gallery.py``. Needs the optional extra:
``pip install 'kernel[elements]'`` (pandas, numpy, pillow, altair, vl-convert, matplotlib, plotly).
"""

import datetime as dt
import io
import time

import altair as alt
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import plotly.graph_objects as go  # noqa: E402

from kernel import st  # noqa: E402

st.set_page_config(page_title="Gallery", layout="wide")
rng = np.random.default_rng(7)

# -- text ------------------------------------------------------------------------------
st.title("Gallery", anchor="gallery")
st.caption("Every display command of kernel, on one page.")
st.badge("Text", icon="✍️", color="violet")
st.header("Text", divider="blue")
st.subheader("Markdown, code and maths")
st.markdown("**Bold**, *italic*, `code`, [a link](https://example.com) and a table:\n\n"
            "| kind | count |\n|---|---|\n| apples | 3 |\n| pears | 5 |")
st.markdown("- [x] task lists, :red[coloured] :blue-background[text], :green-badge[badges], "
            ":tada: emoji and arrows -> <-\n- [ ] :small[small print]")
st.text("Plain fixed-width text: no *Markdown* here.")
st.code("def greet(name: str) -> str:\n    return f'Hello {name}'", language="python", line_numbers=True)
st.latex(r"\int_0^1 x^2\,dx = \frac{1}{3}")
st.html("<p style='color: #803df5'>Sanitised <b>HTML</b> without an iframe.</p>")
st.divider()
with st.echo():
    squares = [n * n for n in range(5)]
    st.write("Squares:", squares)
st.write("`st.write` picks the element for each value:", 42, {"nested": {"ok": True}})
st.json({"name": "kernel", "elements": ["text", "data", "charts", "media"], "fast": True}, expanded=1)
"A bare string on its own line is shown by *magic*."


def story():
    for word in "write_stream shows text as it arrives, like a typewriter.".split():
        yield word + " "
        time.sleep(0.01)


st.write_stream(story)
st.help(st.metric)

# -- data ------------------------------------------------------------------------------
st.header("Data", divider="green")
cols = st.columns(3)
with cols[0]:
    st.metric("Revenue", 1234.5, 12.3, format="dollar", border=True, chart_data=rng.normal(0, 1, 20).cumsum())
with cols[1]:
    st.metric("Errors", 7, -2, delta_color="inverse", border=True)
with cols[2]:
    st.metric("Latency", "38 ms", "0", border=True, chart_data=[3, 5, 2, 6, 4], chart_type="bar")
frame = pd.DataFrame({
    "city": ["Berlin", "Paris", "Lisbon", "Oslo", "Rome"],
    "population": [3.7e6, 2.1e6, 0.55e6, 0.7e6, 2.8e6],
    "sunny": [False, True, True, False, True],
    "founded": pd.to_datetime(["1237-01-01", "0250-01-01", "1147-01-01", "1040-01-01", "0753-04-21"],
                              format="%Y-%m-%d", errors="coerce"),
    "trend": [list(rng.integers(0, 10, 8)) for _ in range(5)],
    "score": [0.8, 0.6, 0.95, 0.4, 0.7],
})
st.dataframe(frame, hide_index=True, column_config={
    "population": st.column_config.NumberColumn("Population", format="compact"),
    "sunny": st.column_config.CheckboxColumn("Sunny?"),
    "trend": st.column_config.LineChartColumn("Trend"),
    "score": st.column_config.ProgressColumn("Score", min_value=0, max_value=1, format="%.2f"),
})
st.data_editor({"item": ["pen", "ink"], "qty": [2, 5]})
big = pd.DataFrame(rng.normal(size=(1_000_000, 10)), columns=[f"c{i}" for i in range(10)])
st.dataframe(big, height=300)
st.table(frame[["city", "population"]].head(3))

# -- charts ----------------------------------------------------------------------------
st.header("Charts", divider="orange")
series = pd.DataFrame(rng.normal(size=(40, 3)).cumsum(axis=0), columns=["a", "b", "c"])
left, right = st.columns(2)
with left:
    st.line_chart(series)
    st.bar_chart(pd.DataFrame({"fruit": ["apple", "pear", "fig"], "sold": [5, 3, 7]}), x="fruit", y="sold",
                 sort="-sold")
    st.vega_lite_chart(series, {"mark": {"type": "circle"}, "encoding": {
        "x": {"field": "a", "type": "quantitative"}, "y": {"field": "b", "type": "quantitative"},
        "size": {"field": "c", "type": "quantitative"}}})
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.hist(rng.normal(size=500), bins=25, color="#1c83e1")
    st.pyplot(fig)
with right:
    st.area_chart(series.abs(), stack="normalize")
    st.scatter_chart(pd.DataFrame({"x": rng.normal(size=60), "y": rng.normal(size=60),
                                   "group": rng.choice(["p", "q"], 60)}), x="x", y="y", color="group")
    st.altair_chart(alt.Chart(series.reset_index()).mark_area(opacity=0.5).encode(x="index", y="a"))
    st.plotly_chart(go.Figure(go.Scatter(x=series.index, y=series["a"], mode="lines+markers")))
cities = pd.DataFrame({"lat": [52.52, 48.86, 38.72, 59.91, 41.9], "lon": [13.4, 2.35, -9.14, 10.75, 12.5]})
around = cities.sample(300, replace=True, random_state=1) + rng.normal(0, 1.2, (300, 2))
st.map(around.assign(people=rng.integers(100, 3000, 300)), size="people", height=300)
diagram, mermaid, echart = st.columns(3)
with diagram:
    st.graphviz_chart("digraph { rankdir=LR; node [shape=box]; script -> run -> page; run -> script [label=rerun] }")
with mermaid:
    st.mermaid_chart("""
        sequenceDiagram
            Browser->>Server: widget value
            Server-->>Browser: new elements
    """)
with echart:
    st.echarts_chart({"tooltip": {}, "series": [{"type": "pie", "radius": ["40%", "70%"], "data": [
        {"name": "text", "value": 12}, {"name": "data", "value": 5}, {"name": "charts", "value": 13},
        {"name": "media", "value": 6}]}]}, height=260)

# -- media -----------------------------------------------------------------------------
st.header("Media", divider="red")
x = np.linspace(0, 1, 120)
gradient = (np.stack(np.meshgrid(x, x), axis=-1) * 255).astype(np.uint8)
rgb = np.concatenate([gradient, np.full((120, 120, 1), 160, np.uint8)], axis=-1)
st.image([rgb, 255 - rgb], caption=["gradient", "inverted"], width=160)
tone = np.sin(2 * np.pi * 440 * np.linspace(0, 1, 22050))
st.audio(tone, sample_rate=22050)
pdf = io.BytesIO()
fig.savefig(pdf, format="pdf")
st.pdf(pdf.getvalue(), height=300)
st.video("https://interactive-examples.mdn.mozilla.net/media/cc0-videos/flower.mp4",
         subtitles="WEBVTT\n\n00:00.000 --> 00:02.000\nA flower\n", start_time=dt.timedelta(seconds=0))

# -- inputs, layout and status (Elements II) ------------------------------------------
st.header("Buttons", divider="orange")
b1, b2, b3 = st.columns(3, gap="medium", vertical_alignment="center")
with b1:
    if st.button("Button", type="primary"):
        st.toast("Button clicked", icon="👋")
with b2:
    st.download_button("Download CSV", "name,score\nada,3\n", file_name="scores.csv", mime="text/csv")
with b3:
    st.link_button("Open example.com", "https://example.com")

st.header("Selections", divider="orange")
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
    st.write("pills:", st.pills("Pills", ["apple", "pear", "banana"], selection_mode="multi"))
    st.write("segmented_control:", st.segmented_control("Segmented control", ["Day", "Week", "Month"],
                                                        default="Week"))
    st.write("color_picker:", st.color_picker("Color picker", "#4b7bec"))
    st.write("feedback:", st.feedback("stars"))

st.header("Numbers, dates and times", divider="orange")
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

st.header("Text and files", divider="orange")
st.write("text_input:", st.text_input("Text input", placeholder="Your name"))
st.write("password:", "*" * len(st.text_input("Password", type="password")))
st.write("text_area:", st.text_area("Text area", "Several\nlines", max_chars=200))
uploaded = st.file_uploader("File uploader", type=["csv", "txt"], accept_multiple_files=True)
st.write("file_uploader:", [f"{f.name} ({f.size} bytes)" for f in uploaded])
photo = st.camera_input("Camera input")
st.write("camera_input:", None if photo is None else f"{photo.name} ({photo.size} bytes)")

st.header("Layout", divider="orange")
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
st.sidebar.radio("Sidebar radio", ["Light", "Dark"], horizontal=True)

st.header("Chat", divider="orange")
with st.chat_message("assistant"):
    st.write("Hello! Ask me anything.")
prompt = st.chat_input("Say something")
if prompt:
    with st.chat_message("user"):
        st.write(prompt)

st.header("Status", divider="orange")
st.success("Success message")
st.info("Info message", icon="ℹ️")
st.warning("Warning message", title="Careful")
st.error("Error message")
bar = st.progress(0, text="Progress")
for pct in (30, 60, 100):
    bar.progress(pct, text=f"Progress {pct}%")
with st.spinner("A spinner while work runs...", show_time=True):
    time.sleep(0.1)
with st.status("Status container", expanded=True) as status:
    st.write("Step 1 done")
    status.update(label="Status container: complete")
if st.button("Celebrate"):
    st.balloons()
    st.snow()
