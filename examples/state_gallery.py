"""State gallery: session state, callbacks, a form, a fragment, a dialog and query params.

Run it with ``kernel run examples/state_gallery.py``.
"""

from kernel import st

st.title("State gallery")

# -- a counter with a callback --------------------------------------------------------
st.session_state.setdefault("count", 0)


def add(step: int) -> None:
    st.session_state.count += step


st.header("Counter")
left, right = st.columns(2)
with left:
    st.button("Add one", on_click=add, args=(1,))
with right:
    st.button("Add ten", on_click=add, kwargs={"step": 10})
st.text(f"count: {st.session_state.count}")

# -- a keyed widget and its session-state value ---------------------------------------
st.header("Keyed widgets")
st.text_input("Your name", key="name")


def clear_name() -> None:
    st.session_state.name = ""


st.button("Clear name", on_click=clear_name)
st.text(f"hello {st.session_state.name or 'stranger'}")

# -- a form: values arrive together on submit ----------------------------------------
st.header("Form")
with st.form("order", clear_on_submit=True):
    item = st.selectbox("Item", ["tea", "coffee", "cocoa"])
    cups = st.slider("Cups", 1, 5, 1)
    ordered = st.form_submit_button("Order")
if ordered:
    st.session_state.setdefault("orders", []).append(f"{cups} x {item}")
st.text(f"orders: {', '.join(st.session_state.get('orders', [])) or 'none'}")


# -- a fragment: its widgets rerun only this function ---------------------------------
@st.fragment
def thermometer() -> None:
    celsius = st.slider("Celsius", -20, 40, 20)
    st.text(f"{celsius} °C is {celsius * 9 / 5 + 32:.1f} °F")


st.header("Fragment")
thermometer()


# -- a dialog -------------------------------------------------------------------------
@st.dialog("Rename")
def rename() -> None:
    new = st.text_input("New name", st.session_state.name)
    if st.button("Save"):
        st.session_state.name = new
        st.rerun()


st.header("Dialog")
if st.button("Rename…"):
    rename()

# -- query params: shareable state in the URL -----------------------------------------
st.header("Query params")
colour = st.query_params.get("colour", "blue")
st.text(f"colour from the URL: {colour}")
if st.checkbox("Make it green"):
    st.query_params.colour = "green"
