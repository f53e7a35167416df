"""Selection widgets: toggle, radio, multiselect, select_slider, pills, segmented_control, feedback, color_picker.

Option widgets send the *positions* of the chosen options over the wire (the page
only knows their labels) and return copies of the options themselves.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from kernel.contracts import DeltaGenerator
from kernel.contracts.markup import render_inline
from kernel_plugins.elements_inputs._inputs import (
    BOOL_BINDING,
    TEXT_BINDING,
    WidgetArgumentError,
    callback,
    check_choice,
    check_filter_mode,
    check_index,
    common_props,
    format_labels,
    is_index,
    label_text,
    option_binding,
    option_index,
    options_list,
    register_input,
    scalar_binding,
)

Fn = Callable[..., Any] | str | None


def _strict_bool(raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise TypeError("expected a bool")
    return raw


def toggle(dg: DeltaGenerator, label: Any, value: bool = False, key: Any = None, help: str | None = None,
           on_change: Fn = "rerun", args: Any = None, kwargs: Any = None, *, disabled: bool = False,
           label_visibility: str = "visible", width: Any = "content", wrap: bool | None = None,
           bind: str | None = None, persist_state: str | None = None) -> bool:
    """``st.toggle``: a switch; returns a bool (same semantics as ``st.checkbox``)."""
    text = label_text(label)
    identity = () if key is not None else (text, bool(value), help)
    cb = callback("toggle", "on_change", on_change, args, kwargs)
    wid, on = register_input(dg, "toggle", label=text, key=key, identity=identity, default=bool(value),
                             coerce=_strict_bool, callback=cb, accept=_strict_bool, disabled=disabled,
                             persist_state=persist_state, bind=bind, binding=BOOL_BINDING)
    props = common_props("toggle", wid, text, help, disabled, label_visibility, on_change, key, width, wrap, bind)
    props["value"] = bool(on)
    dg.add_element("toggle", props)
    return bool(on)


def _single_choice(dg: DeltaGenerator, kind: str, label: Any, options: Any, index: Any,
                   format_func: Any, key: Any, help: str | None, on_change: Fn, args: Any, kwargs: Any,
                   disabled: bool, label_visibility: str, extra: dict[str, Any], width: Any,
                   bind: Any, persist_state: Any) -> Any:
    text = label_text(label)
    opts = options_list(kind, options)
    labels = format_labels(kind, opts, format_func)
    default = check_index(kind, index, len(opts))

    def coerce(raw: Any) -> int | None:
        if raw is None:
            return None
        if not is_index(raw, len(opts)):
            raise ValueError("not an option index")
        return int(raw)

    cb = callback(kind, "on_change", on_change, args, kwargs)
    identity = () if key is not None else (text, tuple(labels), default, help)
    def present(index: int | None) -> Any:
        return None if index is None else copy.copy(opts[index])

    def accept(option: Any) -> int | None:
        return None if option is None else _position(kind, option, opts)

    wid, chosen = register_input(dg, kind, label=text, key=key, identity=identity, default=default,
                                 coerce=coerce, callback=cb, present=present, accept=accept, disabled=disabled,
                                 persist_state=persist_state, bind=bind, binding=lambda: option_binding(labels))
    props = common_props(kind, wid, text, help, disabled or not opts, label_visibility, on_change, key, width,
                         None, bind)
    props.update({"options": labels, "options_html": [render_inline(x) for x in labels], "index": chosen,
                  **extra})
    dg.add_element(kind, props)
    return present(chosen)


def radio(dg: DeltaGenerator, label: Any, options: Any, index: int | None = 0,
          format_func: Callable[[Any], Any] = str, key: Any = None, help: str | None = None,
          on_change: Fn = "rerun", args: Any = None, kwargs: Any = None, *, disabled: bool = False,
          horizontal: bool = False, captions: Any = None, label_visibility: str = "visible",
          width: Any = "content", bind: str | None = None, persist_state: str | None = None) -> Any:
    """``st.radio``: one of ``options`` (or ``None`` with ``index=None``)."""
    caps = [] if captions is None else [render_inline(str(c)) for c in captions]
    return _single_choice(dg, "radio", label, options, index, format_func, key, help, on_change, args, kwargs,
                          disabled, label_visibility, {"horizontal": bool(horizontal), "captions": caps}, width,
                          bind, persist_state)


def multiselect(dg: DeltaGenerator, label: Any, options: Any, default: Any = None,
                format_func: Callable[[Any], Any] = str, key: Any = None, help: str | None = None,
                on_change: Fn = "rerun", args: Any = None, kwargs: Any = None, *, max_selections: int | None = None,
                placeholder: str | None = None, disabled: bool = False, label_visibility: str = "visible",
                accept_new_options: bool = False, filter_mode: str | None = "fuzzy", select_all: Any = 1000,
                width: Any = "stretch", wrap: bool | None = None, bind: str | None = None,
                persist_state: str | None = None) -> list[Any]:
    """``st.multiselect``: a list of options in selection order (typed new options as ``str``)."""
    text = label_text(label)
    check_filter_mode("multiselect", filter_mode, accept_new_options)
    if not isinstance(select_all, bool) and (not isinstance(select_all, int) or select_all < 0):
        raise WidgetArgumentError(f"st.multiselect(select_all={select_all!r}): select_all must be True, False or a "
                                  "non-negative int (show 'Select all' up to that many options)")
    opts = options_list("multiselect", options)
    labels = format_labels("multiselect", opts, format_func)
    if max_selections is not None and (isinstance(max_selections, bool) or not isinstance(max_selections, int)
                                       or max_selections < 1):
        raise WidgetArgumentError(f"st.multiselect(max_selections={max_selections!r}): max_selections must be a "
                                  "positive int or None")
    if default is None:
        wanted: list[Any] = []
    elif isinstance(default, list | tuple | set):
        wanted = list(default)
    else:
        wanted = [default]
    indices = []
    for item in wanted:
        try:
            indices.append(option_index("multiselect", "default", item, opts))
        except WidgetArgumentError:
            raise WidgetArgumentError(f"st.multiselect(default={default!r}): the default value {item!r} is not "
                                      f"part of the options {labels}") from None
    if max_selections is not None and len(indices) > max_selections:
        raise WidgetArgumentError(f"st.multiselect(default={default!r}): {len(indices)} default values are more "
                                  f"than max_selections={max_selections}")

    def coerce(raw: Any) -> list[Any]:
        if not isinstance(raw, list):
            raise TypeError("expected a list")
        out: list[Any] = []
        for item in raw:
            if is_index(item, len(opts)):
                if item not in out:
                    out.append(item)
            elif accept_new_options and isinstance(item, str) and item:
                out.append(item)
            else:
                raise ValueError("not an option")
        return out[:max_selections] if max_selections is not None else out

    cb = callback("multiselect", "on_change", on_change, args, kwargs)
    identity = ((max_selections, accept_new_options) if key is not None
                else (text, tuple(labels), tuple(indices), help, placeholder, max_selections, accept_new_options))
    def present(chosen: list[Any]) -> list[Any]:
        return [copy.copy(opts[c]) if isinstance(c, int) else c for c in chosen]

    def accept(values: Any) -> list[Any]:
        if not isinstance(values, list | tuple):
            raise TypeError("expected a list of options")
        out: list[int | str] = []
        for v in values:
            try:
                out.append(_position("multiselect", v, opts))
            except ValueError:
                if not (accept_new_options and isinstance(v, str)):
                    raise
                out.append(v)
        return out[:max_selections] if max_selections is not None else out

    wid, chosen = register_input(dg, "multiselect", label=text, key=key, identity=identity, default=indices,
                                 coerce=coerce, callback=cb, present=present, accept=accept, disabled=disabled,
                                 persist_state=persist_state, bind=bind,
                                 binding=lambda: option_binding(labels, multi=True, new_options=accept_new_options))
    props = common_props("multiselect", wid, text, help, disabled, label_visibility, on_change, key, width, wrap,
                         bind)
    fits = max_selections is None or max_selections >= len(opts)
    if select_all is True:
        show_all = len(opts) >= 2
    else:
        show_all = select_all is not False and select_all > 1 and 2 <= len(opts) <= select_all
    props.update({"options": labels, "value": chosen, "max_selections": max_selections,
                  "filter_mode": filter_mode, "select_all": show_all and fits,
                  "accept_new_options": bool(accept_new_options),
                  "placeholder": placeholder or ("Choose or add options" if accept_new_options else
                                                 "Choose options")})
    dg.add_element("multiselect", props)
    return present(chosen)


def select_slider(dg: DeltaGenerator, label: Any, options: Any = (), value: Any = None,
                  format_func: Callable[[Any], Any] = str, key: Any = None, help: str | None = None,
                  on_change: Fn = "rerun", args: Any = None, kwargs: Any = None, *, disabled: bool = False,
                  label_visibility: str = "visible", width: Any = "stretch", bind: str | None = None,
                  persist_state: str | None = None) -> Any:
    """``st.select_slider``: one option, or a tuple of two for a range."""
    text = label_text(label)
    opts = options_list("select_slider", options)
    if not opts:
        raise WidgetArgumentError(f"st.select_slider({text!r}, options=...): options must not be empty")
    labels = format_labels("select_slider", opts, format_func)
    is_range = isinstance(value, list | tuple)
    if is_range:
        if len(value) != 2:
            raise WidgetArgumentError(f"st.select_slider(value={value!r}): a range takes exactly two values")
        default: Any = sorted(option_index("select_slider", "value", v, opts) for v in value)
    else:
        default = 0 if value is None else option_index("select_slider", "value", value, opts)

    def coerce(raw: Any) -> Any:
        if is_range:
            if not isinstance(raw, list) or len(raw) != 2 or not all(is_index(x, len(opts)) for x in raw):
                raise TypeError("expected two option indices")
            return sorted(raw)
        if not is_index(raw, len(opts)):
            raise TypeError("expected an option index")
        return raw

    cb = callback("select_slider", "on_change", on_change, args, kwargs)
    identity = () if key is not None else (text, tuple(labels), repr(default), help)
    def present(chosen: Any) -> Any:
        return tuple(copy.copy(opts[i]) for i in chosen) if is_range else copy.copy(opts[chosen])

    def accept(value: Any) -> Any:
        if is_range:
            if not isinstance(value, list | tuple) or len(value) != 2:
                raise ValueError("expected two options")
            return sorted(_position("select_slider", v, opts) for v in value)
        return _position("select_slider", value, opts)

    wid, chosen = register_input(dg, "select_slider", label=text, key=key, identity=identity, default=default,
                                 coerce=coerce, callback=cb, present=present, accept=accept, disabled=disabled,
                                 persist_state=persist_state, bind=bind,
                                 binding=lambda: option_binding(labels, multi=is_range))
    props = common_props("select_slider", wid, text, help, disabled, label_visibility, on_change, key, width,
                         None, bind)
    props.update({"options": labels, "value": chosen, "range": is_range})
    dg.add_element("select_slider", props)
    return present(chosen)


def _button_group(dg: DeltaGenerator, kind: str, label: Any, options: Any, selection_mode: str, default: Any,
                  required: bool, format_func: Any, key: Any, help: str | None, on_change: Fn, args: Any,
                  kwargs: Any, disabled: bool, label_visibility: str, width: Any, wrap: Any, bind: Any,
                  persist_state: Any) -> Any:
    text = label_text(label)
    check_choice(kind, "selection_mode", selection_mode, ("single", "multi"))
    if required and selection_mode == "multi":
        raise WidgetArgumentError(f"st.{kind}(required=True, selection_mode='multi'): required only works with "
                                  "selection_mode='single'")
    opts = options_list(kind, options)
    labels = format_labels(kind, opts, format_func)
    multi = selection_mode == "multi"
    wanted = [] if default is None else (list(default) if isinstance(default, list | tuple | set) else [default])
    if not multi and len(wanted) > 1:
        raise WidgetArgumentError(f"st.{kind}(default={default!r}): selection_mode='single' takes one default")
    indices = []
    for item in wanted:
        try:
            indices.append(option_index(kind, "default", item, opts))
        except WidgetArgumentError:
            raise WidgetArgumentError(f"st.{kind}(default={default!r}): the default value {item!r} is not part "
                                      f"of the options {labels}") from None
    initial: Any = indices if multi else (indices[0] if indices else None)

    def coerce(raw: Any) -> Any:
        if multi:
            if not isinstance(raw, list) or not all(is_index(x, len(opts)) for x in raw):
                raise TypeError("expected a list of option indices")
            return list(dict.fromkeys(raw))
        if raw is None:
            if required and initial is not None:
                raise ValueError("a required selection cannot be cleared")
            return None
        if not is_index(raw, len(opts)):
            raise TypeError("expected an option index")
        return raw

    cb = callback(kind, "on_change", on_change, args, kwargs)
    identity = (selection_mode,) if key is not None else (text, tuple(labels), repr(initial), selection_mode, help)
    def present(chosen: Any) -> Any:
        if multi:
            return [copy.copy(opts[i]) for i in chosen]
        return None if chosen is None else copy.copy(opts[chosen])

    def accept(value: Any) -> Any:
        if multi:
            if not isinstance(value, list | tuple):
                raise TypeError("expected a list of options")
            return list(dict.fromkeys(_position(kind, v, opts) for v in value))
        return None if value is None else _position(kind, value, opts)

    wid, chosen = register_input(dg, kind, label=text, key=key, identity=identity, default=initial,
                                 coerce=coerce, callback=cb, present=present, accept=accept, disabled=disabled,
                                 persist_state=persist_state, bind=bind,
                                 binding=lambda: option_binding(labels, multi=multi))
    props = common_props(kind, wid, text, help, disabled, label_visibility, on_change, key, width, wrap, bind)
    props.update({"options": labels, "options_html": [render_inline(x) for x in labels], "value": chosen,
                  "multi": multi, "required": bool(required)})
    dg.add_element("pills", props | {"segmented": kind == "segmented_control"})
    return present(chosen)


def pills(dg: DeltaGenerator, label: Any, options: Any, *, selection_mode: str = "single", default: Any = None,
          required: bool = False, format_func: Any = None, key: Any = None, help: str | None = None,
          on_change: Fn = "rerun", args: Any = None, kwargs: Any = None, disabled: bool = False,
          label_visibility: str = "visible", width: Any = "content", wrap: bool | None = None,
          bind: str | None = None, persist_state: str | None = None) -> Any:
    """``st.pills``: chips; an option or ``None`` (single) or a list (multi)."""
    return _button_group(dg, "pills", label, options, selection_mode, default, required, format_func, key, help,
                         on_change, args, kwargs, disabled, label_visibility, width, wrap, bind, persist_state)


def segmented_control(dg: DeltaGenerator, label: Any, options: Any, *, selection_mode: str = "single",
                      default: Any = None, required: bool = False, format_func: Any = None, key: Any = None,
                      help: str | None = None, on_change: Fn = "rerun", args: Any = None, kwargs: Any = None,
                      disabled: bool = False, label_visibility: str = "visible", width: Any = "content",
                      wrap: bool | None = None, bind: str | None = None, persist_state: str | None = None) -> Any:
    """``st.segmented_control``: a segmented bar; same values as ``st.pills``."""
    return _button_group(dg, "segmented_control", label, options, selection_mode, default, required, format_func,
                         key, help, on_change, args, kwargs, disabled, label_visibility, width, wrap, bind,
                         persist_state)


INT_BINDING = scalar_binding(int)
"""A whole number in the URL (feedback)."""

FEEDBACK_SIZES = {"thumbs": 2, "faces": 5, "stars": 5}


def feedback(dg: DeltaGenerator, options: str = "thumbs", *, key: Any = None, default: int | None = None,
             disabled: bool = False, on_change: Fn = "rerun", args: Any = None, kwargs: Any = None,
             width: Any = "content", bind: str | None = None, persist_state: str | None = None) -> int | None:
    """``st.feedback``: thumbs (0-1), faces (0-4) or stars (0-4); ``None`` until chosen."""
    check_choice("feedback", "options", options, tuple(FEEDBACK_SIZES))
    size = FEEDBACK_SIZES[options]
    if default is not None and (isinstance(default, bool) or not isinstance(default, int)
                                or not 0 <= default < size):
        raise WidgetArgumentError(f"st.feedback(default={default!r}): with options={options!r} the default must "
                                  f"be an int from 0 to {size - 1}, or None")

    def coerce(raw: Any) -> int | None:
        if raw is None:
            return None
        if not is_index(raw, size):
            raise ValueError("out of range")
        return int(raw)

    cb = callback("feedback", "on_change", on_change, args, kwargs)
    identity = (options,) if key is not None else (options, default)
    chosen: int | None
    wid, chosen = register_input(dg, "feedback", label=options, key=key, identity=identity, default=default,
                                 coerce=coerce, callback=cb, accept=coerce, disabled=disabled,
                                 persist_state=persist_state, bind=bind, binding=INT_BINDING)
    props = common_props("feedback", wid, "", None, disabled, "collapsed", on_change, key, width, None, bind)
    props.update({"options": options, "size": size, "value": chosen})
    dg.add_element("feedback", props)
    return chosen


def _position(command: str, value: Any, options: list[Any]) -> int:
    """The position of ``value`` among ``options`` (a value assigned through session state)."""
    try:
        return option_index(command, "value", value, options)
    except WidgetArgumentError:
        raise ValueError(f"{value!r} is not an option") from None


HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def color_picker(dg: DeltaGenerator, label: Any, value: str | None = None, key: Any = None,
                 help: str | None = None, on_change: Fn = "rerun", args: Any = None, kwargs: Any = None, *,
                 disabled: bool = False, label_visibility: str = "visible", width: Any = "content",
                 bind: str | None = None, persist_state: str | None = None) -> str:
    """``st.color_picker``: a ``#rrggbb`` string."""
    text = label_text(label)
    if value is None:
        value = "#000000"
    if not isinstance(value, str) or not HEX.match(value):
        raise WidgetArgumentError(f"st.color_picker(value={value!r}): {value!r} is not a valid hex code for "
                                  "colors; use '#RGB' or '#RRGGBB', e.g. '#00f' or '#0000ff'")
    default = value

    def coerce(raw: Any) -> str:
        if not isinstance(raw, str) or not HEX.match(raw):
            raise ValueError("not a hex color")
        return raw

    cb = callback("color_picker", "on_change", on_change, args, kwargs)
    identity = () if key is not None else (text, default, help)
    wid, current = register_input(dg, "color_picker", label=text, key=key, identity=identity, default=default,
                                  coerce=coerce, callback=cb, accept=coerce, disabled=disabled,
                                  persist_state=persist_state, bind=bind,
                                  binding=TEXT_BINDING)
    props = common_props("color_picker", wid, text, help, disabled, label_visibility, on_change, key, width,
                         None, bind)
    props["value"] = str(current)  # as given ("#ABC" stays so, as in Streamlit); the renderer expands it
    dg.add_element("color_picker", props)
    return str(current)
