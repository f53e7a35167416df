from kernel import st

st.title("Charts")
st.session_state.visits += 1
st.line_chart({"visits": [1, 3, 2, 5, st.session_state.visits]})
if st.button("Home"):
    st.switch_page("Home.py")
