"""Layout containers: container, expander, tabs, popover."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kernel.contracts import DeltaGenerator
from plugins.delta_generator._markdown import render_inline
from plugins.delta_generator.elements._inputs import WidgetArgumentError, check_choice, width_prop

HERE = Path(__file__).parent
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
             type: str = "default", width: Any = "stretch") -> DeltaGenerator:
    """``st.expander``: a collapsible container, closed unless ``expanded``."""
    text = "" if label is None else str(label)
    if not text:
        raise WidgetArgumentError("st.expander(label=''): an expander needs a label to click on")
    check_choice("expander", "type", type, ("default", "compact", "step"))
    props: dict[str, Any] = {"label": render_inline(text), "label_text": text, "expanded": bool(expanded),
                             "icon": icon, "type": type, "width": width_prop("expander", width)}
    if key is not None:
        props["key"] = key
    return dg.add_block("expander", props)


def tabs(dg: DeltaGenerator, tabs: Any, *, width: Any = "stretch", default: str | None = None,
         key: Any = None) -> list[DeltaGenerator]:
    """``st.tabs``: one container per label; the page shows one at a time (all of them run)."""
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
    props: dict[str, Any] = {"labels": [render_inline(t) for t in labels], "label_texts": labels,
                             "default": active, "width": width_prop("tabs", width)}
    if key is not None:
        props["key"] = key
    bar = dg.add_block("tabs", props)
    return [bar.add_block("container", {"tab": i, "label_text": text}) for i, text in enumerate(labels)]


def popover(dg: DeltaGenerator, label: Any, *, type: str = "secondary", help: str | None = None,
            icon: str | None = None, disabled: bool = False, use_container_width: bool | None = None,
            width: Any = "content", key: Any = None) -> DeltaGenerator:
    """``st.popover``: a button that opens a floating container."""
    text = "" if label is None else str(label)
    check_choice("popover", "type", type, ("primary", "secondary", "tertiary"))
    props: dict[str, Any] = {"label": render_inline(text), "label_text": text, "type": type, "help": help,
                             "icon": icon, "disabled": bool(disabled),
                             "stretch": bool(use_container_width) or width == "stretch"}
    if key is not None:
        props["key"] = key
    return dg.add_block("popover", props)


RENDERERS = {"container": HERE / "container.js", "expander": HERE / "expander.js", "tabs": HERE / "tabs.js",
             "popover": HERE / "popover.js"}
COMMANDS = {"container": container, "expander": expander, "tabs": tabs, "popover": popover}
