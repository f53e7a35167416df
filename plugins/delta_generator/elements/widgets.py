"""The first widgets: button, checkbox, slider, text_input, selectbox."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from kernel.contracts import DeltaGenerator
from kernel.errors import KernelError
from plugins.delta_generator._markdown import render_inline
from plugins.delta_generator._widgets import Callback, register_widget


class WidgetValueError(KernelError, ValueError):
    """A widget was given parameters that cannot describe a value (e.g. min equals max)."""


def _label(label: Any) -> str:
    return "" if label is None else str(label)


def _callback(fn: Callable[..., Any] | str | None, args: Any, kwargs: Any) -> Callback | None:
    if fn is None or isinstance(fn, str):
        return None
    return Callback(fn, tuple(args or ()), dict(kwargs or {}))


def _common(wid: str, label: str, help: str | None, disabled: bool, label_visibility: str) -> dict[str, Any]:
    return {
        "id": wid,
        "label": render_inline(label),
        "help": help,
        "disabled": bool(disabled),
        "label_visibility": label_visibility,
    }


def button(dg: DeltaGenerator, label: Any, key: Any = None, help: str | None = None,
           on_click: Callable[..., Any] | None = None, args: Any = None, kwargs: Any = None, *,
           type: str = "secondary", icon: str | None = None, disabled: bool = False,
           use_container_width: bool | None = None, width: Any = "content") -> bool:
    """``st.button``: ``True`` only in the run its click started."""
    text = _label(label)
    identity = () if key is not None else (text, help, type, icon, width)
    wid, clicked = register_widget(dg, "button", label=text, key=key, identity=identity, default=False,
                                   coerce=bool, trigger=True, callback=_callback(on_click, args, kwargs),
                                   disabled=disabled)
    props = _common(wid, text, help, disabled, "visible")
    props.update({"type": type, "icon": icon, "stretch": bool(use_container_width) or width == "stretch"})
    dg.add_element("button", props)
    return bool(clicked)


def checkbox(dg: DeltaGenerator, label: Any, value: bool = False, key: Any = None, help: str | None = None,
             on_change: Callable[..., Any] | str | None = None, args: Any = None, kwargs: Any = None, *,
             disabled: bool = False, label_visibility: str = "visible", width: Any = "content") -> bool:
    """``st.checkbox``: a bool."""
    text = _label(label)
    identity = () if key is not None else (text, bool(value), help)
    wid, checked = register_widget(dg, "checkbox", label=text, key=key, identity=identity, default=bool(value),
                                   coerce=_strict_bool, callback=_callback(on_change, args, kwargs),
                                   disabled=disabled, explicit_default=bool(value))
    props = _common(wid, text, help, disabled, label_visibility)
    props["value"] = checked
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
           on_change: Callable[..., Any] | str | None = None, args: Any = None, kwargs: Any = None, *,
           disabled: bool = False, label_visibility: str = "visible", width: Any = "stretch") -> Any:
    """``st.slider``: an int or float (a tuple of two for a range slider); dates and times too."""
    from plugins.delta_generator.elements.dates import temporal_kind, temporal_slider

    temporal = temporal_kind(min_value, max_value, value)
    if temporal is not None:
        return temporal_slider(dg, temporal, label, min_value, max_value, value, step, format, key, help,
                               on_change, args, kwargs, disabled, label_visibility)
    text = _label(label)
    is_range = isinstance(value, list | tuple)
    values = list(value) if is_range else ([] if value is None else [value])
    if is_range and len(values) != 2:
        raise WidgetValueError(f"st.slider value={value!r}: a range slider takes exactly two values")
    numbers = [x for x in (min_value, max_value, step, *values) if x is not None]
    if any(not _number(x) for x in numbers):
        raise WidgetValueError(f"st.slider({text!r}): min_value, max_value, value and step must be numbers "
                               "(date and time sliders are not supported yet)")
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

    identity = (lo, hi, inc) if key is not None else (text, lo, hi, inc, default, format, help)
    wid, current = register_widget(dg, "slider", label=text, key=key, identity=identity, default=default,
                                   coerce=coerce, callback=_callback(on_change, args, kwargs),
                                   disabled=disabled, explicit_default=value is not None)
    props = _common(wid, text, help, disabled, label_visibility)
    props.update({"min": lo, "max": hi, "step": inc, "value": list(current) if is_range else current,
                  "range": is_range, "format": format, "float": is_float})
    dg.add_element("slider", props)
    return current


def text_input(dg: DeltaGenerator, label: Any, value: Any = "", max_chars: int | None = None, key: Any = None,
               type: str = "default", help: str | None = None, autocomplete: str | None = None,
               on_change: Callable[..., Any] | str | None = None, args: Any = None, kwargs: Any = None, *,
               placeholder: str | None = None, disabled: bool = False, label_visibility: str = "visible",
               width: Any = "stretch") -> str | None:
    """``st.text_input``: a single line of text, committed on Enter or blur."""
    text = _label(label)
    default = None if value is None else str(value)
    if default is not None and max_chars is not None:
        default = default[:max_chars]

    def coerce(raw: Any) -> str | None:
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise TypeError("expected a string")
        return raw[:max_chars] if max_chars is not None else raw

    identity = (max_chars,) if key is not None else (text, default, max_chars, type, help, placeholder)
    wid, current = register_widget(dg, "text_input", label=text, key=key, identity=identity, default=default,
                                   coerce=coerce, callback=_callback(on_change, args, kwargs),
                                   disabled=disabled, explicit_default=bool(default))
    props = _common(wid, text, help, disabled, label_visibility)
    props.update({"value": current, "max_chars": max_chars, "type": type, "placeholder": placeholder,
                  "autocomplete": autocomplete})
    dg.add_element("text_input", props)
    return current


def selectbox(dg: DeltaGenerator, label: Any, options: Iterable[Any], index: int | None = 0,
              format_func: Callable[[Any], Any] = str, key: Any = None, help: str | None = None,
              on_change: Callable[..., Any] | str | None = None, args: Any = None, kwargs: Any = None, *,
              placeholder: str | None = None, disabled: bool = False, label_visibility: str = "visible",
              accept_new_options: bool = False, width: Any = "stretch") -> Any:
    """``st.selectbox``: one of ``options`` (the client reports the chosen index, or typed text)."""
    text = _label(label)
    opts: Sequence[Any] = list(options)
    labels = [str(format_func(o)) for o in opts]
    if index is not None and opts and not 0 <= index < len(opts):
        raise WidgetValueError(f"The `index` parameter, set to {index}, is outside the required range "
                               f"[0, {len(opts) - 1}].")
    default = None if (index is None or not opts) else index

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

    identity = ((accept_new_options,) if key is not None
                else (text, tuple(labels), default, help, placeholder, accept_new_options))
    wid, chosen = register_widget(dg, "selectbox", label=text, key=key, identity=identity, default=default,
                                  coerce=coerce, callback=_callback(on_change, args, kwargs), present=present,
                                  accept=accept, disabled=disabled, explicit_default=index not in (0, None))
    props = _common(wid, text, help, disabled or (not opts and not accept_new_options), label_visibility)
    if not placeholder:
        placeholder = ("Add an option" if accept_new_options and not opts else "No options to select" if not opts
                       else "Choose or add an option" if accept_new_options else "Choose an option")
    props.update({"options": labels, "index": chosen if not isinstance(chosen, str) else None,
                  "placeholder": placeholder, "accept_new_options": bool(accept_new_options)})
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
