"""Charts drawn by Vega-Lite in the browser: the simple charts, ``st.vega_lite_chart``, ``st.altair_chart``, ``st.map``.

The simple charts (line, area, bar, scatter) build a Vega-Lite spec from the data:
wide data is melted to long form (one series per column). Every chart can be
zoomed and panned (an interval selection bound to the scales) and shows tooltips.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from kernel.contracts import DeltaGenerator
from kernel.elements import argument_error as fail
from kernel.elements import check_choice, check_on_select, to_frame
from kernel_plugins.elements_charts._chart_selection import (
    register_vega_selection,
    selection_params,
)
from kernel_plugins.elements_charts._vendor import VEGA_URL, prepare_vega_bundle

SERIES = "series"
VALUE = "value"
DATA_NAME = "kernel_data"
"""The name of the dataset a chart whose data the page fetches draws from."""
THEMES = ("streamlit", None)
KERNEL_THEME = {
    "font": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
    "range": {"category": ["#0068c9", "#83c9ff", "#ff2b2b", "#ffabab", "#29b09d", "#7defa1", "#ff8700",
                           "#ffd16a", "#6d3fc0", "#d5dae5"]},
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": 500, "gridColor": "#e6e9ef"},
    "legend": {"labelFontSize": 12, "titleFontSize": 12},
    "view": {"stroke": None},
    "background": None,
}
PALETTE = {"red": "#ff4b4b", "orange": "#ffa421", "yellow": "#ffe312", "green": "#21c354", "blue": "#1c83e1",
           "violet": "#803df5", "gray": "#a3a8b8", "grey": "#a3a8b8", "primary": "#ff4b4b"}


def _vl_type(series: Any) -> str:
    kind = getattr(series.dtype, "kind", "O")
    if kind in "iuf":
        return "quantitative"
    if kind == "M":
        return "temporal"
    return "nominal" if kind in "bO" or str(series.dtype) in ("str", "string", "category") else "ordinal"


def _color_value(command: str, color: Any) -> str:
    if isinstance(color, str):
        if color in PALETTE:
            return PALETTE[color]
        if color.startswith("#") and len(color) in (4, 5, 7, 9):
            return color
    if isinstance(color, Sequence) and not isinstance(color, str) and len(color) in (3, 4):
        parts = list(color)
        if all(isinstance(p, int) for p in parts[:3]):
            r, g, b = parts[:3]
        elif all(isinstance(p, float) for p in parts[:3]):
            r, g, b = (int(round(p * 255)) for p in parts[:3])
        else:
            raise fail(command, "color", color, "an RGB(A) tuple holds ints 0-255 or floats 0-1")
        return f"#{r:02x}{g:02x}{b:02x}"
    raise fail(command, "color", color, "use a hex colour, an RGB(A) tuple, a palette name, a column name or a "
               "list of colours (one per series)")


def _records(frame: Any) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = json.loads(frame.to_json(orient="records", date_format="iso", default_handler=str))
    return result


@attrs.frozen
class ChartData:
    """A simple chart's points in long form and the fields the spec draws them with."""

    long: Any
    x_field: str
    value_field: str
    series_field: str | None
    """The column that splits the points into series (the melted columns' names, or ``color``'s column)."""


def simple_chart_spec(command: str, mark: str, data: Any, *, x: Any, y: Any, x_label: str | None,
                      y_label: str | None, color: Any, size: Any = None, stack: Any = None,
                      horizontal: bool = False, sort: Any = True) -> dict[str, Any]:
    """The Vega-Lite spec of a simple chart, its data inside."""
    spec, points = simple_chart_parts(command, mark, data, x=x, y=y, x_label=x_label, y_label=y_label, color=color,
                                      size=size, stack=stack, horizontal=horizontal, sort=sort)
    spec["data"] = {"values": _records(points.long)}
    return spec


