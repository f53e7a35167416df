"""Orders: the cart from the shop page, and a link to the hidden report page."""

from kernel import st

st.title("Orders")
cart = st.session_state.cart
if not cart:
    st.info("The cart is empty.")
    st.page_link("views/shop.py", label="Go shopping", icon="🛒")
else:
    for n, item in enumerate(cart, 1):
        st.text(f"{n}. {item}")
    if st.button("Place order"):
        st.session_state.cart = []
        st.switch_page("views/report.py", query_params={"items": str(len(cart))})
