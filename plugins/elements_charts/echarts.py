"""``st.echarts_chart``: an Apache ECharts option drawn by ECharts in the browser, with selections as widget state.

ECharts is vendored from its npm package by ``scripts/vendor_diagrams.sh`` and loaded only
by pages that show such a chart. With ``on_select="rerun"`` (or a callable) the chart is a
widget whose value is ``{"selection": {"selected": [...], "areas": [...]}}``: the data the
user clicked in series with ``selectedMode`` or caught with the ``brush`` tool, and the
brushed areas in data coordinates.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from kernel.contracts import DeltaGenerator
from kernel.contracts.data_channel import DATA_CLIENT_URL
from kernel.elements import (
    AttributeDict,
    check_choice,
    check_height,
    check_on_select,
    check_width,
    json_beside,
    register_widget,
)
from kernel.elements import argument_error as fail
from kernel_plugins.elements_charts._echarts_spec import load_option, selectable
from kernel_plugins.elements_charts._vendor_diagrams import ECHARTS_URL

SELECTED_FIELDS = ("series_index", "series_id", "series_name", "data_type", "data_indices")
AREA_FIELDS = ("brush_index", "brush_type", "coord_range")


def _entries(raw: Any, fields: tuple[str, ...]) -> list[AttributeDict]:
    if not isinstance(raw, list):
        raise TypeError("a list of selections")
    out = []
    for item in raw:
        if not isinstance(item, Mapping):
            raise TypeError("a selection is an object")
        out.append(AttributeDict({f: item.get(f) for f in fields}))
    return out


def _fingerprint(option: Mapping[str, Any]) -> str:
    """Tells two unkeyed charts apart by their option."""
    text = json.dumps(option, sort_keys=True)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def empty_state() -> AttributeDict:
    """The value of an ECharts chart nobody selected anything in."""
    return AttributeDict(selection=AttributeDict(selected=[], areas=[]))


def coerce_state(raw: Any) -> AttributeDict:
    """The page's report (``{"selection": {"selected": [...], "areas": [...]}}``) as ``EChartsState``."""
    selection = raw.get("selection") if isinstance(raw, Mapping) else None
    if not isinstance(selection, Mapping):
        raise TypeError("an ECharts selection is {'selection': {'selected': [...], 'areas': [...]}}")
    selected = _entries(selection.get("selected", []), SELECTED_FIELDS)
    for entry in selected:
        indices = entry.get("data_indices")
        if not isinstance(indices, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in indices):
            raise TypeError("data_indices is a list of ints")
        if not isinstance(entry.get("series_index"), int):
            raise TypeError("series_index is an int")
    return AttributeDict(selection=AttributeDict(selected=selected, areas=_entries(selection.get("areas", []),
                                                                                     AREA_FIELDS)))


def echarts_chart(dg: DeltaGenerator, spec: Any, *, width: Any = "stretch", height: Any = "content",
                  theme: Any = "streamlit", key: Any = None, on_select: Any = "ignore", renderer: Any = "canvas",
                  alt: str | None = None) -> Any:
    """``st.echarts_chart``: an ECharts option (a dict, a JSON string or a pyecharts chart) drawn by ECharts.

    ``theme="streamlit"`` uses the app's colours and font, ``None`` ECharts' own look.
    ``height="content"`` is 400 px. With ``on_select="rerun"`` or a callable it returns
    ``{"selection": {"selected": [{series_index, series_id, series_name, data_type,
    data_indices}], "areas": [{brush_index, brush_type, coord_range}]}}``; the option must
    let the user select (a series' ``selectedMode`` or a ``brush`` component).
    """
    check_choice("echarts_chart", "theme", theme, ("streamlit", None))
    check_choice("echarts_chart", "renderer", renderer, ("canvas", "svg"))
    selecting = check_on_select("echarts_chart", on_select)
    option = load_option(spec)
    props: dict[str, Any] = {
        "option": option,
        "theme": theme,
        "renderer": renderer,
        "width": check_width("echarts_chart", width),
        "height": check_height("echarts_chart", height),
        "alt": alt,
        "bundle": ECHARTS_URL,
    }
    url = json_beside(option, "echarts_chart option")
    if url is not None:  # a large option (its data) goes by the data side channel, not in one frame
        props.update({"option": None, "option_url": url, "client": DATA_CLIENT_URL})
    if not selecting:
        return dg.add_element("echarts_chart", props)
    if not selectable(option):
        raise fail("echarts_chart", "on_select", on_select, "the chart lets nothing be selected; give a series "
                   "\"selectedMode\": \"single\" (or \"multiple\") or add a \"brush\" component, e.g. "
                   "{\"brush\": {\"toolbox\": [\"rect\", \"clear\"]}}")
    identity = ("echarts",) if key is not None else ("echarts", _fingerprint(option))
    wid, state = register_widget(dg, "echarts_chart", label="echarts_chart", key=key, identity=identity,
                                 default=empty_state(), coerce=coerce_state,
                                 on_change=on_select if callable(on_select) else None)
    props["id"] = wid
    dg.add_element("echarts_chart", props)
    return state
