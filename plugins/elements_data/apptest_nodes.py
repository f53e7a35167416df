"""AppTest node classes of the data elements (``at.dataframe``, ``at.data_editor``, ``at.table``, ``at.metric``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kernel.testing.nodes import Element, TestNodeType, prop


class Metric(Element):
    """``st.metric``."""

    value = prop("value", doc="The shown value.")
    label = prop("label", "", str, doc="The metric's label.")
    delta = prop("delta", doc="The delta, if any.")

    @property
    def color(self) -> str | None:
        """The delta's colour (``"green"``, ``"red"``, ``"gray"``, ...)."""
        return self.props.get("delta_color")

    help = prop("help", doc="The tooltip.")


class Dataframe(Element):
    """``st.dataframe``, ``st.data_editor`` and ``st.table``: ``.value`` is a pandas DataFrame.

    A frame the server sends in pages holds only the rows the page shows first; a frame the
    page fetches whole (``whole``) is read from the data channel, all its rows.
    """

    def _rows(self) -> list[list[Any]]:
        url = self.props.get("whole")
        if url:
            from kernel.contracts.data_channel import DATA_PREFIX, data_store
            from kernel_plugins.elements_data._frame_source import rows_from_arrow

            source = data_store(self.tree.app).get(str(url)[len(DATA_PREFIX):])
            if source is not None:
                return rows_from_arrow(source.arrow({}))
        rows: list[list[Any]] = self.props.get("rows", [])
        return rows

    @property
    def value(self) -> Any:
        """The frame's rows (all of them unless the frame is paged), as a pandas DataFrame."""
        import pandas as pd

        columns = [c["name"] for c in self.props.get("columns", [])]
        rows = self._rows()
        info = self.props.get("index") or {}
        index: Any = [row[0] for row in rows]
        if info.get("levels") and len(info.get("tuples", ())) == len(rows):
            index = pd.MultiIndex.from_tuples([tuple(t) for t in info["tuples"]], names=info["levels"])
        # Rows may carry rendered MarkdownColumn cells after the data cells: those are left out.
        frame = pd.DataFrame([row[1:len(columns) + 1] for row in rows], columns=columns, index=index)
        if info.get("name") is not None and not info.get("levels"):
            frame.index.name = info["name"]
        return frame

    @property
    def key(self) -> Any:
        """An editor's user key (the suffix of its id ``data_editor-hash-key``)."""
        parts = str(self.props.get("id", "")).split("-", 2)
        return self.props.get("key", parts[2] if len(parts) == 3 else None)

    @property
    def editing_mode(self) -> str:
        """``"read_only"`` for st.dataframe/st.table, else the editor's ``num_rows``."""
        return str(self.props.get("num_rows", "fixed")) if self.props.get("editable") else "read_only"

    @property
    def nrows(self) -> int:
        """Rows of the whole frame (more than ``len(value)`` when paged)."""
        return int(self.props.get("nrows", len(self.props.get("rows", []))))

    def set_value(self, value: Any) -> Dataframe:
        """Not simulated, as in Streamlit's AppTest: set the edit state in session state instead."""
        from kernel.testing import AppTestError

        raise AppTestError(
            "data_editor edits are not simulated; assign {'edited_rows': ..., 'added_rows': ..., "
            "'deleted_rows': ...} to at.session_state[key] before run() instead"
        )

    def edit_cell(self, row: int, column: str, value: Any) -> Dataframe:
        """Edit the cell at row position ``row`` of ``column`` of an st.data_editor, as a double-click
        and the cell's editor do in the browser (a SelectboxColumn's option, a MultiselectColumn's list):
        the edit joins the editor's earlier (and staged) ones and goes through the same checks (a value the column
        does not offer, or a disabled column, is dropped). Takes effect at the next ``run()`` (a kernel
        addition: Streamlit's AppTest edits only through ``session_state``)."""
        from kernel.testing import AppTestError

        wid = self.props.get("id")
        if not self.props.get("editable") or not wid:
            raise AppTestError("edit_cell needs an st.data_editor")
        if column not in [c.get("name") for c in self.props.get("columns", [])]:
            raise AppTestError(f"no column {column!r} in this editor")
        edits = self.tree._pending.get(wid) or self.props.get("edits") or {}
        edited = {str(k): dict(v) for k, v in (edits.get("edited_rows") or {}).items()}
        edited.setdefault(str(row), {})[column] = value
        self.tree._stage(wid, {"edited_rows": edited, "added_rows": list(edits.get("added_rows") or []),
                               "deleted_rows": list(edits.get("deleted_rows") or [])})
        return self

    def click_button(self, row: int, column: str, label: str | None = None) -> Dataframe:
        """Click a button of a keyed ``ButtonColumn``: the one labelled ``label`` in the cell at
        row position ``row`` of ``column`` (``None``: the cell's value, for a one-button cell).
        Takes effect at the next ``run()``, like a widget action (a kernel addition: Streamlit's
        AppTest cannot click one)."""
        from kernel.testing import AppTestError
        from kernel_plugins.elements_data._button_columns import cell_labels

        entry = next((c for c in self.props.get("columns", []) if c.get("name") == column), None)
        if entry is None or (entry.get("config") or {}).get("type") != "button":
            buttons = [c["name"] for c in self.props.get("columns", []) if (c.get("config") or {}).get("type") ==
                       "button"]
            raise AppTestError(f"no ButtonColumn {column!r} in this grid; its button columns: {buttons or 'none'}")
        wid = entry.get("button_id")
        if not wid:
            raise AppTestError(f"ButtonColumn {column!r} has no key, so its buttons do nothing: give it key=...")
        if label is None:
            frame = self.value
            if not 0 <= row < len(frame):
                raise AppTestError(f"row {row} is not among the {len(frame)} rows this grid sent")
            labels = cell_labels(frame[column].iloc[row])
            if len(labels) != 1:
                raise AppTestError(f"the cell at row {row} has the buttons {labels}: pass label= to say which")
            label = labels[0]
        self.tree._stage(wid, {"row": row, "label": label})
        self.tree._stage(wid, True, trigger=True)
        return self


NODE_TYPES: Sequence[TestNodeType] = (
    TestNodeType("metric", Metric, ("metric",)),
    TestNodeType("table", Dataframe, ("table",), type_name="arrow_table"),
    TestNodeType("dataframe", Dataframe, ("dataframe", "data_editor"), lambda p: bool(p.get("editable")),
                 type_name="arrow_data_frame"),
    TestNodeType("dataframe", Dataframe, ("dataframe",), type_name="arrow_data_frame"),
)
