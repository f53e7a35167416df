"""Helpers shared by the Elements II widgets: argument checks, options, common props, state."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from kernel.contracts import DeltaGenerator
from plugins.delta_generator._markdown import render_inline
from plugins.delta_generator._widgets import Callback, register_widget
from plugins.delta_generator.elements.widgets import WidgetValueError

LABEL_VISIBILITIES = ("visible", "hidden", "collapsed")


class WidgetArgumentError(WidgetValueError):
    """A widget command got an argument it cannot use; the message names the parameter."""


def label_text(label: Any) -> str:
    """A widget label as text (``None`` becomes ``""``)."""
    return "" if label is None else str(label)


def check_choice(command: str, name: str, value: Any, allowed: Sequence[Any]) -> None:
    """Raise if ``value`` (the parameter ``name`` of ``st.<command>``) is not one of ``allowed``."""
    if value not in allowed:
        shown = ", ".join(repr(a) for a in allowed)
        raise WidgetArgumentError(f"st.{command}({name}={value!r}): {name} must be one of {shown}")


def check_callable(command: str, name: str, fn: Any, *, modes: Sequence[str] = ("rerun", "ignore")) -> None:
    """Raise unless ``fn`` is ``None``, a callable or one of ``modes``."""
    if fn is None or callable(fn) or (isinstance(fn, str) and fn in modes):
        return
    raise WidgetArgumentError(
        f"st.{command}({name}={fn!r}): {name} must be a function, None or one of {', '.join(map(repr, modes))}"
    )


def callback(command: str, name: str, fn: Any, args: Any, kwargs: Any) -> Callback | None:
    """The :class:`Callback` of ``on_change``/``on_click`` (``None`` for the string modes)."""
    check_callable(command, name, fn)
    if fn is None or isinstance(fn, str):
        return None
    if args is not None and not isinstance(args, list | tuple):
        raise WidgetArgumentError(f"st.{command}(args={args!r}): args must be a tuple or list")
    if kwargs is not None and not isinstance(kwargs, dict):
        raise WidgetArgumentError(f"st.{command}(kwargs={kwargs!r}): kwargs must be a dict")
    return Callback(fn, tuple(args or ()), dict(kwargs or {}))


def common_props(command: str, wid: str, label: str, help: str | None, disabled: bool,
                 label_visibility: str, on_change: Any = "rerun", key: Any = None,
                 width: Any = "stretch") -> dict[str, Any]:
    """The props every labelled widget sends: id, rendered label, help, disabled, visibility, rerun, width."""
    check_choice(command, "label_visibility", label_visibility, LABEL_VISIBILITIES)
    props: dict[str, Any] = {
        "id": wid,
        "label": render_inline(label),
        "label_text": label,
        "help": help,
        "disabled": bool(disabled),
        "label_visibility": label_visibility,
        "rerun": on_change != "ignore",
        "width": width_prop(command, width),
    }
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
    """The position of ``value`` in ``options`` (equality), or an error naming ``name``."""
    for i, option in enumerate(options):
        try:
            if option == value:
                return i
        except Exception:  # noqa: BLE001 - exotic __eq__ (arrays): compare as text instead
            if str(option) == str(value):
                return i
    raise WidgetArgumentError(f"st.{command}({name}={value!r}): {value!r} is not one of the options "
                              f"{list(options)!r}")


def is_index(raw: Any, count: int) -> bool:
    """Whether ``raw`` is a valid option index on the wire."""
    return isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw < count


def width_prop(command: str, width: Any, allowed: Sequence[str] = ("stretch", "content")) -> Any:
    """Validate ``width``: one of ``allowed`` or a positive int of pixels."""
    if isinstance(width, int) and not isinstance(width, bool) and width > 0:
        return width
    if width in allowed:
        return width
    raise WidgetArgumentError(f"st.{command}(width={width!r}): width must be one of "
                              f"{', '.join(map(repr, allowed))} or a positive int (pixels)")


def register_input(dg: DeltaGenerator, kind: str, *, label: str, key: Any, identity: Iterable[Any], default: Any,
                   coerce: Callable[[Any], Any], callback: Callback | None = None, trigger: bool = False,
                   present: Callable[[Any], Any] | None = None, accept: Callable[[Any], Any] | None = None,
                   disabled: bool = False, read_only: bool | None = None) -> tuple[str, Any]:
    """Register an input widget (see :func:`~plugins.delta_generator._widgets.register_widget`), with
    ``present`` (the widget's value -> what ``st.session_state[key]`` shows) and ``accept`` (a value
    assigned in session state -> the widget's value; ``ValueError`` = use the default)."""
    return register_widget(dg, kind, label=label, key=key, identity=identity, default=default, coerce=coerce,
                           callback=callback, trigger=trigger, present=present, accept=accept,
                           disabled=bool(disabled), read_only=read_only)
