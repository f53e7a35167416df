"""A small helper library, as apps import from PyPI: it imports Streamlit itself."""

import streamlit as st


def footer(text):
    """Write a divider and a caption at the end of the page."""
    st.divider()
    st.caption(text)
