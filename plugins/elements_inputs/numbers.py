"""``st.number_input``: ints or floats, typed by the arguments and clamped to min/max."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from kernel.contracts import DeltaGenerator
from kernel_plugins.elements_inputs._inputs import (
    NUMBER_BINDING,
    WidgetArgumentError,
    callback,
    check_flag,
    check_icon,
    common_props,
    label_text,
    register_input,
)

JS_MAX_SAFE_INT = 2**53 - 1
Fn = Callable[..., Any] | str | None


def _is_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def number_input(dg: DeltaGenerator, label: Any, min_value: Any = None, max_value: Any = None, value: Any = "min",
                 step: Any = None, format: str | None = None, key: Any = None, help: str | None = None,
                 on_change: Fn = "rerun", args: Any = None, kwargs: Any = None, *, placeholder: str | None = None,
                 disabled: bool = False, required: bool = False, label_visibility: str = "visible",
                 icon: str | None = None, width: Any = "stretch", bind: str | None = None,
                 persist_state: str | None = None) -> int | float | None:
    """``st.number_input``: an int if every numeric argument is an int, else a float; ``None`` if empty."""
    text = label_text(label)
    check_flag("number_input", "required", required)
    named = {"min_value": min_value, "max_value": max_value, "step": step}
    if value != "min":
        named["value"] = value
    for name, x in named.items():
        if x is not None and not _is_number(x):
            raise WidgetArgumentError(f"st.number_input({name}={x!r}): {name} must be an int, a float or None")
    given = {n: x for n, x in named.items() if x is not None}
    kinds = {type(x) is float for x in given.values()}
    if len(kinds) > 1:
        shown = ", ".join(f"{n}={x!r} ({type(x).__name__})" for n, x in given.items())
        raise WidgetArgumentError(f"st.number_input: all numeric arguments must be of the same type ({shown}); "
                                  "use ints everywhere or floats everywhere")
    is_float = kinds == {True} or not given
    if not is_float:
        for name, x in given.items():
            if abs(x) > JS_MAX_SAFE_INT:
                raise WidgetArgumentError(f"st.number_input({name}={x}): ints must lie within ±{JS_MAX_SAFE_INT} "
                                          "(the range a browser can represent exactly)")
    if min_value is not None and max_value is not None and min_value > max_value:
        raise WidgetArgumentError(f"st.number_input: min_value {min_value} is greater than max_value {max_value}")
    if value == "min":
        default: Any = min_value if min_value is not None else (0.0 if is_float else 0)
    else:
        default = value
    if default is not None:
        if min_value is not None and default < min_value:
            raise WidgetArgumentError(f"st.number_input: the `value` {default} is less than the `min_value` "
                                      f"{min_value}.")
        if max_value is not None and default > max_value:
            raise WidgetArgumentError(f"st.number_input: the `value` {default} is greater than the `max_value` "
                                      f"{max_value}.")
    inc = step if step is not None else (0.01 if is_float else 1)
    if inc <= 0:
        raise WidgetArgumentError(f"st.number_input(step={step!r}): step must be positive")
    if format is not None and (not isinstance(format, str) or "%" not in format):
        raise WidgetArgumentError(f"st.number_input(format={format!r}): format must be a printf-style string such "
                                  "as '%d', '%0.2f' or '%.1e'")

    def coerce(raw: Any) -> int | float | None:
        if raw is None:
            return None
        if not _is_number(raw) or (isinstance(raw, float) and not math.isfinite(raw)):
            raise TypeError("expected a number")
        number: int | float = float(raw) if is_float else int(round(raw))
        if min_value is not None:
            number = max(number, min_value)
        if max_value is not None:
            number = min(number, max_value)
        return number

    cb = callback("number_input", "on_change", on_change, args, kwargs)
    identity = () if key is not None else (text, min_value, max_value, default, inc, format, help, placeholder)
    current: int | float | None
    wid, current = register_input(dg, "number_input", label=text, key=key, identity=identity, default=default,
                                  coerce=coerce, callback=cb, accept=coerce, disabled=disabled,
                                  persist_state=persist_state, bind=bind, binding=NUMBER_BINDING)
    props = common_props("number_input", wid, text, help, disabled, label_visibility, on_change, key, width,
                         None, bind)
    props.update({"value": current, "min": min_value, "max": max_value, "step": inc, "float": is_float,
                  "format": format, "placeholder": placeholder, "icon": check_icon("number_input", icon),
                  "required": required})
    dg.add_element("number_input", props)
    return current
