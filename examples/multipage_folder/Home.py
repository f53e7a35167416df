"""A multipage app from a ``pages/`` folder: no ``st.navigation`` needed.

Run it with ``kernel run examples/multipage_folder/Home.py``. The menu lists this
script first, then ``pages/*.py`` ordered by their number prefix; the emoji in a file
name becomes the page's icon and the rest its title (``2_📊_Charts.py`` -> "Charts").
"""

from kernel import st

st.title("Home")
st.session_state.setdefault("visits", 0)
st.session_state.visits += 1
st.write(f"Pages visited in this session: {st.session_state.visits}")
st.page_link("pages/2_📊_Charts.py", label="See the charts", icon="📊")
