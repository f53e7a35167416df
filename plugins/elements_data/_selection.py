"""Selections of ``st.dataframe`` with ``on_select``: the dataframe becomes a widget returning its selection."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from kernel.contracts import DeltaGenerator
from kernel.elements import AttributeDict, register_widget
from kernel.elements import argument_error as fail

SELECTION_MODES = ("multi-row", "single-row", "single-row-required", "single-column", "multi-column",
                   "single-cell", "multi-cell")


def dataframe_state(rows: Iterable[int] = (), columns: Iterable[str] = (),
                    cells: Iterable[tuple[int, str]] = ()) -> AttributeDict:
    """``{"selection": {"rows": [...], "columns": [...], "cells": [...]}}`` with attribute access."""
    return AttributeDict(selection=AttributeDict(rows=list(rows), columns=list(columns),
                                                 cells=[tuple(c) for c in cells]))


def selection_modes(selection_mode: Any) -> tuple[str, ...]:
    """The validated selection modes (one str or an iterable of them)."""
    modes = (selection_mode,) if isinstance(selection_mode, str) else tuple(selection_mode)
    for mode in modes:
        if mode not in SELECTION_MODES:
            raise fail("dataframe", "selection_mode", selection_mode,
                       "use one of " + ", ".join(repr(m) for m in SELECTION_MODES) + " or an iterable of them")
    if sum(m.endswith("-row") or m == "single-row-required" for m in modes) > 1 or \
            sum(m.endswith("-column") for m in modes) > 1 or sum(m.endswith("-cell") for m in modes) > 1:
        raise fail("dataframe", "selection_mode", selection_mode, "give at most one row, one column and one cell mode")
    return modes


def _coercer(nrows: int, names: list[str], modes: tuple[str, ...]) -> Callable[[Any], AttributeDict]:
    def coerce(raw: Any) -> AttributeDict:
        if not isinstance(raw, Mapping):
            raise TypeError("a selection is an object")
        rows = [int(r) for r in raw.get("rows", []) if isinstance(r, int) and 0 <= r < nrows]
        columns = [str(c) for c in raw.get("columns", []) if c in names]
        cells = [(int(c[0]), str(c[1])) for c in raw.get("cells", [])
                 if isinstance(c, list | tuple) and len(c) == 2 and isinstance(c[0], int) and c[1] in names]
        if not any(m.endswith("-row") or m == "single-row-required" for m in modes):
            rows = []
        if not any(m.endswith("-column") for m in modes):
            columns = []
        if not any(m.endswith("-cell") for m in modes):
            cells = []
        if "single-row" in modes or "single-row-required" in modes:
            rows = rows[:1]
        if "single-column" in modes:
            columns = columns[:1]
        if "single-cell" in modes:
            cells = cells[:1]
        return dataframe_state(rows, columns, cells)

    return coerce


def register_selection(dg: DeltaGenerator, *, key: Any, on_select: Any, modes: tuple[str, ...],
                       selection_default: Any, nrows: int, names: list[str],
                       shape: tuple[Any, ...] = ()) -> tuple[str, AttributeDict]:
    """Register the dataframe as a widget; return its id and current selection.

    With a key, the grid stays the same widget while its selection modes stay (Streamlit's
    rule); without one, ``shape`` (the data's digest, the columns as shown, the size: see
    ``_identity``) counts too.
    """
    coerce = _coercer(nrows, names, modes)
    default = dataframe_state()
    if selection_default is not None:
        if not isinstance(selection_default, Mapping) or not isinstance(selection_default.get("selection", {}),
                                                                         Mapping):
            raise fail("dataframe", "selection_default", selection_default,
                       'use {"selection": {"rows": [...], "columns": [...]}}')
        default = coerce(selection_default.get("selection", selection_default))
        if default.selection.cells and "multi-cell" in modes:
            raise fail("dataframe", "selection_default", selection_default,
                       "multi-cell selections can't be set from the script")
    if "single-row-required" in modes and not default.selection.rows and nrows:
        default = dataframe_state([0], default.selection.columns, default.selection.cells)
    identity = (modes,) if key is not None else (modes, tuple(names), nrows, *shape)
    wid, value = register_widget(dg, "dataframe", label="dataframe", key=key, identity=identity, default=default,
                                 coerce=coerce, on_change=on_select if callable(on_select) else None)
    if "single-row-required" in modes and not value.selection.rows and nrows:
        value = dataframe_state([0], value.selection.columns, value.selection.cells)
    return wid, value