def simple_chart_parts(command: str, mark: str, data: Any, *, x: Any, y: Any, x_label: str | None,
                       y_label: str | None, color: Any, size: Any = None, stack: Any = None,
                       horizontal: bool = False, sort: Any = True) -> tuple[dict[str, Any], ChartData]:
    """The Vega-Lite spec of a simple chart (without data) and its points."""
    frame = to_frame(command, data)
    frame = frame.set_axis([str(c) for c in frame.columns], axis=1)
    columns = list(frame.columns)
    if x is None:
        index_name = str(frame.index.name) if frame.index.name is not None else "index"
        if index_name in columns:
            index_name = "index_"
        frame = frame.rename_axis(index_name).reset_index()
        x_field = index_name
    else:
        x_field = str(x)
        if x_field not in columns:
            raise fail(command, "x", x, "no such column; columns are " + ", ".join(repr(c) for c in columns))
    color_column = color if isinstance(color, str) and color in frame.columns and color != x_field else None
    size_column = size if isinstance(size, str) and size in frame.columns else None
    if y is None:
        y_fields = [c for c in frame.columns if c not in (x_field, color_column, size_column)]
    else:
        y_fields = [str(v) for v in ([y] if isinstance(y, str) else list(y))]
        missing = [f for f in y_fields if f not in frame.columns]
        if missing:
            raise fail(command, "y", y, "no such column(s): " + ", ".join(missing))
    keep = list(dict.fromkeys([x_field, *y_fields] + [c for c in (color_column, size_column) if c]))
    # The long form's own columns must not take a name of the data's (a list's one column is "value").
    value_field, series_field = VALUE, SERIES
    while value_field in keep:
        value_field += "_"
    while series_field in keep or series_field == value_field:
        series_field += "_"
    long = frame[keep].melt(id_vars=[c for c in keep if c not in y_fields], value_vars=y_fields,
                            var_name=series_field, value_name=value_field)
    x_type = _vl_type(frame[x_field])
    if mark == "bar" and x_type != "temporal":
        # As in Streamlit: bars stand on a discrete axis (one band per x value, no padding
        # beyond the first and last value) unless x is a date or time.
        x_type = "ordinal"
    encoding: dict[str, Any] = {
        "x": {"field": x_field, "type": x_type, "title": x_label if x_label is not None else x_field},
        "y": {"field": value_field, "type": "quantitative",
              "title": y_label if y_label is not None else (y_fields[0] if len(y_fields) == 1 else None)},
        "tooltip": [{"field": x_field, "type": x_type}, {"field": value_field, "type": "quantitative"}],
    }
    if x_type == "quantitative":
        # The x axis spans the data exactly (an integer index from its first to its last value).
        encoding["x"]["scale"] = {"zero": False, "nice": False}
    mark_def: dict[str, Any] = {"type": mark, "tooltip": True}
    if color_column is not None:
        encoding["color"] = {"field": color_column, "type": "nominal"}
        encoding["tooltip"].append({"field": color_column})
    elif len(y_fields) > 1:
        encoding["color"] = {"field": series_field, "type": "nominal", "title": None}
        encoding["tooltip"].append({"field": series_field})
        if color is not None:
            colors = color if isinstance(color, list | tuple) and not isinstance(color[0], int | float) else None
            if colors is None or len(colors) != len(y_fields):
                raise fail(command, "color", color, f"give one colour per series ({len(y_fields)} series)")
            encoding["color"]["scale"] = {"domain": y_fields, "range": [_color_value(command, c) for c in colors]}
    elif color is not None:
        mark_def["color"] = _color_value(command, color)
    if mark == "circle":
        if size_column is not None:
            encoding["size"] = {"field": size_column, "type": "quantitative"}
        elif size is not None:
            if isinstance(size, bool) or not isinstance(size, int | float):
                raise fail(command, "size", size, "use a number or a column name")
            mark_def["size"] = size
    if mark in ("area", "bar"):
        stack_value = {None: None, True: "zero", False: None, "normalize": "normalize", "center": "center",
                       "layered": None}[stack]
        if stack is not None:
            encoding["y"]["stack"] = stack_value
        if stack is False or stack == "layered":
            mark_def["opacity"] = 0.6 if mark == "area" else 0.7
    if mark == "bar":
        if sort is False:
            encoding["x"]["sort"] = None
        elif isinstance(sort, str):
            descending = sort.startswith("-")
            name = sort.lstrip("-")
            if name not in frame.columns:
                raise fail(command, "sort", sort, "sort by an existing column ('col' or '-col'), True or False")
            encoding["x"]["sort"] = {"field": value_field if name in y_fields else name,
                                     "order": "descending" if descending else "ascending"}
        elif sort is not True:
            raise fail(command, "sort", sort, "use True, False, 'col' or '-col'")
        if horizontal:
            encoding["x"], encoding["y"] = encoding["y"], encoding["x"]
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "mark": mark_def,
        "encoding": encoding,
    }
    if x_type != "ordinal":
        # Zoom and pan with the mouse (Vega-Lite binds scales only when they are continuous).
        spec["params"] = [{"name": "kernel_zoom", "select": "interval", "bind": "scales"}]
    series = color_column if color_column is not None else (series_field if len(y_fields) > 1 else None)
    return spec, ChartData(long, x_field, value_field, series)


