"""``st.components``: the namespace that holds ``st.components.v1``."""

from __future__ import annotations

import types

from kernel_plugins.components import v1

__all__ = ["components"]

components = types.SimpleNamespace(v1=v1)
"""What ``st.components`` is: ``st.components.v1.html(...)`` works as in Streamlit."""
