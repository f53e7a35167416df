"""Layout containers: container, expander, tabs, popover."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kernel.contracts import BlockWrapper, DeltaGenerator
from kernel.contracts.markup import render_inline
from kernel.contracts.session_state import EMBED_PARAMS
from kernel.elements import Binding, register_widget
from kernel.elements import check_icon as _check_icon
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


def _bound(command: str, bind: Any, key: Any) -> bool:
    """Whether ``bind`` asks to mirror the container's state in the URL (which needs a key)."""
    if bind not in (None, "query-params") or isinstance(bind, bool):
        raise WidgetArgumentError(f"st.{command}(bind={bind!r}): bind must be None or 'query-params'")
    if bind is not None and key is None:
        raise WidgetArgumentError(f"st.{command}(bind={bind!r}) needs a key: the URL parameter is named after it; "
                                  "pass key='...' as well")
    if bind is not None and str(key).lower() in EMBED_PARAMS:
        raise WidgetArgumentError(f"st.{command}(key={key!r}, bind={bind!r}): the URL parameter {key!r} is reserved "
                                  "for embedding the app; bind it with another key")
    return bind is not None


def _tracking(command: str, dg: DeltaGenerator, key: Any, on_change: Fn, args: Any, kwargs: Any,
              identity: tuple[Any, ...], default: Any, coerce: Callable[[Any], Any],
              binding: Binding | None = None) -> tuple[str | None, Any]:
    """Register the open state of a container as a widget when ``on_change`` asks for tracking
    (or ``binding`` mirrors it in the URL, which tracks it too)."""
    options = callback_options(command, on_change, args, kwargs)
    if on_change in ("ignore", None) and binding is None:
        return None, None
    return register_widget(dg, command, label=str(identity[0]), key=key,
                           identity=() if key is not None else identity, default=default, coerce=coerce,
                           accept=coerce, bind=binding, **options)


def _parse_open(texts: list[str]) -> bool:
    text = texts[-1].lower()
    if text not in ("true", "false"):
        raise ValueError(f"{texts[-1]!r} is not true or false")
    return text == "true"


OPEN_BINDING = Binding(to_url=lambda v: ["true" if v else "false"], from_url=_parse_open)
"""An expander's open state in the URL: ``true``/``false``."""

LABEL_BINDING = Binding(to_url=lambda v: [str(v)], from_url=lambda texts: texts[-1])
"""The active tab's label in the URL."""