def _width_height(command: str, width: Any, height: Any, use_container_width: bool | None) -> tuple[Any, Any]:
    if use_container_width is not None:
        width = "stretch" if use_container_width else "content"
    if width is None:
        width = "stretch"
    if isinstance(width, bool) or not (width in ("stretch", "content") or (isinstance(width, int) and width > 0)):
        raise fail(command, "width", width, "use 'stretch', 'content' or a positive int (px)")
    if isinstance(height, bool) or not (height in ("content", "stretch") or (isinstance(height, int) and height > 0)):
        raise fail(command, "height", height, "use 'content', 'stretch' or a positive int (px)")
    return width, height


def _add_chart(dg: DeltaGenerator, command: str, spec: dict[str, Any], width: Any, height: Any,
               theme: Any, alt: str | None, *, key: Any = None, on_select: Any = "ignore",
               selection_mode: Any = None, source: dict[str, Any] | None = None) -> Any:
    """Add a Vega-Lite chart; its slot, or the selection state when ``on_select`` is not ignored.

    ``source``: where the page fetches the data the spec names (:func:`chart_source`).
    """
    check_choice(command, "theme", theme, THEMES)
    selecting = check_on_select(command, on_select)
    prepare_vega_bundle()
    sent, datasets = (spec, []) if source is not None else _datasets_beside(spec)
    props = {"spec": sent, "width": width, "height": height, "theme": KERNEL_THEME if theme else None,
             "alt": alt, "bundle": VEGA_URL, "source": source}
    if datasets:
        from kernel.contracts.data_channel import DATA_CLIENT_URL

        props.update({"datasets": datasets, "client": DATA_CLIENT_URL})
    if not selecting:
        return dg.add_element("vega_lite", props)
    names = selection_params(command, spec, selection_mode)
    wid, state = register_vega_selection(dg, command, key=key, on_select=on_select, spec=spec, names=names)
    props.update({"id": wid, "selection_params": names})
    dg.add_element("vega_lite", props)
    return state


