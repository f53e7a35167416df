import streamlit as st

st.title("Plotting")
st.write("Visits so far:", st.session_state.get("visits", 0))
number = st.number_input("Points", min_value=1, max_value=100, value=5)
st.line_chart([i * i for i in range(int(number))])
