"""HTML and a script in a frame through ``streamlit.components.v1``, as apps embed widgets."""

import streamlit as st
import streamlit.components.v1 as components

st.title("Embedded HTML")

components.html(
    """
    <div id="out">waiting</div>
    <script>document.getElementById("out").textContent = "script ran: " + (6 * 7);</script>
    """,
    height=80,
)

st.components.v1.html("<p id='second'>second frame</p>", height=60)
st.caption("Both frames above come from components.v1.html.")
