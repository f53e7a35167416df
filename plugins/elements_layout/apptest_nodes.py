"""AppTest node classes of the layout containers (``kernel_register_test_nodes``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kernel.testing.nodes import Block, Element, TestNodeType, has_prop, prop, prop_is

__all__ = ["NODE_TYPES", "Column", "Expander", "Grid", "GridCell", "LabelledBlock", "Space", "Tab", "Tracked"]


class Column(Block):
    """One column of ``st.columns``."""

    weight = prop("weight", 0.0, float, doc="The column's share of the row's width.")


class LabelledBlock(Block):
    """A container with a label: expander, popover, status, tab."""

    label = prop("label_text", "", str, doc="The label text.")


class Tracked(LabelledBlock):
    """A container that may track whether it is open (``on_change="rerun"`` or a callable)."""

    id = prop("id", doc="The widget id of its open state, if tracked.")

    @property
    def open(self) -> bool | None:
        """Whether it is open (``None`` when not tracked)."""
        if self.id is None:
            return None
        pending = self.tree._pending_value(self.id)
        if isinstance(pending, bool):
            return pending
        return bool(self.props.get("expanded", self.props.get("open", False)))

    def set_open(self, value: bool) -> Tracked:
        """Open (``True``) or close it for the next run; only tracked containers report this."""
        if self.id is None:
            raise ValueError(f"this {self.kind} does not track its state; create it with on_change='rerun'")
        self.tree._stage(self.id, bool(value))
        return self


class Tab(LabelledBlock):
    """One tab of ``st.tabs``."""

    open = prop("open", doc="Whether it is the active tab (``None`` when the tabs do not track it).")

    def select(self) -> Tab:
        """Make this the active tab for the next run (tracked tabs only)."""
        tabs_id = self.props.get("tabs_id")
        if tabs_id is None:
            raise ValueError("these tabs do not track the active tab; create them with on_change='rerun'")
        self.tree._stage(str(tabs_id), self.label)
        return self


class Expander(Tracked):
    """``st.expander``."""

    expanded = prop("expanded", None, bool, doc="Whether it starts open.")
    icon = prop("icon", doc="The icon.")


class Space(Element):
    """``st.space``."""

    size = prop("size", "small", doc="The size: a named size, ``\"stretch\"`` or pixels.")

    @property
    def value(self) -> Any:
        """The size (Streamlit's AppTest gives a space no other value)."""
        return self.size


class Grid(Block):
    """``st.grid``: its settings as the script gave them."""

    column_count = prop("columns", "auto", doc="``columns``: ``\"auto\"`` or the most columns (1-24).")
    min_column_width = prop("min_column_width_arg", "auto", doc="``\"auto\"`` or pixels.")
    wrap = prop("wrap", True, bool, doc="Whether a narrow page shows fewer columns.")
    gap = prop("gap", "small", doc="One gap, or ``[row_gap, column_gap]``.")
    vertical_alignment = prop("valign", "top", str, doc="How cells align in their row.")
    border = prop("border", False, bool, doc="Whether each cell has a border.")
    row_height = prop("row_height", "content", doc="``\"content\"`` or pixels.")
    width = prop("width", "stretch", doc="The grid's width.")
    height = prop("height", "content", doc="The grid's height.")
    dense = prop("dense", False, bool, doc="Whether later cells fill holes.")


class GridCell(Block):
    """A ``grid.cell()``."""

    column_span = prop("column_span", 1, int, doc="How many columns it spans.")
    row_span = prop("row_span", 1, int, doc="How many rows it spans.")


NODE_TYPES: Sequence[TestNodeType] = (
    TestNodeType("columns", Column, ("columns",), prop_is("role", "column"), type_name="column"),
    TestNodeType("columns", Block, ("columns_row",)),
    TestNodeType("container", Tab, ("tabs",), has_prop("tab"), type_name="tab"),
    TestNodeType("container", Block, ("container",)),
    TestNodeType("tabs", Block, ("tab_bar",)),
    TestNodeType("expander", Expander, ("expander",)),
    TestNodeType("popover", Tracked, ("popover",)),
    TestNodeType("space", Space, ("space",)),
    TestNodeType("grid", GridCell, ("grid_cell",), prop_is("role", "cell"), type_name="grid_cell"),
    TestNodeType("grid", Grid, ("grid",)),
)