def _strict_bool(raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise TypeError("expected a bool")
    return raw


def container(dg: DeltaGenerator, *, border: bool | None = None, key: Any = None, width: Any = "stretch",
              height: Any = "content", horizontal: bool = False, wrap: bool = True, horizontal_alignment: str = "left",
              vertical_alignment: str = "top", gap: Any = "small", autoscroll: bool | None = None) -> DeltaGenerator:
    """``st.container``: holds several elements; a fixed ``height`` scrolls (and gets a border by default).

    ``autoscroll``: a container of fixed height keeps its end in view as content arrives
    (``True``), never (``False``), or when it holds chat messages (``None``).
    """
    if autoscroll is not None and not isinstance(autoscroll, bool):
        raise WidgetArgumentError(f"st.container(autoscroll={autoscroll!r}): autoscroll must be True, False or None")
    h = _height("container", height)
    check_choice("container", "horizontal_alignment", horizontal_alignment, ("left", "center", "right", "distribute"))
    check_choice("container", "vertical_alignment", vertical_alignment, ("top", "center", "bottom", "distribute"))
    if key == "":
        raise WidgetArgumentError("st.container(key=''): key must be a non-empty string or int, or None")
    shown_border = isinstance(h, int) if border is None else bool(border)
    props: dict[str, Any] = {"border": shown_border, "height": h, "width": width_prop("container", width),
                             "horizontal": bool(horizontal), "halign": horizontal_alignment,
                             "valign": vertical_alignment, "gap": _gap("container", gap), "wrap": bool(wrap),
                             "autoscroll": autoscroll}
    if key is not None:
        props["key"] = key
    return dg.add_block("container", props)


def expander(dg: DeltaGenerator, label: Any, expanded: bool = False, *, key: Any = None, icon: str | None = None,
             type: str = "default", width: Any = "stretch", on_change: Fn = "ignore", args: Any = None,
             kwargs: Any = None, bind: str | None = None) -> TrackedContainer:
    """``st.expander``: a collapsible container, closed unless ``expanded``.

    With ``on_change="rerun"`` (or a callable) opening or closing it reruns the app and
    ``.open`` (and ``st.session_state[key]``) tell whether it is open. ``bind="query-params"``
    (with a key) also tracks it and mirrors the state in the URL parameter named after the key.
    """
    text = "" if label is None else str(label)
    if not text:
        raise WidgetArgumentError("st.expander(label=''): an expander needs a label to click on")
    check_choice("expander", "type", type, ("default", "compact", "step"))
    binding = OPEN_BINDING if _bound("expander", bind, key) else None
    wid, is_open = _tracking("expander", dg, key, on_change, args, kwargs, (text, bool(expanded), icon),
                             bool(expanded), _strict_bool, binding)
    props: dict[str, Any] = {"label": render_inline(text), "label_text": text,
                             "expanded": bool(expanded) if wid is None else bool(is_open),
                             "icon": check_icon("expander", icon), "type": type, "width": width_prop("expander", width),
                             "id": wid, "bind": None if binding is None else str(key)}
    if key is not None:
        props["key"] = key
    return TrackedContainer.at(dg, dg.add_block("expander", props), is_open)


def tabs(dg: DeltaGenerator, tabs: Any, *, width: Any = "stretch", height: Any = "content", default: str | None = None,
         key: Any = None, on_change: Fn = "ignore", args: Any = None, kwargs: Any = None,
         bind: str | None = None) -> list[TrackedContainer]:
    """``st.tabs``: one container per label; the page shows one at a time.

    Untracked (the default) every tab's code runs and ``.open`` is ``None``. With
    ``on_change="rerun"`` (or a callable) switching tabs reruns the app, the value is
    the active tab's label, and each tab's ``.open`` says whether it is the active one.
    ``bind="query-params"`` (with a key) tracks it too and keeps the label in the URL.
    ``height``: ``"content"``, ``"stretch"`` or pixels (the panels scroll).
    """
    h = _height("tabs", height)
    binding = LABEL_BINDING if _bound("tabs", bind, key) else None
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
    if (on_change not in ("ignore", None) or binding is not None) and (len(set(labels)) != len(labels)
                                                                          or "" in labels):
        raise WidgetArgumentError(f"st.tabs(tabs={labels!r}, on_change=...): tracked tabs need unique, non-empty "
                                  "labels")

    def coerce(raw: Any) -> str:
        if raw not in labels:
            raise ValueError("not a tab label")
        return str(raw)

    wid, current = _tracking("tabs", dg, key, on_change, args, kwargs, (tuple(labels), active), labels[active],
                             coerce, binding)
    if wid is not None:
        active = labels.index(current)
    props: dict[str, Any] = {"labels": [render_inline(t) for t in labels], "label_texts": labels,
                             "default": active, "width": width_prop("tabs", width), "height": h, "id": wid,
                             "bind": None if binding is None else str(key)}
    if key is not None:
        props["key"] = key
    bar = dg.add_block("tabs", props)
    return [TrackedContainer.at(bar, bar.add_block("container", {"tab": i, "label_text": text, "tabs_id": wid,
                                                                 "open": None if wid is None else i == active}),
                                None if wid is None else i == active)
            for i, text in enumerate(labels)]


def popover(dg: DeltaGenerator, label: Any, *, type: str = "secondary", help: str | None = None,
            icon: str | None = None, disabled: bool = False, use_container_width: bool | None = None,
            width: Any = "content", wrap: bool | None = None, key: Any = None, on_change: Fn = "ignore",
            args: Any = None, kwargs: Any = None) -> TrackedContainer:
    """``st.popover``: a button that opens a floating container (``.open`` when tracked, as for expanders).

    ``wrap``: the label wraps (``True``), stays on one line cut with an ellipsis (``False``)
    or does so only in horizontal layouts (``None``).
    """
    if wrap is not None and not isinstance(wrap, bool):
        raise WidgetArgumentError(f"st.popover(wrap={wrap!r}): wrap must be True, False or None")
    text = "" if label is None else str(label)
    check_choice("popover", "type", type, ("primary", "secondary", "tertiary"))
    wid, is_open = _tracking("popover", dg, key, on_change, args, kwargs, (text, help, icon, bool(disabled)), False,
                             _strict_bool)
    props: dict[str, Any] = {"label": render_inline(text), "label_text": text, "type": type, "help": help,
                             "icon": check_icon("popover", icon), "disabled": bool(disabled), "id": wid,
                             "open": bool(is_open), "wrap": wrap,
                             "stretch": bool(use_container_width) or width == "stretch"}
    if key is not None:
        props["key"] = key
    return TrackedContainer.at(dg, dg.add_block("popover", props), is_open)
