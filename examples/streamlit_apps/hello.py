"""The shape of Streamlit's first tutorial: text, widgets, session state, a cached computation."""

import pandas as pd
import streamlit as st

from ui_helpers import footer

st.set_page_config(page_title="Hello", page_icon="👋")

st.title("Hello, Streamlit-style app 👋")
st.markdown("This app was written for **Streamlit** and runs *unchanged*.")

with st.sidebar:
    st.header("Settings")
    name = st.text_input("Your name", "world")
    rows = st.slider("Rows", 1, 10, 3)


@st.cache_data
def make_table(n):
    return pd.DataFrame({"square": [i * i for i in range(n)], "cube": [i ** 3 for i in range(n)]})


st.write(f"Hello, {name}!")
st.dataframe(make_table(rows))

if "clicks" not in st.session_state:
    st.session_state.clicks = 0

left, right = st.columns(2)
if left.button("Click me"):
    st.session_state.clicks += 1
right.metric("Clicks", st.session_state.clicks)

choice = st.radio("Favourite number", [1, 2, 3], horizontal=True)
st.write("You picked", choice)

footer(f"Streamlit API level {st.__version__}")
