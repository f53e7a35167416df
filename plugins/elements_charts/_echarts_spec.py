"""An ECharts option from what ``st.echarts_chart`` was given, as plain JSON, or a clear error.

The option travels as JSON and is given to ``echarts.setOption`` as it is: nothing in it
is ever run as code, so JavaScript callbacks (pyecharts ``JsCode``) are refused rather
than shown as text, and so are the series ECharts cannot draw from JSON alone with the
bundle kernel ships (``custom`` series, maps and geo coordinates, ECharts-GL).
"""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Iterator, Mapping
from typing import Any

from kernel.elements import argument_error as fail

COMMAND = "echarts_chart"
JSCODE_MARK = "--x_x--0_0--"
"""What pyecharts wraps a ``JsCode`` callback in inside ``dump_options()``."""
GL_SERIES = ("scatter3D", "bar3D", "line3D", "lines3D", "surface", "map3D", "scatterGL", "graphGL", "flowGL",
             "linesGL", "polygons3D")
GL_COMPONENTS = ("globe", "geo3D", "mapbox3D", "grid3D", "xAxis3D", "yAxis3D", "zAxis3D", "mapbox")


JS_CODE_ERROR = ("the option contains JavaScript code (pyecharts JsCode), which kernel never runs; use JSON-only "
                 "options (e.g. a formatter template such as '{b}: {c}')")


def _has_js_code(value: Any, depth: int = 0) -> bool:
    """Whether a pyecharts ``get_options()`` tree holds a ``JsCode`` (directly or in an options object)."""
    if depth > 100:
        return False
    if type(value).__name__ == "JsCode":
        return True
    if isinstance(value, Mapping):
        return any(_has_js_code(v, depth + 1) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_js_code(v, depth + 1) for v in value)
    opts = getattr(value, "opts", None)
    return isinstance(opts, Mapping | list) and _has_js_code(opts, depth + 1)


def _loads(text: str, what: str, value: Any) -> Any:
    if JSCODE_MARK in text:
        raise fail(COMMAND, "spec", value, JS_CODE_ERROR)
    try:
        return json.loads(text)
    except ValueError as exc:
        hint = "; JavaScript functions are not supported" if "function" in text else ""
        raise fail(COMMAND, "spec", value, f"{what} is not valid JSON ({exc}){hint}") from None


def _frame_rows(frame: Any) -> list[Any]:
    """A DataFrame as ECharts' ``dataset.source``: its column names, then one list per row."""
    table = frame.reset_index() if getattr(frame.index, "name", None) is not None else frame
    return [[str(c) for c in table.columns], *table.itertuples(index=False, name=None)]


def _plain(value: Any) -> Any:
    """``json.dumps``' fallback: numpy/pandas scalars and arrays, dates and DataFrames as JSON values."""
    if hasattr(value, "itertuples") and hasattr(value, "columns"):
        return _frame_rows(value)
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if callable(value):
        raise TypeError(f"{value!r} is a function: ECharts options are JSON only, without callbacks")
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def _without_nan(value: Any) -> Any:
    """NaN and infinities as ``null`` (missing values), which JSON has no other word for."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list):
        return [_without_nan(v) for v in value]
    if isinstance(value, dict):
        return {k: _without_nan(v) for k, v in value.items()}
    return value


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def series_of(option: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """The option's series (a dict or a list of them)."""
    for series in _as_list(option.get("series")):
        if isinstance(series, Mapping):
            yield series


def _check_drawable(option: Mapping[str, Any], value: Any) -> None:
    for name in GL_COMPONENTS + ("geo",):
        if option.get(name) is not None:
            family = "geo/map" if name in ("geo", "mapbox") else "ECharts-GL"
            raise fail(COMMAND, "spec", value, f"the option has a {name!r} component: {family} charts are not "
                       "supported (they need map data or the ECharts-GL extension); use a cartesian, polar or "
                       "graph chart")
    for index, series in enumerate(series_of(option)):
        kind = series.get("type")
        if kind == "custom":
            raise fail(COMMAND, "spec", value, f"series {index} is a 'custom' series, which draws with a JavaScript "
                       "renderItem callback; kernel runs no JavaScript from an option")
        if kind == "map" or series.get("coordinateSystem") in ("geo", "bmap", "amap", "gmap"):
            raise fail(COMMAND, "spec", value, f"series {index} is drawn on a map (geo/map charts are not "
                       "supported: they need map data registered in the browser)")
        if kind in GL_SERIES or series.get("coordinateSystem") in GL_COMPONENTS:
            raise fail(COMMAND, "spec", value, f"series {index} ({kind!r}) needs the ECharts-GL extension, "
                       "which is not supported")


def load_option(spec: Any) -> dict[str, Any]:
    """The ECharts option of a dict, a JSON string or a pyecharts chart (``dump_options``), checked."""
    if isinstance(spec, str):
        option = _loads(spec, "the string", spec)
    elif callable(getattr(spec, "dump_options", None)):
        get_options = getattr(spec, "get_options", None)
        if callable(get_options) and _has_js_code(get_options()):
            raise fail(COMMAND, "spec", spec, JS_CODE_ERROR)
        text = spec.dump_options()
        if not isinstance(text, str):
            raise fail(COMMAND, "spec", spec, "its dump_options() did not return a JSON string")
        option = _loads(text, "its dump_options()", spec)
    elif isinstance(spec, Mapping):
        try:
            text = json.dumps(spec, default=_plain, allow_nan=True)
        except (TypeError, ValueError) as exc:
            raise fail(COMMAND, "spec", spec, f"the option is not JSON ({exc})") from None
        option = json.loads(text)
    else:
        raise fail(COMMAND, "spec", spec, "give an ECharts option as a dict, a JSON string or a pyecharts chart")
    if not isinstance(option, dict):
        raise fail(COMMAND, "spec", spec, "the option must be a JSON object ({...}), e.g. "
                   "{'xAxis': {...}, 'yAxis': {...}, 'series': [...]}")
    clean: dict[str, Any] = _without_nan(option)
    _check_drawable(clean, spec)
    return clean


def selectable(option: Mapping[str, Any]) -> bool:
    """Whether the user can select anything: a series with ``selectedMode`` or a ``brush`` component."""
    if option.get("brush") is not None:
        return True
    return any(series.get("selectedMode") not in (None, False) for series in series_of(option))
