"""Option widgets in AppTest speak in option objects, as in Streamlit.

The page knows only the options' labels and reports positions; the run that showed the
widget knows the option objects (its widget meta turns positions into them). A test
reads ``.value`` as the script got it (the original objects) and picks options by value;
a label is accepted too when no option equals the value given.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kernel.testing.nodes import Widget

__all__ = ["option_position", "option_values", "present"]


def _labels(node: Widget) -> list[str]:
    return [str(x) for x in node.props.get("options", [])]


def _meta(node: Widget) -> Any:
    return node.tree._widget_meta(node.id)


def option_values(node: Widget, many: bool = False) -> list[Any]:
    """The option objects of the last run, position by position (the labels if that run
    is no longer known). ``many``: the widget's value is a list of positions."""
    labels = _labels(node)
    meta = _meta(node)
    if meta is None:
        return labels
    try:
        if many:
            return [list(meta.present([i]))[0] for i in range(len(labels))]
        return [meta.present(i) for i in range(len(labels))]
    except Exception:  # noqa: BLE001 - a widget whose meta cannot present positions: its labels
        return labels


def present(node: Widget, wire: Any, fallback: Callable[[Any], Any]) -> Any:
    """What the script gets for the wire value ``wire`` (``fallback(wire)`` if the run is gone)."""
    meta = _meta(node)
    if meta is not None:
        try:
            return meta.present(meta.coerce(wire))
        except Exception:  # noqa: BLE001 - not a value of this widget: as the labels say
            pass
    return fallback(wire)


def option_position(node: Widget, option: Any, many: bool = False) -> int:
    """The position of the option equal to ``option`` (else labelled ``str(option)``)."""
    for i, value in enumerate(option_values(node, many)):
        try:
            if value == option:
                return i
        except Exception:  # noqa: BLE001 - exotic equality: try the next one
            continue
    labels = _labels(node)
    if str(option) in labels:
        return labels.index(str(option))
    raise ValueError(f"{option!r} is not an option of this {node.kind}; options: {option_values(node, many)!r}")
