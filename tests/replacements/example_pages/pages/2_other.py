"""The other page of the example multipage app."""

from kernel import st

st.text("other page")
st.text(f"token {st.secrets['token']}")
