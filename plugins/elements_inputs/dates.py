"""Date and time widgets: date_input, time_input, and sliders over dates, times and datetimes.

On the wire a date is an ISO string (``"2024-05-01"``) and a time ``"HH:MM"`` or
``"HH:MM:SS"``. A slider over dates or times travels as numbers (days since
0001-01-01, seconds since midnight, seconds since 1970 for a naive datetime) so the
page can use a plain range input.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

from kernel.contracts import DeltaGenerator
from kernel.elements import Binding
from kernel_plugins.elements_inputs._inputs import (
    WidgetArgumentError,
    callback,
    check_flag,
    common_props,
    label_text,
    register_input,
    scalar_binding,
)

Fn = Callable[..., Any] | str | None
DATE_FORMAT = re.compile(r"^(YYYY([/.-])MM\2DD|DD([/.-])MM\3YYYY|MM([/.-])DD\4YYYY)$")
EPOCH = dt.datetime(1970, 1, 1)


def _years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _to_date(command: str, name: str, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        if value == "today":
            return dt.date.today()
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise WidgetArgumentError(f"st.{command}({name}={value!r}): {name} must be a date, a datetime, 'today' or an "
                              "ISO string such as '2024-05-01'")


DATE_BINDING = scalar_binding(str, dt.date.isoformat)
"""A date in the URL as ISO text (the widget's coerce parses it)."""

DATE_RANGE_BINDING = Binding(to_url=lambda v: [d.isoformat() for d in v] or [""],
                             from_url=lambda texts: [t for t in texts if t])
"""A date range in the URL: one ISO date per value of a repeated parameter."""

TIME_BINDING = scalar_binding(str, dt.time.isoformat)
"""A time in the URL as ISO text."""


def date_input(dg: DeltaGenerator, label: Any, value: Any = "today", min_value: Any = None, max_value: Any = None,
               key: Any = None, help: str | None = None, on_change: Fn = "rerun", args: Any = None,
               kwargs: Any = None, *, format: str = "YYYY/MM/DD", disabled: bool = False, required: bool = False,
               label_visibility: str = "visible", width: Any = "stretch", bind: str | None = None,
               persist_state: str | None = None) -> Any:
    """``st.date_input``: a ``date``, a tuple of 0-2 dates for a range, or ``None``."""
    text = label_text(label)
    check_flag("date_input", "required", required)
    if not isinstance(format, str) or not DATE_FORMAT.match(format):
        raise WidgetArgumentError(f"st.date_input(format={format!r}): format must be YYYY/MM/DD, DD/MM/YYYY or "
                                  "MM/DD/YYYY, with '/', '.' or '-' as separator")
    is_range = isinstance(value, list | tuple)
    if is_range:
        if len(value) > 2:
            raise WidgetArgumentError(f"st.date_input(value={value!r}): a date range takes at most two dates")
        initial: Any = tuple(_to_date("date_input", "value", v) for v in value)
    else:
        initial = None if value is None else _to_date("date_input", "value", value)
    anchor = (initial[0] if initial else dt.date.today()) if is_range else (initial or dt.date.today())
    lo = _to_date("date_input", "min_value", min_value) if min_value is not None else _years(anchor, -10)
    hi = _to_date("date_input", "max_value", max_value) if max_value is not None else _years(anchor, 10)
    if lo > hi:
        raise WidgetArgumentError(f"st.date_input: min_value {lo} is after max_value {hi}")

    def clamp(day: dt.date) -> dt.date:
        return min(max(day, lo), hi)

    def coerce(raw: Any) -> Any:
        if is_range:
            if not isinstance(raw, list) or len(raw) > 2 or not all(isinstance(x, str) for x in raw):
                raise TypeError("expected a list of up to two ISO dates")
            return tuple(sorted(clamp(dt.date.fromisoformat(x)) for x in raw))
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise TypeError("expected an ISO date")
        return clamp(dt.date.fromisoformat(raw))

    cb = callback("date_input", "on_change", on_change, args, kwargs)
    shown_value = value if value in ("today", None) else repr(initial)
    identity = (format,) if key is not None else (text, shown_value, min_value, max_value, format, help)
    def accept(value: Any) -> Any:
        if is_range:
            if not isinstance(value, list | tuple) or len(value) > 2:
                raise ValueError("expected up to two dates")
            return tuple(sorted(clamp(_to_date("date_input", "value", v)) for v in value))
        return None if value is None else clamp(_to_date("date_input", "value", value))

    wid, current = register_input(dg, "date_input", label=text, key=key, identity=identity, default=initial,
                                  coerce=coerce, callback=cb, accept=accept, disabled=disabled,
                                  persist_state=persist_state, bind=bind,
                                  binding=DATE_RANGE_BINDING if is_range else DATE_BINDING)
    props = common_props("date_input", wid, text, help, disabled, label_visibility, on_change, key, width, None,
                         bind)
    wire = [d.isoformat() for d in current] if is_range else (None if current is None else current.isoformat())
    props.update({"value": wire, "min": lo.isoformat(), "max": hi.isoformat(), "range": is_range,
                  "format": format, "required": required})
    dg.add_element("date_input", props)
    return current


def _seconds(step: Any) -> int:
    if isinstance(step, dt.timedelta):
        return int(step.total_seconds())
    if isinstance(step, int) and not isinstance(step, bool):
        return step
    raise WidgetArgumentError(f"st.time_input(step={step!r}): step must be an int (seconds) or a timedelta")


def _to_time(value: Any, keep_seconds: bool) -> dt.time:
    if isinstance(value, dt.datetime):
        t = value.time()
    elif isinstance(value, dt.time):
        t = value
    elif isinstance(value, str):
        if value == "now":
            t = dt.datetime.now().time()
        else:
            try:
                t = dt.time.fromisoformat(value)
            except ValueError:
                raise WidgetArgumentError(f"st.time_input(value={value!r}): value must be a time, a datetime, 'now' "
                                          "or an ISO string such as '08:45'") from None
    else:
        raise WidgetArgumentError(f"st.time_input(value={value!r}): value must be a time, a datetime, 'now', an "
                                  "ISO string or None")
    t = t.replace(microsecond=0, tzinfo=None)
    return t if keep_seconds else t.replace(second=0)


def time_input(dg: DeltaGenerator, label: Any, value: Any = "now", key: Any = None, help: str | None = None,
               on_change: Fn = "rerun", args: Any = None, kwargs: Any = None, *, disabled: bool = False,
               required: bool = False, label_visibility: str = "visible", step: Any = dt.timedelta(minutes=15),
               format: str = "24h", width: Any = "stretch", bind: str | None = None,
               persist_state: str | None = None) -> dt.time | None:
    """``st.time_input``: a ``datetime.time`` (seconds kept only when ``step`` is not whole minutes) or ``None``."""
    text = label_text(label)
    check_flag("time_input", "required", required)
    seconds = _seconds(step)
    if not 1 <= seconds <= 23 * 3600:
        raise WidgetArgumentError(f"st.time_input(step={step!r}): step must be between 1 second and 23 hours")
    if format not in ("24h", "12h", "localized"):
        raise WidgetArgumentError(f"st.time_input(format={format!r}): format must be '24h', '12h' or 'localized'")
    keep_seconds = seconds % 60 != 0
    initial = None if value is None else _to_time(value, keep_seconds)

    def coerce(raw: Any) -> dt.time | None:
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise TypeError("expected an ISO time")
        t = dt.time.fromisoformat(raw).replace(microsecond=0, tzinfo=None)
        return t if keep_seconds else t.replace(second=0)

    cb = callback("time_input", "on_change", on_change, args, kwargs)
    shown_value = value if value in ("now", None) else repr(initial)
    identity = (seconds,) if key is not None else (text, shown_value, seconds, help)
    def accept(value: Any) -> dt.time | None:
        return None if value is None else _to_time(value, keep_seconds)

    current: dt.time | None
    wid, current = register_input(dg, "time_input", label=text, key=key, identity=identity, default=initial,
                                  coerce=coerce, callback=cb, accept=accept, disabled=disabled,
                                  persist_state=persist_state, bind=bind,
                                  binding=TIME_BINDING)
    props = common_props("time_input", wid, text, help, disabled, label_visibility, on_change, key, width, None,
                         bind)
    props.update({"value": None if current is None else current.isoformat(), "step": seconds, "format": format,
                  "required": required})
    dg.add_element("time_input", props)
    return current


# -- sliders over dates, times and datetimes ---------------------------------------------


def temporal_kind(*values: Any) -> str | None:
    """``"datetime"``, ``"date"`` or ``"time"`` if any of ``values`` is one (datetime wins), else ``None``."""
    flat: list[Any] = []
    for v in values:
        flat.extend(v if isinstance(v, list | tuple) else [v])
    if any(isinstance(v, dt.datetime) for v in flat):
        return "datetime"
    if any(isinstance(v, dt.date) for v in flat):
        return "date"
    if any(isinstance(v, dt.time) for v in flat):
        return "time"
    return None


def _to_number(kind: str, value: Any) -> int:
    if kind == "date":
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise TypeError
        return value.toordinal()
    if kind == "time":
        if not isinstance(value, dt.time):
            raise TypeError
        return value.hour * 3600 + value.minute * 60 + value.second
    if not isinstance(value, dt.datetime):
        raise TypeError
    return int((value.replace(tzinfo=None) - EPOCH).total_seconds())


def _parse_temporal(kind: str, text: str) -> Any:
    """A date, time or datetime from its ISO text (a URL parameter)."""
    if kind == "date":
        return dt.date.fromisoformat(text)
    if kind == "time":
        return dt.time.fromisoformat(text)
    return dt.datetime.fromisoformat(text)


def _from_number(kind: str, number: int) -> Any:
    if kind == "date":
        return dt.date.fromordinal(number)
    if kind == "time":
        return dt.time(number // 3600, number % 3600 // 60, number % 60)
    return EPOCH + dt.timedelta(seconds=number)


def _span(kind: str, anchor: Any, days: int) -> Any:
    if kind == "time":
        return dt.time.min if days < 0 else dt.time(23, 59, 59)
    return anchor + dt.timedelta(days=days)


def temporal_slider(dg: DeltaGenerator, kind: str, label: Any, min_value: Any, max_value: Any, value: Any,
                    step: Any, format: str | None, key: Any, help: str | None, on_change: Fn, args: Any,
                    kwargs: Any, disabled: bool, label_visibility: str, width: Any = "stretch",
                    bind: Any = None, persist_state: Any = None) -> Any:
    """``st.slider`` over dates, times or datetimes (called by the slider when an argument is one)."""
    text = label_text(label)
    is_range = isinstance(value, list | tuple)
    values = list(value) if is_range else ([] if value is None else [value])
    if is_range and len(values) != 2:
        raise WidgetArgumentError(f"st.slider(value={value!r}): a range slider takes exactly two values")
    for name, v in (("min_value", min_value), ("max_value", max_value), *(("value", v) for v in values)):
        if v is None:
            continue
        try:
            _to_number(kind, v)
        except TypeError:
            raise WidgetArgumentError(f"st.slider({name}={v!r}): every value of a {kind} slider must be a "
                                      f"{kind}") from None
    anchor = values[0] if values else (min_value if min_value is not None else max_value)
    lo_v = min_value if min_value is not None else _span(kind, anchor, -14)
    hi_v = max_value if max_value is not None else _span(kind, anchor, 14)
    lo, hi = _to_number(kind, lo_v), _to_number(kind, hi_v)
    if lo == hi:
        raise WidgetArgumentError(f"st.slider({text!r}): min_value and max_value are both {lo_v}; they must differ")
    if lo > hi:
        raise WidgetArgumentError(f"st.slider({text!r}): min_value {lo_v} is after max_value {hi_v}")
    if step is None:
        step = dt.timedelta(minutes=15) if kind == "time" else dt.timedelta(days=1)
    if not isinstance(step, dt.timedelta) or step.total_seconds() <= 0:
        raise WidgetArgumentError(f"st.slider(step={step!r}): a {kind} slider's step must be a positive timedelta")
    inc = int(step.total_seconds()) // (86400 if kind == "date" else 1) or 1
    default: Any = [_to_number(kind, v) for v in values] if is_range else (
        _to_number(kind, values[0]) if values else lo)

    def coerce(raw: Any) -> Any:
        def one(x: Any) -> int:
            if not isinstance(x, int | float) or isinstance(x, bool) or not math.isfinite(x):
                raise TypeError("expected a finite number")
            return min(max(int(x), lo), hi)

        if is_range:
            if not isinstance(raw, list) or len(raw) != 2:
                raise TypeError("expected two numbers")
            return sorted(one(x) for x in raw)
        return one(raw)

    cb = callback("slider", "on_change", on_change, args, kwargs)
    identity = (lo, hi, inc) if key is not None else (text, kind, lo, hi, inc, repr(default), format, help)
    def present(numbers: Any) -> Any:
        return tuple(_from_number(kind, n) for n in numbers) if is_range else _from_number(kind, numbers)

    def accept(value: Any) -> Any:
        try:
            if is_range:
                return sorted(min(max(_to_number(kind, v), lo), hi) for v in value)
            return min(max(_to_number(kind, value), lo), hi)
        except TypeError:
            raise ValueError(f"not a {kind}") from None

    def to_url(numbers: Any) -> list[str]:
        return [_from_number(kind, n).isoformat() for n in (numbers if is_range else [numbers])]

    def from_url(texts: list[str]) -> Any:
        numbers = [_to_number(kind, _parse_temporal(kind, t)) for t in texts]
        return numbers if is_range else numbers[-1]

    wid, current = register_input(dg, "slider", label=text, key=key, identity=identity, default=default,
                                  coerce=coerce, callback=cb, present=present, accept=accept, disabled=disabled,
                                  persist_state=persist_state, bind=bind, binding=lambda: Binding(to_url, from_url))
    result = present(current)
    labels = [str(x) for x in (result if is_range else (result,))]
    props = common_props("slider", wid, text, help, disabled, label_visibility, on_change, key, width, None, bind)
    props.update({"temporal": kind, "min": lo, "max": hi, "step": inc, "value": current, "range": is_range,
                  "format": format, "shown": labels, "min_shown": str(_from_number(kind, lo)),
                  "max_shown": str(_from_number(kind, hi))})
    dg.add_element("slider", props)
    return result
