"""Helpers shared by the input widgets of this plugin: argument checks, options, common props, state."""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from kernel import KernelAPIException
from kernel.context import get_run_context
from kernel.contracts import DeltaGenerator
from kernel.contracts.markup import render_inline
from kernel.contracts.session_state import EMBED_PARAMS
from kernel.elements import PERSIST_MODES, Binding, check_callback, check_one_of, check_pixel_width, register_widget
from kernel.elements import WidgetCallback as Callback
from kernel.elements import check_icon as _check_icon

LABEL_VISIBILITIES = ("visible", "hidden", "collapsed")
BUTTON_TYPES = ("primary", "secondary", "tertiary")
ICON_POSITIONS = ("left", "right")
SHORTCUT_MODIFIERS = {"alt": "alt", "option": "alt", "ctrl": "ctrl", "control": "ctrl", "cmd": "meta",
                      "command": "meta", "meta": "meta", "mod": "mod", "shift": "shift"}
SHORTCUT_KEYS = {
    # how a key is named in a shortcut (lowercase) -> KeyboardEvent.key (lowercase)
    "enter": "enter", "return": "enter", "escape": "escape", "esc": "escape", "space": " ", "tab": "tab",
    "backspace": "backspace", "delete": "delete", "del": "delete", "home": "home", "end": "end",
    "pageup": "pageup", "pagedown": "pagedown", "up": "arrowup", "down": "arrowdown", "left": "arrowleft",
    "right": "arrowright", "arrowup": "arrowup", "arrowdown": "arrowdown", "arrowleft": "arrowleft",
    "arrowright": "arrowright", **{f"f{n}": f"f{n}" for n in range(1, 13)},
}
BIND_MODES = (None, "query-params")
FILTER_MODES = ("fuzzy", "contains", "prefix", None)


class WidgetValueError(KernelAPIException, ValueError):
    """A widget was given parameters that cannot describe a value (e.g. min equals max)."""


class WidgetArgumentError(WidgetValueError):
    """A widget command got an argument it cannot use; the message names the parameter."""


def label_text(label: Any) -> str:
    """A widget label as text (``None`` becomes ``""``)."""
    return "" if label is None else str(label)


check_choice = functools.partial(check_one_of, error=WidgetArgumentError)
check_icon = functools.partial(_check_icon, error=WidgetArgumentError)
"""Raise unless ``value`` (the parameter ``name`` of ``st.<command>``) is one of ``allowed``
(:func:`kernel.elements.check_one_of` raising :class:`WidgetArgumentError`)."""

callback = functools.partial(check_callback, error=WidgetArgumentError)
"""The :class:`Callback` of ``on_change``/``on_click`` (``None`` for the string modes)
(:func:`kernel.elements.check_callback` raising :class:`WidgetArgumentError`)."""

width_prop = functools.partial(check_pixel_width, error=WidgetArgumentError)
"""Validate ``width``: one of ``allowed`` or a positive int of pixels
(:func:`kernel.elements.check_pixel_width` raising :class:`WidgetArgumentError`)."""


def check_callable(command: str, name: str, fn: Any, *, modes: Sequence[str] = ("rerun", "ignore")) -> None:
    """Raise unless ``fn`` is ``None``, a callable or one of ``modes``."""
    callback(command, name, fn, None, None, modes=modes)


def check_flag(command: str, name: str, value: Any, *, none: bool = False) -> bool | None:
    """``value`` if it is a bool (or ``None`` when ``none``), else an error naming ``name``."""
    if isinstance(value, bool) or (none and value is None):
        return value
    raise WidgetArgumentError(f"st.{command}({name}={value!r}): {name} must be True or False"
                              + (" or None" if none else ""))


def check_wrap(command: str, wrap: Any) -> bool | None:
    """``wrap``: ``True`` (the label may wrap), ``False`` (one line, cut with an ellipsis) or
    ``None`` (one line in horizontal layouts such as columns, else wrapping)."""
    return check_flag(command, "wrap", wrap, none=True)


def check_bind(command: str, bind: Any, key: Any) -> bool:
    """Whether ``bind`` asks for the query-parameter binding (which needs a key)."""
    if bind not in BIND_MODES or isinstance(bind, bool):
        raise WidgetArgumentError(f"st.{command}(bind={bind!r}): bind must be None or 'query-params'")
    if bind is not None and key is None:
        raise WidgetArgumentError(f"st.{command}(bind={bind!r}) needs a key: the URL parameter is named after it; "
                                  "pass key='...' as well")
    if bind is not None and str(key).lower() in EMBED_PARAMS:
        raise WidgetArgumentError(f"st.{command}(key={key!r}, bind={bind!r}): the URL parameter {key!r} is reserved "
                                  "for embedding the app; bind a widget with another key")
    return bind is not None