def _datasets_beside(spec: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The spec with its large inline datasets taken out to the data side channel, and those datasets."""
    from kernel.context import get_run_context
    from kernel.contracts.data_channel import DataNotServedError
    from kernel_plugins.elements_charts._spec_data import offload_datasets

    if get_run_context() is None:
        return spec, []
    try:
        return offload_datasets(spec)
    except DataNotServedError:  # the data_channel plugin is off: the data stays in the spec
        return spec, []


def _simple_chart(dg: DeltaGenerator, command: str, mark: str, data: Any, *, x: Any, y: Any, x_label: str | None,
                  y_label: str | None, color: Any, width: Any, height: Any, use_container_width: bool | None,
                  alt: str | None, **extra: Any) -> DeltaGenerator:
    stacks = {"area": (None, True, False, "normalize", "center"),
              "bar": (None, True, False, "normalize", "center", "layered")}
    if mark in stacks:
        check_choice(command, "stack", extra.get("stack"), stacks[mark])
    w, h = _width_height(command, width, height, use_container_width)
    spec, points = simple_chart_parts(command, mark, data, x=x, y=y, x_label=x_label, y_label=y_label, color=color,
                                      **extra)
    # Stacked areas add up the series at each x, so their points are not reduced one series at a time.
    stacked = mark == "area" and points.series_field is not None and extra.get("stack") is not False
    source = chart_source(spec, points, reducible=mark == "line" or (mark == "area" and not stacked))
    if source is None:
        spec["data"] = {"values": _records(points.long)}
    chart: DeltaGenerator = _add_chart(dg, command, spec, w, h, "streamlit", alt, source=source)  # the slot
    return chart


def chart_source(spec: dict[str, Any], points: ChartData, *, reducible: bool) -> dict[str, Any] | None:
    """Where the page fetches a large chart's data (the data side channel), or ``None`` for a small one.

    A line or area chart over a numeric or temporal x is reduced for display per request;
    other charts get all their points. Temporal x values travel as milliseconds of wall time,
    drawn on a UTC scale so they show as they are in the data.
    """
    from kernel.contracts.data_channel import DATA_CLIENT_URL
    from kernel.elements import ArrowBlob, add_data
    from kernel_plugins.elements_charts._chart_data import (
        INLINE_POINTS,
        arrow_bytes,
        frame_key,
        frame_table,
        series_data,
    )

    if len(points.long) <= INLINE_POINTS:
        return None
    reduced = series_data(points.long, points.x_field, points.value_field, points.series_field) if reducible else None
    if reduced is not None:
        url = add_data(reduced, reduced.content_key("m4"))
    else:
        try:
            table = frame_table(points.long)
        except (TypeError, ValueError):  # values Arrow cannot hold (mixed objects): inline JSON as before
            return None
        url = add_data(ArrowBlob(arrow_bytes(table)), frame_key(points.long))
    spec["data"] = {"name": DATA_NAME}
    for channel in spec["encoding"].values():
        if isinstance(channel, dict) and channel.get("type") == "temporal":
            channel["scale"] = {**channel.get("scale", {}), "type": "utc"}
    return {"url": url, "name": DATA_NAME, "points": len(points.long), "reduced": reduced is not None,
            "x_field": points.x_field, "client": DATA_CLIENT_URL}


def line_chart(dg: DeltaGenerator, data: Any = None, *, x: Any = None, y: Any = None, x_label: str | None = None,
               y_label: str | None = None, color: Any = None, width: Any = "stretch", height: Any = "content",
               use_container_width: bool | None = None, alt: str | None = None) -> DeltaGenerator:
    """``st.line_chart``: a line per series (wide data becomes one series per column); zoom and pan."""
    return _simple_chart(dg, "line_chart", "line", data, x=x, y=y, x_label=x_label, y_label=y_label, color=color,
                         width=width, height=height, use_container_width=use_container_width, alt=alt)


def area_chart(dg: DeltaGenerator, data: Any = None, *, x: Any = None, y: Any = None, x_label: str | None = None,
               y_label: str | None = None, color: Any = None, stack: Any = None, width: Any = "stretch",
               height: Any = "content", use_container_width: bool | None = None,
               alt: str | None = None) -> DeltaGenerator:
    """``st.area_chart``: filled areas per series; ``stack`` True, False, "normalize" or "center"."""
    return _simple_chart(dg, "area_chart", "area", data, x=x, y=y, x_label=x_label, y_label=y_label, color=color,
                         width=width, height=height, use_container_width=use_container_width, alt=alt, stack=stack)


def bar_chart(dg: DeltaGenerator, data: Any = None, *, x: Any = None, y: Any = None, x_label: str | None = None,
              y_label: str | None = None, color: Any = None, horizontal: bool = False, sort: Any = True,
              stack: Any = None, width: Any = "stretch", height: Any = "content",
              use_container_width: bool | None = None, alt: str | None = None) -> DeltaGenerator:
    """``st.bar_chart``: bars per series; ``horizontal``, ``sort`` ("col"/"-col") and ``stack`` as in Streamlit."""
    return _simple_chart(dg, "bar_chart", "bar", data, x=x, y=y, x_label=x_label, y_label=y_label, color=color,
                         width=width, height=height, use_container_width=use_container_width, alt=alt, stack=stack,
                         horizontal=bool(horizontal), sort=sort)


def scatter_chart(dg: DeltaGenerator, data: Any = None, *, x: Any = None, y: Any = None, x_label: str | None = None,
                  y_label: str | None = None, color: Any = None, size: Any = None, width: Any = "stretch",
                  height: Any = "content", use_container_width: bool | None = None,
                  alt: str | None = None) -> DeltaGenerator:
    """``st.scatter_chart``: points per series; ``size`` is a number or a column name."""
    return _simple_chart(dg, "scatter_chart", "circle", data, x=x, y=y, x_label=x_label, y_label=y_label,
                         color=color, width=width, height=height, use_container_width=use_container_width, alt=alt,
                         size=size)


def vega_lite_chart(dg: DeltaGenerator, data: Any = None, spec: Any = None, *, width: Any = None,
                    height: Any = "content", use_container_width: bool | None = None, theme: Any = "streamlit",
                    key: Any = None, on_select: Any = "ignore", selection_mode: Any = None,
                    alt: str | None = None, **spec_keywords: Any) -> Any:
    """``st.vega_lite_chart``: a chart from a Vega-Lite spec (``data`` may be the spec itself).

    The spec may also be given as keywords, as older Streamlit versions accepted
    (``st.vega_lite_chart(df, mark="bar", encoding={...})``); they are merged over ``spec``.
    With ``on_select="rerun"`` (or a callable) it returns ``{"selection": {param: value}}``
    for the spec's selection parameters (``selection_mode`` names which).
    """
    if spec is None and isinstance(data, Mapping):
        spec, data = data, None
    if isinstance(spec, str):
        try:
            spec = json.loads(spec)
        except ValueError as exc:
            raise fail("vega_lite_chart", "spec", spec, f"a str spec must be JSON ({exc})") from None
    if spec_keywords:
        if spec is not None and not isinstance(spec, Mapping):
            raise fail("vega_lite_chart", "spec", spec, "give a Vega-Lite spec as a dict (or JSON string)")
        spec = {**(spec or {}), **spec_keywords}
    if not isinstance(spec, Mapping) or not spec:
        raise fail("vega_lite_chart", "spec", spec, "give a Vega-Lite spec as a dict (or JSON string)")
    out = dict(spec)
    if data is not None:
        out["data"] = {"values": _records(to_frame("vega_lite_chart", data))}
    w, h = _width_height("vega_lite_chart", width, height, use_container_width)
    return _add_chart(dg, "vega_lite_chart", out, w, h, theme, alt, key=key, on_select=on_select,
                      selection_mode=selection_mode)


def altair_chart(dg: DeltaGenerator, altair_chart: Any, *, width: Any = None, height: Any = "content",
                 use_container_width: bool | None = None, theme: Any = "streamlit", key: Any = None,
                 on_select: Any = "ignore", selection_mode: Any = None, alt: str | None = None) -> Any:
    """``st.altair_chart``: an Altair chart, drawn from its Vega-Lite spec (selections as in vega_lite_chart)."""
    to_dict = getattr(altair_chart, "to_dict", None)
    if not callable(to_dict) or not type(altair_chart).__module__.startswith("altair"):
        raise fail("altair_chart", "altair_chart", altair_chart, "give an Altair chart (alt.Chart(...))")
    spec = _altair_spec(altair_chart)
    w, h = _width_height("altair_chart", width, height, use_container_width)
    return _add_chart(dg, "altair_chart", spec, w, h, theme, alt, key=key, on_select=on_select,
                      selection_mode=selection_mode)


def _altair_spec(chart: Any) -> dict[str, Any]:
    """An Altair chart's Vega-Lite spec, whatever its number of rows (as in Streamlit: Altair's
    default transformer refuses more than 5,000; large data goes by the data side channel)."""
    import altair as alt

    try:
        spec: dict[str, Any] = chart.to_dict()
    except alt.MaxRowsError:
        with alt.data_transformers.disable_max_rows():
            spec = chart.to_dict()
    return spec


_EMPTY_MAP: dict[str, Any] = {
    "projection": {"type": "mercator"},
    "data": {"graticule": {"extent": [[-180, -80], [180, 80.001]], "step": [30, 20]}},
    "mark": {"type": "geoshape", "filled": False, "stroke": "#b8b8b8", "strokeWidth": 0.5},
}
"""What ``st.map()`` without data shows: the graticule of the Mercator projection."""

_LAT = ("lat", "latitude", "LAT", "LATITUDE")
_LON = ("lon", "longitude", "LON", "LONGITUDE")


def map(dg: DeltaGenerator, data: Any = None, *, latitude: str | None = None, longitude: str | None = None,  # noqa: A001
        color: Any = None, size: Any = None, zoom: int | None = None, width: Any = "stretch", height: Any = 500,
        use_container_width: bool | None = None, alt: str | None = None) -> DeltaGenerator:
    """``st.map``: points at latitude/longitude on a Mercator projection (no tile server needed).

    Without data it shows an empty map: the meridians and parallels of the projection.
    """
    if data is None:
        w, h = _width_height("map", width, height, use_container_width)
        chart: DeltaGenerator = _add_chart(dg, "map", _EMPTY_MAP, w, h, "streamlit", alt)
        return chart
    frame = to_frame("map", data)
    names = [str(c) for c in frame.columns]
    frame = frame.set_axis(names, axis=1)

    def pick(given: str | None, options: tuple[str, ...], param: str) -> str:
        if given is not None:
            if given not in names:
                raise fail("map", param, given, "no such column; columns are " + ", ".join(map_repr(names)))
            return given
        for option in options:
            if option in names:
                return option
        raise fail("map", param, None, f"name the {param} column; no column is called " + " or ".join(options))

    lat = pick(latitude, _LAT, "latitude")
    lon = pick(longitude, _LON, "longitude")
    if zoom is not None and (isinstance(zoom, bool) or not isinstance(zoom, int) or not 0 <= zoom <= 24):
        raise fail("map", "zoom", zoom, "use an int from 0 to 24 or None")
    mark: dict[str, Any] = {"type": "circle", "tooltip": True, "opacity": 0.7}
    encoding: dict[str, Any] = {"latitude": {"field": lat, "type": "quantitative"},
                                "longitude": {"field": lon, "type": "quantitative"}}
    if isinstance(color, str) and color in names:
        encoding["color"] = {"field": color, "type": "nominal"}
    elif color is not None:
        mark["color"] = _color_value("map", color)
    else:
        mark["color"] = "#ff4b4b"
    if isinstance(size, str) and size in names:
        encoding["size"] = {"field": size, "type": "quantitative"}
    elif size is not None:
        if isinstance(size, bool) or not isinstance(size, int | float):
            raise fail("map", "size", size, "use a number (metres) or a column name")
        mark["size"] = max(min(float(size) / 10, 400), 10)
    spec = {"data": {"values": _records(frame)}, "projection": {"type": "mercator"}, "mark": mark,
            "encoding": encoding}
    w, h = _width_height("map", width, height, use_container_width)
    chart = _add_chart(dg, "map", spec, w, h, "streamlit", alt)  # no selection: the slot
    return chart


def map_repr(names: list[str]) -> list[str]:
    """Column names quoted for an error message."""
    return [repr(n) for n in names]
