"""``st`` names Streamlit removed, and what replaced each (the hints of ``st.<name>``'s AttributeError).

Names kernel still serves as deprecated aliases (``st.experimental_fragment``, ...) are
commands (``_deprecated.py``), so they never reach this table.
"""

from __future__ import annotations

REPLACED_BY: dict[str, tuple[str, ...]] = {
    "beta_color_picker": ("color_picker",),
    "beta_columns": ("columns",),
    "beta_container": ("container",),
    "beta_expander": ("expander",),
    "beta_secrets": ("secrets",),
    "beta_set_page_config": ("set_page_config",),
    "cache": ("cache_data", "cache_resource"),
    "experimental_connection": ("connection",),
    "experimental_data_editor": ("data_editor",),
    "experimental_memo": ("cache_data",),
    "experimental_rerun": ("rerun",),
    "experimental_show": ("write",),
    "experimental_singleton": ("cache_resource",),
}
"""Each removed name and the command(s) to use instead."""

OTHER_HINTS: dict[str, str] = {
    "bokeh_chart": "Streamlit removed st.bokeh_chart (it became the streamlit-bokeh component); "
    "draw the figure with st.plotly_chart, st.altair_chart or st.pyplot instead.",
    "add_rows": "Streamlit removed add_rows(): write the whole data again with the same command "
    "(an st.empty() placeholder replaces it in place).",
}
"""Removed names whose replacement is not one ``st`` command."""


def _names(names: tuple[str, ...]) -> str:
    shown = [f"st.{n}" for n in names]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def hints() -> list[tuple[str, str]]:
    """``(name, hint)`` for every removed name."""
    pairs = [
        (name, f"Streamlit removed st.{name}: use {_names(new)} instead.") for name, new in REPLACED_BY.items()
    ]
    pairs += OTHER_HINTS.items()
    return pairs
