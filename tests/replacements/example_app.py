"""The app the replacement tests serve: widgets, session state, secrets, the URL's query
parameters and the browser's locale, a cache, a fragment, columns, ``st.rerun()`` and
``st.stop()``. Run by the tests, never imported."""

from kernel import st

st.text("start")
name = st.text_input("Name", key="name")
n = st.slider("n", 0, 10, 3)
st.text(f"hello {name} {n}")
if st.button("again"):
    st.session_state.count = st.session_state.get("count", 0) + 1
    st.rerun()
st.text(f"count {st.session_state.get('count', 0)}")
st.text(f"token {st.secrets['token']}")
st.text(f"query {st.query_params.get('q', '-')} locale {st.context.locale}")


@st.cache_data
def square(x: int) -> int:
    st.session_state.computed = st.session_state.get("computed", 0) + 1
    return x * x


st.text(f"square {square(n)} computed {st.session_state.get('computed', 0)}")


@st.fragment
def part() -> None:
    st.session_state.part_runs = st.session_state.get("part_runs", 0) + 1
    if st.button("inner"):
        st.text("inner clicked")
    st.text(f"part runs {st.session_state.part_runs}")


part()
left, right = st.columns(2)
with left:
    st.text("in left")
right.text("in right")
if n >= 9:
    st.stop()
st.text("the end")
