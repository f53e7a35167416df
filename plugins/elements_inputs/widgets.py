"""The first widgets: button, checkbox, slider, text_input, selectbox."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from kernel.contracts import DeltaGenerator
from kernel.elements import Binding
from kernel_plugins.elements_inputs._inputs import (
    BOOL_BINDING,
    BUTTON_TYPES,
    NUMBER_BINDING,
    TEXT_BINDING,
    WidgetArgumentError,
    WidgetValueError,
    button_props,
    callback,
    check_choice,
    check_filter_mode,
    check_flag,
    check_icon,
    check_index,
    common_props,
    format_labels,
    label_text,
    option_binding,
    options_list,
    parse_number,
    register_input,
    text_rules,
)

__all__ = ["WidgetArgumentError", "WidgetValueError", "button", "checkbox", "selectbox", "slider", "text_input"]

Fn = Callable[..., Any] | str | None


def button(dg: DeltaGenerator, label: Any, key: Any = None, help: str | None = None,
           on_click: Callable[..., Any] | None = None, args: Any = None, kwargs: Any = None, *,
           type: str = "secondary", icon: str | None = None, icon_position: str = "left", disabled: bool = False,
           use_container_width: bool | None = None, width: Any = "content", shortcut: str | None = None,
           wrap: bool | None = None) -> bool:
    """``st.button``: ``True`` only in the run its click started."""
    text = label_text(label)
    check_choice("button", "type", type, BUTTON_TYPES)
    if on_click is not None and not callable(on_click):
        raise WidgetArgumentError(f"st.button(on_click={on_click!r}): on_click must be a function or None")
    cb = callback("button", "on_click", on_click, args, kwargs)
    identity = () if key is not None else (text, help, type, icon, width)
    wid, clicked = register_input(dg, "button", label=text, key=key, identity=identity, default=False,
                                  coerce=bool, trigger=True, callback=cb, disabled=disabled)
    props = button_props("button", wid, text, help, disabled, key, type=type, icon=icon,
                         icon_position=icon_position, use_container_width=use_container_width, width=width,
                         shortcut=shortcut, wrap=wrap)
    dg.add_element("button", props)
    return bool(clicked)


def checkbox(dg: DeltaGenerator, label: Any, value: bool = False, key: Any = None, help: str | None = None,
             on_change: Fn = "rerun", args: Any = None, kwargs: Any = None, *, disabled: bool = False,
             label_visibility: str = "visible", width: Any = "content", wrap: bool | None = None,
             bind: str | None = None, persist_state: str | None = None) -> bool:
    """``st.checkbox``: a bool."""
    text = label_text(label)
    identity = () if key is not None else (text, bool(value), help)
    cb = callback("checkbox", "on_change", on_change, args, kwargs)
    wid, checked = register_input(dg, "checkbox", label=text, key=key, identity=identity, default=bool(value),
                                  coerce=_strict_bool, callback=cb, disabled=disabled, explicit_default=bool(value),
                                  persist_state=persist_state, bind=bind,
                                  binding=BOOL_BINDING)
    props = common_props("checkbox", wid, text, help, disabled, label_visibility, on_change, key, width, wrap, bind)
    props["value"] = bool(checked)
    dg.add_element("checkbox", props)
    return bool(checked)


def _strict_bool(raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise TypeError("expected a bool")
    return raw


def _number(x: Any) -> bool:
    # NaN and infinities from the client fall back to the widget's default value.
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def slider(dg: DeltaGenerator, label: Any, min_value: Any = None, max_value: Any = None, value: Any = None,
           step: Any = None, format: str | None = None, key: Any = None, help: str | None = None,
           on_change: Fn = "rerun", args: Any = None, kwargs: Any = None, *, disabled: bool = False,
           label_visibility: str = "visible", width: Any = "stretch", bind: str | None = None,
           persist_state: str | None = None) -> Any:
    """``st.slider``: an int or float (a tuple of two for a range slider); dates and times too."""
    from kernel_plugins.elements_inputs.dates import temporal_kind, temporal_slider

    temporal = temporal_kind(min_value, max_value, value)
    if temporal is not None:
        return temporal_slider(dg, temporal, label, min_value, max_value, value, step, format, key, help,
                               on_change, args, kwargs, disabled, label_visibility, width, bind, persist_state)
    text = label_text(label)
    is_range = isinstance(value, list | tuple)
    values = list(value) if is_range else ([] if value is None else [value])
    if is_range and len(values) != 2:
        raise WidgetValueError(f"st.slider value={value!r}: a range slider takes exactly two values")
    numbers = [x for x in (min_value, max_value, step, *values) if x is not None]
    if any(not _number(x) for x in numbers):
        raise WidgetValueError(f"st.slider({text!r}): min_value, max_value, value and step must be numbers, "
                               "dates, times or datetimes")
    is_float = any(isinstance(x, float) for x in numbers)
    cast: Callable[[Any], Any] = float if is_float else int
    lo = cast(min_value) if min_value is not None else (0.0 if is_float else 0)
    hi = cast(max_value) if max_value is not None else (1.0 if is_float else 100)
    if lo == hi:
        raise WidgetValueError(f"st.slider({text!r}): min_value and max_value are both {lo}; they must differ")
    if lo > hi:
        raise WidgetValueError(f"st.slider({text!r}): min_value {lo} is greater than max_value {hi}")
    inc = cast(step) if step is not None else (0.01 if is_float else 1)
    default: Any = tuple(cast(v) for v in values) if is_range else (cast(values[0]) if values else lo)

    def coerce(raw: Any) -> Any:
        if is_range:
            if not isinstance(raw, list | tuple) or len(raw) != 2 or not all(_number(x) for x in raw):
                raise TypeError("expected two numbers")
            a, b = sorted(min(max(cast(x), lo), hi) for x in raw)
            return (a, b)
        if not _number(raw):
            raise TypeError("expected a number")
        return min(max(cast(raw), lo), hi)

    cb = callback("slider", "on_change", on_change, args, kwargs)
    identity = (lo, hi, inc) if key is not None else (text, lo, hi, inc, default, format, help)
    wid, current = register_input(dg, "slider", label=text, key=key, identity=identity, default=default,
                                  coerce=coerce, callback=cb, disabled=disabled, explicit_default=value is not None,
                                  persist_state=persist_state, bind=bind,
                                  binding=NUMBER_RANGE_BINDING if is_range else NUMBER_BINDING)
    props = common_props("slider", wid, text, help, disabled, label_visibility, on_change, key, width, None, bind)
    props.update({"min": lo, "max": hi, "step": inc, "value": list(current) if is_range else current,
                  "range": is_range, "format": format, "float": is_float})
    dg.add_element("slider", props)
    return current


NUMBER_RANGE_BINDING = Binding(to_url=lambda v: [str(x) for x in v],
                               from_url=lambda texts: [parse_number(t) for t in texts])
"""A range slider's two numbers in the URL (a repeated parameter)."""