def check_filter_mode(command: str, filter_mode: Any, accept_new_options: Any) -> None:
    """``filter_mode`` of an option widget: one of :data:`FILTER_MODES`; ``None`` (no typing)
    cannot go with ``accept_new_options`` (a bool)."""
    check_choice(command, "filter_mode", filter_mode, FILTER_MODES)
    check_flag(command, "accept_new_options", accept_new_options)
    if filter_mode is None and accept_new_options:
        raise WidgetArgumentError(f"st.{command}(filter_mode=None, accept_new_options=True): typing a new option "
                                  "needs a filter mode; use filter_mode='fuzzy', 'contains' or 'prefix'")


def check_persist(command: str, persist_state: Any, key: Any) -> str | None:
    """``persist_state``: ``None``, ``"page"`` or ``"session"`` (the last two need a key)."""
    if persist_state not in PERSIST_MODES or isinstance(persist_state, bool):
        raise WidgetArgumentError(f"st.{command}(persist_state={persist_state!r}): persist_state must be None, "
                                  "'page' or 'session'")
    if persist_state is not None and key is None:
        raise WidgetArgumentError(f"st.{command}(persist_state={persist_state!r}) needs a key: pass key='...' "
                                  "as well")
    return persist_state  # type: ignore[no-any-return]


def callback_options(cb: Callback | None) -> dict[str, Any]:
    """``cb`` as the ``on_change``, ``args`` and ``kwargs`` of :func:`kernel.elements.register_widget`."""
    if cb is None:
        return {}
    return {"on_change": cb.fn, "args": cb.args, "kwargs": cb.kwargs}


def common_props(command: str, wid: str, label: str, help: str | None, disabled: bool,
                 label_visibility: str, on_change: Any = "rerun", key: Any = None,
                 width: Any = "stretch", wrap: Any = None, bind: str | None = None) -> dict[str, Any]:
    """The props every labelled widget sends: id, rendered label, help, disabled, visibility,
    rerun (``False`` for ``on_change="ignore"``), width, wrap and (when bound) the URL parameter."""
    # Every widget passes here: the checks are called only when a cheaper test cannot
    # tell that the value is fine (they raise, or return the value unchanged).
    if label_visibility not in LABEL_VISIBILITIES:
        check_choice(command, "label_visibility", label_visibility, LABEL_VISIBILITIES)
    if type(width) is not str or width not in _WIDTHS:
        width = width_prop(command, width)
    if wrap is not None and type(wrap) is not bool:
        check_wrap(command, wrap)
    props: dict[str, Any] = {
        "id": wid,
        "label": render_inline(label),
        "label_text": label,
        "help": help,
        "disabled": bool(disabled),
        "label_visibility": label_visibility,
        "rerun": on_change != "ignore",
        "width": width,
        "wrap": wrap,
    }
    if key is not None:
        props["key"] = key
    if bind is not None and check_bind(command, bind, key):
        props["bind"] = str(key)
    return props


_WIDTHS = ("stretch", "content")
"""The widths :data:`width_prop` allows by default."""


def parse_shortcut(command: str, shortcut: Any) -> dict[str, Any] | None:
    """A keyboard shortcut such as ``"K"``, ``"Ctrl+K"`` or ``"Cmd+Shift+O"`` as
    ``{"key", "alt", "ctrl", "meta", "mod", "shift", "text"}`` for the page (``Mod`` is Cmd
    on macOS and Ctrl elsewhere); ``C`` and ``R`` are the page's own keys."""
    if shortcut is None:
        return None
    bad = f"st.{command}(shortcut={shortcut!r}): "
    if not isinstance(shortcut, str) or not shortcut.strip():
        raise WidgetArgumentError(bad + "shortcut must be a string such as 'K', 'Enter' or 'Ctrl+Shift+K'")
    parts = [p.strip() for p in shortcut.split("+")]
    *mods, key = parts
    out: dict[str, Any] = {"alt": False, "ctrl": False, "meta": False, "mod": False, "shift": False}
    for mod in mods:
        name = SHORTCUT_MODIFIERS.get(mod.lower())
        if name is None:
            raise WidgetArgumentError(bad + f"{mod!r} is not a modifier; use Alt/Option, Ctrl, Cmd/Meta, Mod or "
                                      "Shift")
        out[name] = True
    low = key.lower()
    if low in SHORTCUT_KEYS:
        out["key"] = SHORTCUT_KEYS[low]
    elif len(key) == 1 and key.isalnum() and key.isascii():
        if low in ("c", "r"):
            raise WidgetArgumentError(bad + "the keys C and R are reserved by the page; pick another key")
        out["key"] = low
    else:
        raise WidgetArgumentError(bad + f"{key!r} is not a supported key; use a letter, a digit or a named key "
                                  "such as Enter, Escape, Space, Tab, arrows or F1-F12 (punctuation is not "
                                  "supported)")
    out["text"] = "+".join(parts)
    return out


