from kernel import st

st.title("Hello")
st.session_state.visits += 1
name = st.text_input("Your name")
if name:
    st.write(f"Hello, {name}!")
