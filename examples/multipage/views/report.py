"""A hidden page: not in the menu, reached by st.switch_page or its URL (/report?items=3)."""

from kernel import st

st.title("Report")
st.success(f"Order placed: {st.query_params.get('items', '0')} item(s).")
st.page_link("views/shop.py", label="Continue shopping", icon="🛒")