TEXT_TYPES = ("default", "password", "email", "url", "phone", "search")
EMAIL_PATTERN = r"[^@\s]+@[^@\s]+\.[^@\s]+"
URL_PATTERN = r"https?://[^\s/$.?#][^\s]*"
TYPE_DEFAULTS: dict[str, dict[str, Any]] = {
    # type: defaults of (icon, placeholder, validate, autocomplete); "" turns one off
    "email": {"icon": ":material/mail:", "placeholder": "name@example.com",
              "validate": (EMAIL_PATTERN, "Enter a valid email address"), "autocomplete": "email"},
    "url": {"icon": ":material/link:", "placeholder": "https://example.com",
            "validate": (URL_PATTERN, "Enter a valid URL starting with http:// or https://"), "autocomplete": "url"},
    "phone": {"icon": ":material/call:", "placeholder": None, "validate": None, "autocomplete": "tel"},
    "search": {"icon": ":material/search:", "placeholder": "Search", "validate": None, "autocomplete": "off"},
}
LIVE = re.compile(r"^(\d+(?:\.\d+)?)(ms|s|m)$")


def _live_ms(live: Any) -> int | None:
    """``live`` as milliseconds of pause before a commit (``None``: commit on Enter/blur only)."""
    if live is False:
        return None
    if live is True:
        return 250
    match = LIVE.match(live) if isinstance(live, str) else None
    if match is not None:
        ms = float(match.group(1)) * {"ms": 1, "s": 1000, "m": 60000}[match.group(2)]
        if 0 <= ms <= 60000:
            return int(ms)
    raise WidgetArgumentError(f"st.text_input(live={live!r}): live must be True, False or a duration string from "
                              "'0ms' to '1m' such as '500ms' or '2s' (numbers and timedeltas are not accepted)")


