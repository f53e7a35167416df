"""The entry page of a multipage app in Streamlit's ``pages/`` folder style."""

import streamlit as st

st.title("Main page")
st.write("Pick a page in the sidebar.")
st.session_state.setdefault("visits", 0)
st.session_state.visits += 1
st.write("Visits so far:", st.session_state.visits)
