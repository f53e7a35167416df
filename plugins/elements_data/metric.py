"""``st.metric``: a big number with a label, a coloured delta and an optional sparkline."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from kernel.contracts import DeltaGenerator
from kernel.elements import argument_error as fail
from kernel.elements import check_choice, check_height, check_icon, check_width, render_inline

PALETTE = ("red", "orange", "yellow", "green", "blue", "violet", "gray", "grey", "primary")
DELTA_COLORS = ("normal", "inverse", "off", *PALETTE)
NAMED_FORMATS = ("plain", "localized", "percent", "dollar", "euro", "yen", "accounting", "compact",
                 "scientific", "engineering", "bytes")
MAX_SPARK_POINTS = 500


def format_number(value: float | int | Decimal, fmt: str | None) -> str:
    """``value`` formatted by a printf-style or named format (the NumberColumn formats)."""
    if fmt is None:
        return str(value)
    number = float(value)
    if fmt == "plain":
        return repr(value) if isinstance(value, float) else str(value)
    if fmt == "localized":
        return f"{number:,}" if isinstance(value, int) else f"{number:,.2f}"
    if fmt == "percent":
        return f"{number * 100:.2f}%"
    if fmt in ("dollar", "euro", "yen"):
        sign = {"dollar": "$", "euro": "€", "yen": "¥"}[fmt]
        return f"-{sign}{abs(number):,.2f}" if number < 0 else f"{sign}{number:,.2f}"
    if fmt == "accounting":
        return f"({abs(number):,.2f})" if number < 0 else f"{number:,.2f}"
    if fmt == "compact":
        for limit, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
            if abs(number) >= limit:
                return f"{number / limit:.1f}{suffix}"
        return f"{number:g}"
    if fmt == "scientific":
        return f"{number:.3e}"
    if fmt == "engineering":
        if number == 0:
            return "0"
        exponent = int(math.floor(math.log10(abs(number)) / 3) * 3)
        return f"{number / 10**exponent:.3f}E{exponent}"
    if fmt == "bytes":
        for unit in ("B", "KB", "MB", "GB", "TB"):
            if abs(number) < 1000 or unit == "TB":
                return f"{number:.1f}{unit}" if unit != "B" else f"{int(number)}B"
            number /= 1000
    try:
        return fmt % value
    except (TypeError, ValueError) as exc:
        raise fail("metric", "format", fmt,
                   f"use a printf-style format or one of {', '.join(NAMED_FORMATS)} ({exc})") from None


def _value_text(value: Any, fmt: str | None, param: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        raise fail("metric", param, value, "use an int, float, Decimal, str or None")
    if isinstance(value, int | float | Decimal):
        return format_number(value, fmt)
    if isinstance(value, str):
        return value
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        return _value_text(value.item(), fmt, param)
    raise fail("metric", param, value, "use an int, float, Decimal, str or None")


def delta_direction(delta: Any) -> str | None:
    """``"up"``, ``"down"``, ``"flat"`` (zero) or ``None`` (no delta) by the sign of ``delta``."""
    if delta is None or delta == "":
        return None
    if isinstance(delta, str):
        stripped = delta.strip()
        if stripped in ("0", "0.0", "+0", "-0"):
            return "flat"
        return "down" if stripped.startswith("-") else "up"
    number = float(delta)
    if number == 0:
        return "flat"
    return "down" if number < 0 else "up"


def _delta_color(direction: str | None, delta_color: str) -> str:
    if direction in (None, "flat") or delta_color == "off":
        return "gray"
    if delta_color == "normal":
        return "green" if direction == "up" else "red"
    if delta_color == "inverse":
        return "red" if direction == "up" else "green"
    return "gray" if delta_color == "grey" else delta_color


def _chart_values(chart_data: Any) -> list[float] | None:
    if chart_data is None:
        return None
    columns = getattr(chart_data, "columns", None)
    if columns is not None and hasattr(chart_data, "iloc"):
        chart_data = chart_data.iloc[:, 0]
    elif isinstance(chart_data, Mapping):
        chart_data = next(iter(chart_data.values()), [])
    if not isinstance(chart_data, Iterable) or isinstance(chart_data, str | bytes):
        raise fail("metric", "chart_data", chart_data, "use an iterable of numbers or a dataframe-like object")
    values = []
    for item in chart_data:
        try:
            values.append(float(item))
        except (TypeError, ValueError):
            raise fail("metric", "chart_data", chart_data, f"every value must be a number, got {item!r}") from None
    return values[-MAX_SPARK_POINTS:]


def metric(dg: DeltaGenerator, label: Any, value: Any, delta: Any = None, delta_color: str = "normal", *,
           help: str | None = None, icon: str | None = None, label_visibility: str = "visible",
           border: bool = False, width: Any = "stretch", height: Any = "content", chart_data: Any = None,
           chart_type: str = "line", delta_arrow: str = "auto", format: str | None = None,
           delta_description: str | None = None) -> DeltaGenerator:
    """``st.metric``: a KPI -- label, big value, delta with arrow and colour by sign, optional sparkline."""
    check_choice("metric", "delta_color", delta_color, DELTA_COLORS)
    check_choice("metric", "label_visibility", label_visibility, ("visible", "hidden", "collapsed"))
    check_choice("metric", "chart_type", chart_type, ("line", "bar", "area"))
    check_choice("metric", "delta_arrow", delta_arrow, ("auto", "up", "down", "off"))
    if format is not None and not isinstance(format, str):
        raise fail("metric", "format", format, "use a printf-style format string or a named format")
    direction = delta_direction(delta) if not isinstance(delta, bool) else None
    if isinstance(delta, bool):
        raise fail("metric", "delta", delta, "use an int, float, Decimal, str or None")
    arrow = {"auto": direction if direction in ("up", "down") else None, "off": None}.get(delta_arrow, delta_arrow)
    props = {
        "label": render_inline("" if label is None else str(label)),
        "value": _value_text(value, format, "value"),
        "delta": None if direction is None else _value_text(delta, format, "delta"),
        "delta_color": _delta_color(direction, delta_color),
        "arrow": arrow,
        "delta_description": delta_description,
        "help": help,
        "icon": check_icon("metric", icon or None),
        "label_visibility": label_visibility,
        "border": bool(border),
        "width": check_width("metric", width),
        "height": check_height("metric", height),
        "chart": _chart_values(chart_data),
        "chart_type": chart_type,
    }
    return dg.add_element("metric", props)
