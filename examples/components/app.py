"""Custom components written for kernel, v1 and v2: ``kernel run examples/components/app.py``."""

import pandas as pd
import streamlit as st
from kernel_counter import counter, tally

clicks = counter("Clicks", step=2, rows=pd.DataFrame({"n": [1, 2, 3]}), key="clicks")
st.write(f"counter: {clicks}")


def clicked() -> None:
    st.session_state["last_click"] = st.session_state["tally"]["clicked"]


total, fired = tally("Add one", key="tally", on_click=clicked)
st.write(f"tally: {total} | fired: {fired} | last click: {st.session_state.get('last_click', '-')}")
