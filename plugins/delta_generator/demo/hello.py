"""The demo app ``kernel hello`` serves."""

from kernel import st

st.set_page_config(page_title="Hello · kernel", page_icon="👋")
st.title("Hello from kernel")
st.text("This app is a plain Python script. Edit it, save it, and the page follows.")

name = st.text_input("Your name", placeholder="Type and press Enter")
count = st.slider("How many greetings?", 1, 10, 3)
for i in range(count):
    st.write(f"Hello {name or 'world'} #{i + 1}")

with st.sidebar:
    st.header("Options")
    show_code = st.checkbox("Show the code of a greeting")
    flavour = st.selectbox("Flavour", ["plain", "enthusiastic"])

if flavour == "enthusiastic":
    st.markdown("**Wow, so many greetings!**")

left, right = st.columns(2)
left.caption("Every interaction reruns the script top to bottom.")
if right.button("Celebrate"):
    right.write("🎉")

if show_code:
    st.code('for i in range(count):\n    st.write(f"Hello {name} #{i + 1}")')
