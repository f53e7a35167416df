"""The demo app ``kernel hello`` serves."""

from kernel import st

st.title("Hello from kernel")
st.text("This app is a plain Python script. Edit it, save it, and the page follows.")
