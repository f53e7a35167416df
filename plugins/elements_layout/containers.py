"""Layout containers: container, expander, tabs, popover."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kernel.contracts import BlockWrapper, DeltaGenerator
from kernel.contracts.markup import render_inline
from kernel.elements import check_icon as _check_icon
from kernel.elements import register_widget
from kernel_plugins.elements_layout._args import LayoutArgumentError as WidgetArgumentError
from kernel_plugins.elements_layout._args import callback_options, check_choice, width_prop


def check_icon(command: str, icon: Any) -> str | None:
    """``icon`` if it is an emoji, a known ``:material/name:`` or None; else a LayoutArgumentError."""
    return _check_icon(command, icon, error=WidgetArgumentError)


GAPS = ("xxsmall", "xsmall", "small", "medium", "large", "xlarge", "xxlarge")


def _height(command: str, height: Any) -> int | str:
    if height in ("content", "stretch"):
        return str(height)
    if isinstance(height, int) and not isinstance(height, bool) and height > 0:
        return height
    raise WidgetArgumentError(f"st.{command}(height={height!r}): height must be 'content', 'stretch' or a "
                              "positive int (pixels; the content scrolls)")


def _gap(command: str, gap: Any) -> Any:
    if gap is None or gap in GAPS or (isinstance(gap, int) and not isinstance(gap, bool) and gap >= 0):
        return gap
    raise WidgetArgumentError(f"st.{command}(gap={gap!r}): gap must be one of {', '.join(GAPS)}, an int (px) or None")


Fn = Callable[..., Any] | str | None


class TrackedContainer(BlockWrapper):
    """An expander, popover or tab: a container whose ``open`` says whether the user has it open.

    ``open`` is ``None`` unless the container tracks its state (``on_change="rerun"`` or
    a callable), in which case toggling it reruns the script. It writes into the block
    the delta generator in use added (any delta generator's), like any container.
    """

    __slots__ = ("open",)

    def __init__(self, block: DeltaGenerator, open: bool | None) -> None:
        super().__init__(block)
        self.open = open

    @classmethod
    def at(cls, dg: DeltaGenerator, block: DeltaGenerator, open: bool | None) -> TrackedContainer:
        """A tracked container for ``block`` (just added under ``dg``)."""
        return cls(block, open)

    def __repr__(self) -> str:
        return f"TrackedContainer(root={self.root!r}, path={self.path!r}, open={self.open!r})"


def _tracking(command: str, dg: DeltaGenerator, key: Any, on_change: Fn, args: Any, kwargs: Any,
              identity: tuple[Any, ...], default: Any, coerce: Callable[[Any], Any]) -> tuple[str | None, Any]:
    """Register the open state of a container as a widget when ``on_change`` asks for tracking."""
    options = callback_options(command, on_change, args, kwargs)
    if on_change in ("ignore", None):
        return None, None
    return register_widget(dg, command, label=str(identity[0]), key=key,
                           identity=() if key is not None else identity, default=default, coerce=coerce,
                           accept=coerce, **options)


def _strict_bool(raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise TypeError("expected a bool")
    return raw


def container(dg: DeltaGenerator, *, border: bool | None = None, key: Any = None, width: Any = "stretch",
              height: Any = "content", horizontal: bool = False, horizontal_alignment: str = "left",
              vertical_alignment: str = "top", gap: Any = "small", wrap: bool = True) -> DeltaGenerator:
    """``st.container``: holds several elements; a fixed ``height`` scrolls (and gets a border by default)."""
    h = _height("container", height)
    check_choice("container", "horizontal_alignment", horizontal_alignment, ("left", "center", "right", "distribute"))
    check_choice("container", "vertical_alignment", vertical_alignment, ("top", "center", "bottom", "distribute"))
    if key == "":
        raise WidgetArgumentError("st.container(key=''): key must be a non-empty string or int, or None")
    shown_border = isinstance(h, int) if border is None else bool(border)
    props: dict[str, Any] = {"border": shown_border, "height": h, "width": width_prop("container", width),
                             "horizontal": bool(horizontal), "halign": horizontal_alignment,
                             "valign": vertical_alignment, "gap": _gap("container", gap), "wrap": bool(wrap)}
    if key is not None:
        props["key"] = key
    return dg.add_block("container", props)


def expander(dg: DeltaGenerator, label: Any, expanded: bool = False, *, key: Any = None, icon: str | None = None,
             type: str = "default", width: Any = "stretch", on_change: Fn = "ignore", args: Any = None,
             kwargs: Any = None) -> TrackedContainer:
    """``st.expander``: a collapsible container, closed unless ``expanded``.

    With ``on_change="rerun"`` (or a callable) opening or closing it reruns the app and
    ``.open`` (and ``st.session_state[key]``) tell whether it is open.
    """
    text = "" if label is None else str(label)
    if not text:
        raise WidgetArgumentError("st.expander(label=''): an expander needs a label to click on")
    check_choice("expander", "type", type, ("default", "compact", "step"))
    wid, is_open = _tracking("expander", dg, key, on_change, args, kwargs, (text, bool(expanded), icon),
                             bool(expanded), _strict_bool)
    props: dict[str, Any] = {"label": render_inline(text), "label_text": text,
                             "expanded": bool(expanded) if wid is None else bool(is_open),
                             "icon": check_icon("expander", icon), "type": type, "width": width_prop("expander", width),
                             "id": wid}
    if key is not None:
        props["key"] = key
    return TrackedContainer.at(dg, dg.add_block("expander", props), is_open)


def tabs(dg: DeltaGenerator, tabs: Any, *, width: Any = "stretch", default: str | None = None,
         key: Any = None, on_change: Fn = "ignore", args: Any = None, kwargs: Any = None) -> list[TrackedContainer]:
    """``st.tabs``: one container per label; the page shows one at a time.

    Untracked (the default) every tab's code runs and ``.open`` is ``None``. With
    ``on_change="rerun"`` (or a callable) switching tabs reruns the app, the value is
    the active tab's label, and each tab's ``.open`` says whether it is the active one.
    """
    if isinstance(tabs, str):
        raise WidgetArgumentError(f"st.tabs(tabs={tabs!r}): tabs must be a list of labels, e.g. ['One', 'Two']")
    labels = [str(t) for t in tabs]
    if not labels:
        raise WidgetArgumentError("st.tabs(tabs=[]): give at least one tab label")
    active = 0
    if default is not None:
        if default not in labels:
            raise WidgetArgumentError(f"st.tabs(default={default!r}): default must be one of the labels {labels}")
        active = labels.index(default)
    if on_change not in ("ignore", None) and (len(set(labels)) != len(labels) or "" in labels):
        raise WidgetArgumentError(f"st.tabs(tabs={labels!r}, on_change=...): tracked tabs need unique, non-empty "
                                  "labels")

    def coerce(raw: Any) -> str:
        if raw not in labels:
            raise ValueError("not a tab label")
        return str(raw)

    wid, current = _tracking("tabs", dg, key, on_change, args, kwargs, (tuple(labels), active), labels[active],
                             coerce)
    if wid is not None:
        active = labels.index(current)
    props: dict[str, Any] = {"labels": [render_inline(t) for t in labels], "label_texts": labels,
                             "default": active, "width": width_prop("tabs", width), "id": wid}
    if key is not None:
        props["key"] = key
    bar = dg.add_block("tabs", props)
    return [TrackedContainer.at(bar, bar.add_block("container", {"tab": i, "label_text": text, "tabs_id": wid,
                                                                 "open": None if wid is None else i == active}),
                                None if wid is None else i == active)
            for i, text in enumerate(labels)]


def popover(dg: DeltaGenerator, label: Any, *, type: str = "secondary", help: str | None = None,
            icon: str | None = None, disabled: bool = False, use_container_width: bool | None = None,
            width: Any = "content", key: Any = None, on_change: Fn = "ignore", args: Any = None,
            kwargs: Any = None) -> TrackedContainer:
    """``st.popover``: a button that opens a floating container (``.open`` when tracked, as for expanders)."""
    text = "" if label is None else str(label)
    check_choice("popover", "type", type, ("primary", "secondary", "tertiary"))
    wid, is_open = _tracking("popover", dg, key, on_change, args, kwargs, (text, help, icon, bool(disabled)), False,
                             _strict_bool)
    props: dict[str, Any] = {"label": render_inline(text), "label_text": text, "type": type, "help": help,
                             "icon": check_icon("popover", icon), "disabled": bool(disabled), "id": wid,
                             "open": bool(is_open),
                             "stretch": bool(use_container_width) or width == "stretch"}
    if key is not None:
        props["key"] = key
    return TrackedContainer.at(dg, dg.add_block("popover", props), is_open)
