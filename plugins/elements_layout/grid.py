"""``st.grid``: a responsive grid whose direct children each take one cell, and ``grid.cell``."""

from __future__ import annotations

from typing import Any

from kernel.contracts import BlockWrapper, DeltaGenerator
from kernel_plugins.elements_layout._args import LayoutArgumentError, check_choice, width_prop
from kernel_plugins.elements_layout.containers import _gap, _height

MAX_COLUMNS = 24
AUTO_MIN_WIDTH = 200
"""Pixels: the smallest column width ``min_column_width="auto"`` stands for."""


def _positive(command: str, name: str, value: Any, *, most: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1 or (most is not None and value > most):
        bound = f" from 1 to {most}" if most is not None else " of at least 1"
        raise LayoutArgumentError(f"st.{command}({name}={value!r}): {name} must be an int{bound}")
    return value


class GridContainer(BlockWrapper):
    """What ``st.grid`` returns: a container whose direct children each occupy one cell.

    ``with grid:`` or ``grid.text(...)`` adds one cell per element; :meth:`cell` adds a cell
    that groups several elements and may span several columns or rows.
    """

    __slots__ = ()

    def cell(self, *, column_span: int = 1, row_span: int = 1) -> DeltaGenerator:
        """A cell spanning ``column_span`` columns and ``row_span`` rows, holding any elements."""
        columns = _positive("grid.cell", "column_span", column_span, most=MAX_COLUMNS)
        rows = _positive("grid.cell", "row_span", row_span)
        return self.add_block("grid", {"role": "cell", "column_span": columns, "row_span": rows})

    def __repr__(self) -> str:
        return f"GridContainer(root={self.root!r}, path={self.path!r})"


def grid(dg: DeltaGenerator, columns: int | str = "auto", *, min_column_width: int | str = "auto", wrap: bool = True,
         gap: Any = "small", vertical_alignment: str = "top", border: bool = False, row_height: int | str = "content",
         width: Any = "stretch", height: Any = "content", key: Any = None, dense: bool = False) -> GridContainer:
    """``st.grid``: as many columns as fit (``"auto"``) or at most ``columns`` (1-24).

    Columns are at least ``min_column_width`` wide (``"auto"``: about 200 px); with
    ``wrap=True`` a narrow page shows fewer than ``columns``. ``gap`` is one size or
    ``(row_gap, column_gap)``; ``row_height`` is ``"content"`` or pixels; ``dense`` lets
    later cells fill holes left by spanning ones.
    """
    count = columns if columns == "auto" else _positive("grid", "columns", columns, most=MAX_COLUMNS)
    least = min_column_width if min_column_width == "auto" else _positive("grid", "min_column_width",
                                                                          min_column_width)
    rows = row_height if row_height == "content" else _positive("grid", "row_height", row_height)
    check_choice("grid", "vertical_alignment", vertical_alignment, ("top", "center", "bottom"))
    for name, flag in (("wrap", wrap), ("border", border), ("dense", dense)):
        if not isinstance(flag, bool):
            raise LayoutArgumentError(f"st.grid({name}={flag!r}): {name} must be True or False")
    if isinstance(gap, tuple | list):
        if len(gap) != 2:
            raise LayoutArgumentError(f"st.grid(gap={gap!r}): give one gap or a (row_gap, column_gap) pair")
        gaps = [_gap("grid", g) for g in gap]
    else:
        gaps = [_gap("grid", gap)] * 2
    if key == "":
        raise LayoutArgumentError("st.grid(key=''): key must be a non-empty string or int, or None")
    props: dict[str, Any] = {
        "role": "grid", "columns": count, "min_column_width": least if least != "auto" else AUTO_MIN_WIDTH,
        "min_column_width_arg": least, "wrap": wrap, "row_gap": gaps[0], "column_gap": gaps[1],
        "gap": list(gap) if isinstance(gap, tuple | list) else gap, "valign": vertical_alignment,
        "border": border, "row_height": rows, "width": width_prop("grid", width), "height": _height("grid", height),
        "dense": dense,
    }
    if key is not None:
        props["key"] = key
    return GridContainer(dg.add_block("grid", props))
