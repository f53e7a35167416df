"""The ``[streamlit]`` config section."""

from __future__ import annotations

import attrs


@attrs.define
class StreamlitConfig:
    """How scripts written for Streamlit run."""

    alias: bool = True
    """While the app runs (``kernel run``, each AppTest run), ``import streamlit`` and its
    submodules give kernel's Streamlit-compatible API, even where Streamlit is installed."""