def button_props(command: str, wid: str | None, label: str, help: str | None, disabled: bool, key: Any, *,
                 type: str, icon: str | None, icon_position: str, use_container_width: bool | None, width: Any,
                 shortcut: Any, wrap: Any) -> dict[str, Any]:
    """The props of a button-like widget (button, download/link/submit buttons)."""
    check_choice(command, "type", type, BUTTON_TYPES)
    check_choice(command, "icon_position", icon_position, ICON_POSITIONS)
    check_icon(command, icon)
    if use_container_width is not None:
        width = "stretch" if use_container_width else ("content" if width == "stretch" else width)
    props: dict[str, Any] = {
        "label": render_inline(label), "label_text": label, "help": help, "disabled": bool(disabled),
        "type": type, "icon": icon, "icon_position": icon_position, "width": width_prop(command, width),
        "stretch": width == "stretch", "shortcut": parse_shortcut(command, shortcut), "wrap": check_wrap(command, wrap),
    }
    if wid is not None:
        props["id"] = wid
    if key is not None:
        props["key"] = key
    return props


def options_list(command: str, options: Any) -> list[Any]:
    """``options`` as a list: any iterable; a DataFrame-like gives its first column; a dict its keys."""
    if options is None:
        return []
    if isinstance(options, str | bytes):
        raise WidgetArgumentError(f"st.{command}(options={options!r}): options must be a list or other "
                                  "iterable of choices, not a single string")
    columns = getattr(options, "columns", None)
    if columns is not None and hasattr(options, "iloc"):
        return list(options.iloc[:, 0]) if len(columns) else []
    try:
        return list(options)
    except TypeError:
        raise WidgetArgumentError(f"st.{command}(options={options!r}): options must be iterable") from None


def format_labels(command: str, options: Iterable[Any], format_func: Callable[[Any], Any] | None) -> list[str]:
    """The shown text of each option."""
    fn = str if format_func is None else format_func
    if not callable(fn):
        raise WidgetArgumentError(f"st.{command}(format_func={format_func!r}): format_func must be callable")
    return [str(fn(o)) for o in options]


def check_index(command: str, index: Any, count: int) -> int | None:
    """Validate a preselected ``index`` for ``count`` options."""
    if index is None:
        return None
    if isinstance(index, bool) or not isinstance(index, int):
        raise WidgetArgumentError(f"st.{command}(index={index!r}): index must be an int or None")
    if count == 0:
        return None
    if not 0 <= index < count:
        raise WidgetArgumentError(
            f"st.{command}: the `index` parameter, set to {index}, is outside the required range [0, {count - 1}]."
        )
    return index


def option_index(command: str, name: str, value: Any, options: Sequence[Any]) -> int:
    """The position of ``value`` in ``options`` (equality), or an error naming ``name``.

    An Enum member of an earlier run's class (the script defines its classes anew on
    every run) matches the member of the same name as ``[runner] enum_coercion`` says.
    """
    for i, option in enumerate(options):
        try:
            if option == value:
                return i
        except Exception:  # noqa: BLE001 - exotic __eq__ (arrays): compare as text instead
            if str(option) == str(value):
                return i
    if isinstance(value, enum.Enum):
        for i, option in enumerate(options):
            if isinstance(option, enum.Enum) and same_enum_member(value, option, enum_coercion()):
                return i
    raise WidgetArgumentError(f"st.{command}({name}={value!r}): {value!r} is not one of the options "
                              f"{list(options)!r}")


def enum_coercion() -> str:
    """``[runner] enum_coercion`` of the running app (``"nameOnly"`` outside a run)."""
    ctx = get_run_context()
    section = ctx.app.config.sections.get("runner") if ctx is not None else None
    return str(getattr(section, "enum_coercion", "nameOnly"))


def same_enum_member(old: enum.Enum, new: enum.Enum, mode: str) -> bool:
    """Whether ``old`` (of an earlier run's Enum class) stands for ``new`` under ``mode``."""
    old_cls, new_cls = type(old), type(new)
    if mode == "off" or old_cls is new_cls or old_cls.__qualname__ != new_cls.__qualname__ or old.name != new.name:
        return False
    old_members, new_members = old_cls.__members__, new_cls.__members__
    if set(old_members) != set(new_members):
        return False
    if mode == "nameAndValue":
        return all(old_members[n].value == new_members[n].value for n in old_members)
    return True