JS_ONLY = re.compile(r"\\\\|\\[pP]\{[^}]*\}|\\u\{[0-9a-fA-F]+\}|\\c[A-Za-z]|\\k<(\w+)>|\(\?<(?![=!])(\w+)>")
"""JavaScript regex syntax Python's ``re`` lacks (after an escaped backslash, which stays):
``\\p{..}``/``\\P{..}``, ``\\u{..}``, ``\\cX``, named backreferences and groups."""


def _as_python_pattern(pattern: str) -> str:
    """``pattern`` (a JavaScript regex) with its JS-only syntax swapped for Python's, so
    ``re`` can check the rest of it (the page runs the JS original)."""

    def swap(m: re.Match[str]) -> str:
        text = m.group(0)
        if m.group(1) is not None:
            return f"(?P={m.group(1)})"
        if m.group(2) is not None:
            return f"(?P<{m.group(2)}>"
        return text if text == "\\\\" else "."

    return JS_ONLY.sub(swap, pattern)


def _validate(validate: Any) -> dict[str, str] | None:
    """``validate`` as ``{"pattern", "message"}`` for the page (a JS regex string or ``(regex, message)``)."""
    if validate is None or validate == "":
        return None
    if isinstance(validate, str):
        pattern, message = validate, "Invalid value"
    elif (isinstance(validate, tuple | list) and len(validate) == 2
          and all(isinstance(x, str) for x in validate)):
        pattern, message = validate
    else:
        raise WidgetArgumentError(f"st.text_input(validate={validate!r}): validate must be a regular expression "
                                  "string or a (regular expression, error message) pair")
    try:
        re.compile(_as_python_pattern(pattern))
    except re.error as exc:
        raise WidgetArgumentError(f"st.text_input(validate={validate!r}): {pattern!r} is not a valid regular "
                                  f"expression ({exc})") from None
    return {"pattern": pattern, "message": message}


def text_input(dg: DeltaGenerator, label: Any, value: Any = "", max_chars: int | None = None, key: Any = None,
               type: str = "default", help: str | None = None, autocomplete: str | None = None,
               on_change: Fn = "rerun", args: Any = None, kwargs: Any = None, *,
               placeholder: str | None = None, disabled: bool = False, required: bool = False,
               label_visibility: str = "visible", icon: str | None = None, validate: Any = None,
               live: Any = False, width: Any = "stretch", bind: str | None = None,
               persist_state: str | None = None) -> str | None:
    """``st.text_input``: a single line of text, committed on Enter or blur (or after a
    pause in typing with ``live``)."""
    text = label_text(label)
    check_choice("text_input", "type", type, TEXT_TYPES)
    check_flag("text_input", "required", required)
    default, coerce = text_rules("text_input", value, max_chars)
    defaults = TYPE_DEFAULTS.get(type, {})
    icon = defaults.get("icon") if icon is None else check_icon("text_input", icon or None)
    placeholder = defaults.get("placeholder") if placeholder is None else (placeholder or None)
    autocomplete = defaults.get("autocomplete") if autocomplete is None else (autocomplete or None)
    rule = _validate(defaults.get("validate") if validate is None else validate)
    live_ms = _live_ms(live)
    cb = callback("text_input", "on_change", on_change, args, kwargs)
    identity = ((max_chars, None if rule is None else rule["pattern"]) if key is not None
                else (text, default, max_chars, type, help, placeholder, None if rule is None else rule["pattern"]))
    current: str | None
    wid, current = register_input(dg, "text_input", label=text, key=key, identity=identity, default=default,
                                  coerce=coerce, callback=cb, disabled=disabled, explicit_default=bool(default),
                                  persist_state=persist_state, bind=bind,
                                  binding=TEXT_BINDING)
    props = common_props("text_input", wid, text, help, disabled, label_visibility, on_change, key, width, None,
                         bind)
    props.update({"value": current, "max_chars": max_chars, "type": type, "placeholder": placeholder,
                  "autocomplete": autocomplete, "required": required, "icon": icon, "validate": rule,
                  "live": live_ms})
    dg.add_element("text_input", props)
    return current


