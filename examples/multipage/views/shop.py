"""The shop: add items to the cart kept in session state."""

from kernel import st

st.title("Shop")
customer = st.session_state.get("customer") or "guest"
st.write(f"Welcome, {customer}!")
item = st.selectbox("Item", ["apple", "pear", "plum"])
if st.button("Add to cart"):
    st.session_state.cart.append(item)
st.text(f"cart: {', '.join(st.session_state.cart) or 'empty'}")
st.page_link("views/orders.py", label="Check out", icon="📦")
