"""Log in with an OpenID Connect provider (docs/auth.md), written as Streamlit's docs write it.

Copy secrets.toml.example to .streamlit/secrets.toml (or .kernel/secrets.toml) where you
run the app, fill in your provider's client, then: kernel run examples/login/app.py
"""

import streamlit as st

if not st.user.is_logged_in:
    st.title("A private app")
    st.write("Log in to see who you are.")
    st.button("Log in", on_click=st.login)
    st.stop()

st.title(f"Welcome, {st.user.name}!")
st.write(f"Your email address is {st.user.email}.")
st.json(st.user.to_dict(), expanded=False)
st.button("Log out", on_click=st.logout)