def selectbox(dg: DeltaGenerator, label: Any, options: Iterable[Any], index: int | None = 0,
              format_func: Callable[[Any], Any] = str, key: Any = None, help: str | None = None,
              on_change: Fn = "rerun", args: Any = None, kwargs: Any = None, *,
              placeholder: str | None = None, disabled: bool = False, required: bool = False,
              label_visibility: str = "visible", icon: str | None = None, accept_new_options: bool = False,
              filter_mode: str | None = "fuzzy", width: Any = "stretch", bind: str | None = None,
              persist_state: str | None = None) -> Any:
    """``st.selectbox``: one of ``options`` (the client reports the chosen index, or typed text)."""
    text = label_text(label)
    check_filter_mode("selectbox", filter_mode, accept_new_options)
    check_flag("selectbox", "required", required)
    opts: Sequence[Any] = options_list("selectbox", options)
    labels = format_labels("selectbox", opts, format_func)
    default = check_index("selectbox", index, len(opts))

    def coerce(raw: Any) -> int | str | None:
        if raw is None:
            return None
        if accept_new_options and isinstance(raw, str):
            return _match_new_option(raw, labels)
        if not isinstance(raw, int) or isinstance(raw, bool) or not 0 <= raw < len(opts):
            raise ValueError("index out of range")
        return raw

    def present(chosen: int | str | None) -> Any:
        # What st.session_state[key] shows: the option (or the typed new option).
        return None if chosen is None else chosen if isinstance(chosen, str) else opts[chosen]

    def accept(option: Any) -> int | str | None:
        # A value assigned through st.session_state[key]: an option (not in options: the default).
        if option is None:
            return None
        for i, candidate in enumerate(opts):
            if candidate == option:
                return i
        if accept_new_options and isinstance(option, str):
            return _match_new_option(option, labels)
        raise ValueError("not an option")

    cb = callback("selectbox", "on_change", on_change, args, kwargs)
    identity = ((accept_new_options,) if key is not None
                else (text, tuple(labels), default, help, placeholder, accept_new_options))
    wid, chosen = register_input(dg, "selectbox", label=text, key=key, identity=identity, default=default,
                                 coerce=coerce, callback=cb, present=present, accept=accept, disabled=disabled,
                                 explicit_default=index not in (0, None), persist_state=persist_state, bind=bind,
                                 binding=lambda: option_binding(labels, new_options=accept_new_options))
    props = common_props("selectbox", wid, text, help, disabled or (not opts and not accept_new_options),
                         label_visibility, on_change, key, width, None, bind)
    if not placeholder:
        placeholder = ("Add an option" if accept_new_options and not opts else "No options to select" if not opts
                       else "Choose or add an option" if accept_new_options else "Choose an option")
    props.update({"options": labels, "index": chosen if not isinstance(chosen, str) else None,
                  "placeholder": placeholder, "accept_new_options": bool(accept_new_options),
                  "required": required, "icon": check_icon("selectbox", icon), "filter_mode": filter_mode})
    if isinstance(chosen, str):
        props["new_value"] = chosen
    dg.add_element("selectbox", props)
    return present(chosen)


def _match_new_option(text: str, labels: Sequence[str]) -> int | str:
    """A typed selectbox value: the index of an option with that text (any case), else the text."""
    for i, shown in enumerate(labels):
        if shown.casefold() == text.casefold():
            return i
    return text
