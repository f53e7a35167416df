"""``st.components``: the namespace that holds ``st.components.v1`` and ``st.components.v2``."""

from __future__ import annotations

import types

from kernel_plugins.components import v1, v2

__all__ = ["components"]

components = types.SimpleNamespace(v1=v1, v2=v2)
"""What ``st.components`` is: ``st.components.v1.html(...)`` and ``st.components.v2.component(...)``
work as in Streamlit."""
