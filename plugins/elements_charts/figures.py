"""``st.plotly_chart`` (plotly.js in the browser) and ``st.pyplot`` (a Matplotlib figure as SVG)."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from typing import Any

from kernel.contracts import DeltaGenerator
from kernel.elements import add_media, check_choice, check_on_select, container_width
from kernel.elements import argument_error as fail
from kernel_plugins.elements_charts._chart_selection import (
    plotly_modes,
    register_plotly_selection,
)
from kernel_plugins.elements_charts._vendor import PLOTLY_URL


def plotly_chart(dg: DeltaGenerator, figure_or_data: Any, use_container_width: bool | None = None, *,
                 width: Any = "stretch", height: Any = "content", theme: Any = "streamlit", key: Any = None,
                 on_select: Any = "ignore", selection_mode: Any = ("points", "box", "lasso"), config: Any = None,
                 alt: str | None = None) -> Any:
    """``st.plotly_chart``: an interactive Plotly figure (zoom, pan, hover) drawn by plotly.js.

    With ``on_select="rerun"`` (or a callable) it returns the points, box and lasso the
    user selected: ``{"selection": {"points", "point_indices", "box", "lasso"}}``.
    """
    check_choice("plotly_chart", "theme", theme, ("streamlit", None))
    selecting = check_on_select("plotly_chart", on_select)
    modes = plotly_modes(selection_mode)
    if config is not None and not isinstance(config, Mapping):
        raise fail("plotly_chart", "config", config, "use a dict of Plotly config options or None")
    try:
        import plotly.io as pio
        import plotly.tools
    except ImportError:
        raise fail("plotly_chart", "figure_or_data", figure_or_data,
                   "plotly is not installed; pip install 'kernel[elements]'") from None
    figure = figure_or_data
    if hasattr(figure, "savefig"):  # a Matplotlib figure
        figure = plotly.tools.mpl_to_plotly(figure)
    try:
        text = pio.to_json(figure, validate=True, remove_uids=False)
    except Exception as exc:
        raise fail("plotly_chart", "figure_or_data", figure_or_data, f"not a Plotly figure or data ({exc})") from None
    if isinstance(height, bool) or not (height in ("content", "stretch") or (isinstance(height, int) and height > 0)):
        raise fail("plotly_chart", "height", height, "use 'content', 'stretch' or a positive int (px)")
    props = {"figure": json.loads(text), "config": dict(config or {}), "theme": theme,
             "width": container_width("plotly_chart", width, use_container_width), "height": height, "alt": alt,
             "bundle": PLOTLY_URL}
    from kernel_plugins.elements_charts._figure_data import arrays_beside

    figure_sent, arrays = arrays_beside(props["figure"])
    from kernel.contracts.data_channel import DATA_CLIENT_URL
    from kernel.elements import json_beside

    if arrays:
        props.update({"figure": figure_sent, "arrays": arrays, "client": DATA_CLIENT_URL})
    # What is still large (lists of text, colours or sizes, data nested below a trace's own keys) goes
    # beside the stream as one JSON document.
    url = json_beside(props["figure"], "plotly figure")
    if url is not None:
        props.update({"figure": None, "figure_url": url, "client": DATA_CLIENT_URL})
    if not selecting:
        return dg.add_element("plotly", props)
    # The widget's identity is the whole figure, arrays included.
    wid, state = register_plotly_selection(dg, key=key, on_select=on_select, figure=json.loads(text), modes=modes)
    props.update({"id": wid, "selection_mode": modes})
    dg.add_element("plotly", props)
    return state


GLOBAL_FIGURE_WARNING = (
    "st.pyplot() was called without a figure, so it drew Matplotlib's global figure, which is not "
    "thread-safe: sessions drawing at once can mix their plots. Pass the figure instead: "
    "`fig, ax = plt.subplots()`, draw on `ax`, then `st.pyplot(fig)`. To hide this warning, "
    "`st.set_option(\"deprecation.showPyplotGlobalUse\", False)`."
)


def _show_global_use_warning() -> bool:
    from kernel import st

    try:
        return bool(st.get_option("deprecation.showPyplotGlobalUse"))
    except AttributeError:  # no plugin provides st.get_option
        return True


def _global_figure(dg: DeltaGenerator) -> Any:
    """Matplotlib's current global figure, with Streamlit's deprecation warning shown above it (unless turned off)."""
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise fail("pyplot", "fig", None, "matplotlib is not installed; pip install 'kernel[elements]'") from None
    if _show_global_use_warning():
        alert = "warning"  # the alert element, whichever plugin provides it
        getattr(dg, alert)(GLOBAL_FIGURE_WARNING)
    return plt.gcf()


def pyplot(dg: DeltaGenerator, fig: Any = None, clear_figure: bool = False, *, width: Any = "stretch",
           use_container_width: bool | None = None, alt: str | None = None, **kwargs: Any) -> DeltaGenerator:
    """``st.pyplot``: a Matplotlib figure rendered to SVG on the server (extra ``kwargs`` go to ``savefig``).

    Without ``fig`` it draws Matplotlib's global figure (``plt.gcf()``) as Streamlit once
    did, with its deprecation warning above it, and clears that figure afterwards so the
    next run starts from an empty one.
    """
    if fig is None:
        fig = _global_figure(dg)
        clear_figure = True
    if not hasattr(fig, "savefig"):
        raise fail("pyplot", "fig", fig, "give a Matplotlib Figure (fig, ax = plt.subplots())")
    options = {"bbox_inches": "tight", **kwargs, "format": "svg"}
    buf = io.BytesIO()
    try:
        fig.savefig(buf, **options)
    except TypeError as exc:
        raise fail("pyplot", "kwargs", kwargs, f"savefig rejected these options ({exc})") from None
    if clear_figure:
        fig.clf()
    src = add_media(buf.getvalue(), "image/svg+xml")
    props = {"images": [{"src": src, "caption": None}],
             "width": container_width("pyplot", width, use_container_width), "link": None, "alt": alt}
    return dg.add_element("image", props)
