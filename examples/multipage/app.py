"""A multipage app with ``st.navigation``: sections, a hidden page, links and page switches.

Run it with ``kernel run examples/multipage/app.py``. Every page has its own URL
(``/``, ``/orders``, ``/report``, ``/settings``); the shopping cart lives in
``st.session_state`` and follows the user from page to page.
"""

from kernel import st

st.session_state.setdefault("cart", [])


def settings() -> None:
    st.title("Settings")
    st.toggle("Show prices with tax", key="with_tax")  # page widget: reset when the user leaves
    st.text(f"{len(st.session_state.cart)} item(s) in the cart")
    if st.button("Back to the shop"):
        st.switch_page("views/shop.py")


shop = st.Page("views/shop.py", title="Shop", icon="🛒", default=True)
orders = st.Page("views/orders.py", title="Orders", icon="📦")
report = st.Page("views/report.py", title="Report", icon="📈", visibility="hidden")
page = st.navigation({"Store": [shop, orders], "Account": [st.Page(settings, icon="⚙️"), report],
                      "Help": [st.Page("https://docs.python.org/3/", title="Python docs", icon="📖")]})

with st.sidebar:  # the entry script's widgets are shared by every page
    st.text_input("Customer", key="customer")

page.run()