def is_index(raw: Any, count: int) -> bool:
    """Whether ``raw`` is a valid option index on the wire."""
    return isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw < count


def text_rules(command: str, value: Any, max_chars: Any) -> tuple[str | None, Callable[[Any], str | None]]:
    """For a text widget: the checked default (``None`` stays ``None``; cut to ``max_chars``)
    and the coercion of a client (or session-state) value."""
    if max_chars is not None and (isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 1):
        raise WidgetArgumentError(f"st.{command}(max_chars={max_chars!r}): max_chars must be a positive int or None")
    default = None if value is None else str(value)[:max_chars]

    def coerce(raw: Any) -> str | None:
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise TypeError("expected a string")
        return raw[:max_chars]

    return default, coerce


def register_input(dg: DeltaGenerator, kind: str, *, label: str, key: Any, identity: Iterable[Any], default: Any,
                   coerce: Callable[[Any], Any], callback: Callback | None = None, trigger: bool = False,
                   present: Callable[[Any], Any] | None = None, accept: Callable[[Any], Any] | None = None,
                   disabled: bool = False, read_only: bool | None = None, persist_state: Any = None,
                   bind: Any = None, binding: Binding | Callable[[], Binding] | None = None,
                   explicit_default: bool = False) -> tuple[str, Any]:
    """Register an input widget (see :func:`kernel.elements.register_widget`), with
    ``present`` (the widget's value -> what ``st.session_state[key]`` shows) and ``accept`` (a value
    assigned in session state -> the widget's value; ``ValueError`` = use the default).
    ``persist_state`` and ``bind`` are the command's parameters (checked here); ``binding``
    says how the value looks in the URL when ``bind="query-params"``: a :class:`Binding`, or a
    function making one from the call's data (options...), called only for a bound widget so
    that the others do not pay for it."""
    persist = None if persist_state is None else check_persist(kind, persist_state, key)
    bound: Binding | None = None
    if bind is not None and check_bind(kind, bind, key):
        if binding is None:
            raise WidgetArgumentError(f"st.{kind}(bind={bind!r}): this widget cannot be bound to a query parameter")
        bound = binding if isinstance(binding, Binding) else binding()
    return register_widget(dg, kind, label=label, key=key, identity=identity, default=default, coerce=coerce,
                           trigger=trigger, present=present, accept=accept,
                           disabled=bool(disabled), read_only=read_only, persist=persist,
                           bind=bound, explicit_default=explicit_default, **callback_options(callback))


# -- how values look in the URL (bind="query-params") --------------------------------------


def scalar_binding(parse: Callable[[str], Any], show: Callable[[Any], str] = str) -> Binding:
    """One parameter value: ``show(value)`` in the URL, ``parse(text)`` back (empty = ``None``)."""
    return Binding(to_url=lambda v: [""] if v is None else [show(v)],
                   from_url=lambda values: None if values[-1] == "" else parse(values[-1]))


def parse_bool(text: str) -> bool:
    """``"true"``/``"false"`` (any case) as a bool."""
    low = text.lower()
    if low not in ("true", "false"):
        raise ValueError(f"{text!r} is not true or false")
    return low == "true"


def show_bool(value: Any) -> str:
    """A bool as it appears in the URL."""
    return "true" if value else "false"


def parse_number(text: str) -> int | float:
    """A number from the URL (an int when it has no fraction)."""
    try:
        return int(text)
    except ValueError:
        return float(text)


def option_binding(labels: Sequence[str], *, multi: bool = False, new_options: bool = False) -> Binding:
    """Option widgets whose value is a position (or a list of them; typed text with
    ``new_options``): the URL shows the options' labels, repeated for several."""

    def position(text: str) -> int | str:
        if text in labels:
            return labels.index(text)
        if new_options and text:
            return text
        raise ValueError(f"{text!r} is not an option")

    def name(chosen: Any) -> str:
        return chosen if isinstance(chosen, str) else labels[chosen]

    if multi:
        return Binding(to_url=lambda v: [name(c) for c in v] if v else [""],
                       from_url=lambda values: [position(t) for t in values if t != ""])
    return Binding(to_url=lambda v: [""] if v is None else [name(v)],
                   from_url=lambda values: None if values[-1] == "" else position(values[-1]))


BOOL_BINDING = scalar_binding(parse_bool, show_bool)
"""A bool in the URL: ``true``/``false`` (checkbox, toggle)."""

NUMBER_BINDING = scalar_binding(parse_number)
"""A number in the URL (slider, number_input; empty = ``None``)."""

TEXT_BINDING = Binding(to_url=lambda v: ["" if v is None else v], from_url=lambda texts: texts[-1])
"""Text as is in the URL (text_input, text_area, color_picker; the last of repeated values)."""
