"""``st.datetime_input``: a date and a time in one field, returned as a naive ``datetime``.

On the wire the value is ISO text without a zone, ``"2024-05-01T08:45"`` (with seconds
when ``step`` is not whole minutes), as a browser's ``datetime-local`` field reads it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from kernel.contracts import DeltaGenerator
from kernel_plugins.elements_inputs._inputs import (
    WidgetArgumentError,
    callback,
    check_flag,
    common_props,
    label_text,
    register_input,
    scalar_binding,
)
from kernel_plugins.elements_inputs.dates import DATE_FORMAT, _years

Fn = Callable[..., Any] | str | None


def _step(step: Any) -> int:
    if isinstance(step, dt.timedelta):
        seconds = step.total_seconds()
    elif isinstance(step, int) and not isinstance(step, bool):
        seconds = step
    else:
        raise WidgetArgumentError(f"st.datetime_input(step={step!r}): step must be an int (seconds) or a timedelta")
    if seconds != int(seconds) or not 60 <= seconds <= 23 * 3600:
        raise WidgetArgumentError(f"st.datetime_input(step={step!r}): step must be whole seconds between 60 "
                                  "seconds and 23 hours")
    return int(seconds)


def to_datetime(name: str, value: Any, keep_seconds: bool) -> dt.datetime:
    """``value`` (a datetime, a date at midnight, a time today, ``"now"`` or ISO text) as a
    naive datetime without microseconds (and without seconds unless ``keep_seconds``)."""
    if isinstance(value, dt.datetime):
        out = value
    elif isinstance(value, dt.date):
        out = dt.datetime.combine(value, dt.time())
    elif isinstance(value, dt.time):
        out = dt.datetime.combine(dt.date.today(), value)
    elif value == "now":
        out = dt.datetime.now()
    elif isinstance(value, str):
        try:
            out = dt.datetime.fromisoformat(value)
        except ValueError:
            raise WidgetArgumentError(f"st.datetime_input({name}={value!r}): {value!r} is not an ISO date and time "
                                      "such as '2024-05-01 08:45'") from None
    else:
        raise WidgetArgumentError(f"st.datetime_input({name}={value!r}): {name} must be a datetime, a date, a time, "
                                  "'now', an ISO string or None")
    out = out.replace(tzinfo=None, microsecond=0)
    return out if keep_seconds else out.replace(second=0)


def _wire(value: dt.datetime, keep_seconds: bool) -> str:
    return value.isoformat(timespec="seconds" if keep_seconds else "minutes")


def datetime_input(dg: DeltaGenerator, label: Any, value: Any = "now", min_value: Any = None, max_value: Any = None,
                   *, key: Any = None, help: str | None = None, on_change: Fn = "rerun", args: Any = None,
                   kwargs: Any = None, format: str = "YYYY/MM/DD", step: Any = dt.timedelta(seconds=900),
                   disabled: bool = False, required: bool = False, label_visibility: str = "visible",
                   width: Any = "stretch", bind: str | None = None,
                   persist_state: str | None = None) -> dt.datetime | None:
    """``st.datetime_input``: a naive ``datetime`` (a zone is dropped) or ``None``.

    ``min_value``/``max_value`` default to ten years before and after the initial value
    (or now); ``format`` is the date part's order; ``step`` (60 s to 23 h) the time's.
    """
    text = label_text(label)
    check_flag("datetime_input", "required", required)
    if not isinstance(format, str) or not DATE_FORMAT.match(format):
        raise WidgetArgumentError(f"st.datetime_input(format={format!r}): format must be YYYY/MM/DD, DD/MM/YYYY or "
                                  "MM/DD/YYYY, with '/', '.' or '-' as separator")
    seconds = _step(step)
    keep = seconds % 60 != 0
    initial = None if value is None else to_datetime("value", value, keep)
    anchor = initial or dt.datetime.now().replace(second=0, microsecond=0)
    lo = (to_datetime("min_value", min_value, keep) if min_value is not None
          else dt.datetime.combine(_years(anchor.date(), -10), anchor.time()))
    hi = (to_datetime("max_value", max_value, keep) if max_value is not None
          else dt.datetime.combine(_years(anchor.date(), 10), anchor.time()))
    if lo > hi:
        raise WidgetArgumentError(f"st.datetime_input: min_value {lo} is after max_value {hi}")
    if initial is not None and not lo <= initial <= hi:
        raise WidgetArgumentError(f"st.datetime_input(value={value!r}): the value {initial} is outside "
                                  f"[{lo}, {hi}]; widen min_value/max_value or change the value")

    def clamp(moment: dt.datetime) -> dt.datetime:
        return min(max(moment, lo), hi)

    def coerce(raw: Any) -> dt.datetime | None:
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise TypeError("expected an ISO date and time")
        return clamp(to_datetime("value", dt.datetime.fromisoformat(raw), keep))

    def accept(assigned: Any) -> dt.datetime | None:
        if assigned is None:
            return None
        try:
            return clamp(to_datetime("value", assigned, keep))
        except WidgetArgumentError as exc:
            raise ValueError(str(exc)) from None

    cb = callback("datetime_input", "on_change", on_change, args, kwargs)
    shown = value if value in ("now", None) else repr(initial)
    identity = (format, seconds) if key is not None else (text, shown, repr(min_value), repr(max_value), format,
                                                         seconds, help)
    current: dt.datetime | None
    wid, current = register_input(dg, "datetime_input", label=text, key=key, identity=identity, default=initial,
                                  coerce=coerce, callback=cb, accept=accept, disabled=disabled,
                                  persist_state=persist_state, bind=bind,
                                  binding=scalar_binding(lambda t: dt.datetime.fromisoformat(t).isoformat(),
                                                         lambda v: _wire(v, keep)))
    props = common_props("datetime_input", wid, text, help, disabled, label_visibility, on_change, key, width, None,
                         bind)
    props.update({"value": None if current is None else _wire(current, keep), "min": _wire(lo, keep),
                  "max": _wire(hi, keep), "step": seconds, "format": format, "required": required})
    dg.add_element("datetime_input", props)
    return current
