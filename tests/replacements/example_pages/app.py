"""The multipage app the replacement tests serve (a ``pages/`` folder, no st.navigation)."""

from kernel import st

st.text("main page")
if st.button("go"):
    st.switch_page("pages/2_other.py")
