"""``st.dataframe``, ``st.data_editor`` (read-only for now) and ``st.table``.

Every grid element carries its columns, row count and the rows of its first screen as JSON
(they draw without a fetch, and AppTest reads them); the other rows travel as Arrow IPC over
the data side channel (``/_kernel/data/<id>``, see :mod:`._frame_source`):

* a small frame (at most :data:`INLINE_CELLS` cells, or no more rows than the first screen)
  travels whole inside the element;
* a medium one (at most :data:`EAGER_CELLS` cells) is fetched whole, as one Arrow table, right
  after the element arrives (``whole``): the grid sorts and edits it in the browser;
* a large one (more than :data:`EAGER_CELLS` cells, or ``lazy=True`` past :data:`LAZY_MIN_ROWS`
  rows) stays on the server, and the browser reads pages of it (``source``), sorted on the
  server, as the user scrolls.

The URLs are keyed by the frame's content, so an unchanged frame keeps its URL and its element
is not resent on a rerun. ``lazy=False`` (and ``st.table``) keep every row inline as JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from kernel.context import get_run_context
from kernel.contracts import DeltaGenerator
from kernel.elements import argument_error as fail
from kernel.elements import check_choice, check_height, check_on_select, check_width, container_width, to_frame
from kernel_plugins.elements_data._button_columns import PRIVATE as BUTTON_PRIVATE
from kernel_plugins.elements_data._button_columns import register_button_columns
from kernel_plugins.elements_data._editing import NUM_ROWS, apply_edits, choices_of, like_input, register_editor
from kernel_plugins.elements_data._frames import add_markdown_html, column_format, column_type, rows, rows_json
from kernel_plugins.elements_data._identity import frame_digest, shown_columns
from kernel_plugins.elements_data._selection import register_selection, selection_modes
from kernel_plugins.elements_data.column_config import ButtonColumnResult

EAGER_CELLS = 100_000
"""Frames with at most this many cells are sent whole; larger ones are paged."""
INLINE_CELLS = 5_000
"""Frames with at most this many cells carry all their rows inside the element; larger ones sent
whole carry their first screen, and the page fetches all rows as one Arrow table."""
WHOLE_BYTES = 16 << 20
"""Largest Arrow table of a whole frame the page fetches at once; a larger frame is paged."""
INLINE_BYTES = 4 << 20
"""Largest JSON of rows a grid element carries; a frame whose rows take more is paged (unless ``lazy=False``)."""
LAZY_MIN_ROWS = 1_000
"""``lazy=True`` still sends frames of at most this many rows whole."""
PAGE_ROWS = 200
"""Rows per page the browser asks for (and rows in the first page sent with the element)."""
ROW_HEIGHT = 35
"""Default row height of the grid in pixels (as in the renderer)."""
FIRST_PAGE_MARGIN = 10
TABLE_MAX_ROWS = 10_000


def _hide_index(frame: Any, hide_index: bool | None) -> bool:
    if hide_index is not None:
        return bool(hide_index)
    import pandas as pd

    return isinstance(frame.index, pd.RangeIndex)


def _config_for(column_config: Mapping[Any, Any], name: Any, position: int) -> Any:
    if name in column_config:
        return column_config[name]
    if str(name) in column_config:
        return column_config[str(name)]
    return column_config.get(position)


def _columns(command: str, frame: Any, column_order: Iterable[Any] | None,
             column_config: Mapping[Any, Any] | None) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    config = dict(column_config or {})
    known = {str(c) for c in frame.columns}
    for key in config:
        if key != "_index" and not isinstance(key, int) and str(key) not in known:
            raise fail(command, "column_config", {key: "..."}, f"there is no column {key!r}; columns are "
                       + ", ".join(repr(c) for c in known))
    order = None
    if column_order is not None:
        if isinstance(column_order, str):
            column_order = [column_order]
        order = [str(c) for c in column_order]
        missing = [c for c in order if c not in known]
        if missing:
            raise fail(command, "column_order", list(column_order), f"no such column(s): {', '.join(missing)}")
    columns = []
    for position, name in enumerate(frame.columns):
        cfg = _config_for(config, name, position)
        button = None
        if isinstance(cfg, ButtonColumnResult):
            button, cfg = cfg, cfg.config
        if isinstance(cfg, str):
            cfg = {"label": cfg}
        elif cfg is not None and not isinstance(cfg, Mapping):
            raise fail(command, "column_config", {name: cfg}, "map a column to None (hide it), a label or a "
                       "st.column_config.* object")
        series = frame.iloc[:, position]
        entry: dict[str, Any] = {"name": str(name), "type": column_type(series)}
        fmt = column_format(series, entry["type"])
        if fmt is not None:
            entry["format"] = fmt
        hidden = cfg is None and _config_for(config, name, position) is None and (
            str(name) in config or name in config or position in config)
        if cfg:
            entry["config"] = {k: v for k, v in cfg.items() if v is not None}
        if button is not None:
            entry[BUTTON_PRIVATE] = button
        if hidden or (order is not None and str(name) not in order):
            entry["hidden"] = True
        columns.append(entry)
    index_cfg = config.get("_index")
    index_type = column_type(frame.index.to_series()) if frame.index.nlevels == 1 else "str"
    index: dict[str, Any] = {"name": None if frame.index.name is None else str(frame.index.name),
             "type": index_type,
             "config": dict(index_cfg) if isinstance(index_cfg, Mapping) else
             ({"label": index_cfg} if isinstance(index_cfg, str) else None)}
    index_format = column_format(frame.index.to_series(), index_type) if frame.index.nlevels == 1 else None
    if index_format is not None:
        index["format"] = index_format
    if order is not None:
        by_name = {c["name"]: i for i, c in enumerate(columns)}
        index["order"] = [by_name[c] for c in order]
    return columns, index


def _markdown_positions(columns: list[dict[str, Any]]) -> list[int]:
    """Row positions of MarkdownColumn cells; each such column learns where its rendered HTML
    travels (``html_at``: appended after the data cells of every row)."""
    positions = [i + 1 for i, c in enumerate(columns) if c.get("config", {}).get("type") == "markdown"]
    for k, position in enumerate(positions):
        columns[position - 1]["html_at"] = len(columns) + 1 + k
    return positions


def index_tuples(frame: Any, count: int) -> list[list[Any]]:
    """The first ``count`` entries of ``frame``'s MultiIndex, each a JSON-ready list of its levels."""
    levels = frame.index[:count].to_frame(index=False)
    levels.columns = [f"l{i}" for i in range(levels.shape[1])]
    result: list[list[Any]] = json.loads(levels.to_json(orient="values", date_format="iso", date_unit="ms",
                                                        default_handler=str))
    return result


def first_page_rows(height: Any, row_height: int | None) -> int:
    """Rows a paged grid sends with its element: what its first screen shows, plus a margin."""
    if isinstance(height, int) and not isinstance(height, bool):
        return height // (row_height or ROW_HEIGHT) + FIRST_PAGE_MARGIN
    return (20 if height == "stretch" else 10) + FIRST_PAGE_MARGIN


def frame_props(command: str, data: Any, *, hide_index: bool | None, column_order: Any, column_config: Any,
                lazy: bool | None = None, page_rows: int = PAGE_ROWS, first_rows: int = PAGE_ROWS) -> dict[str, Any]:
    """The data part of a grid element: columns, index, row count, and all rows or the first page plus a source."""
    if column_config is not None and not isinstance(column_config, Mapping):
        raise fail(command, "column_config", column_config, "use a dict from column name (or position) to a "
                   "label, None or a st.column_config.* object")
    if lazy is not None and not isinstance(lazy, bool):
        raise fail(command, "lazy", lazy, "use True, False or None")
    frame = to_frame(command, data)
    if frame.columns.nlevels > 1:
        if lazy:
            raise fail(command, "lazy", lazy, "frames with MultiIndex column headers can't be paged")
        frame = frame.set_axis([" / ".join(map(str, c)) for c in frame.columns], axis=1)
    nrows, ncols = frame.shape
    columns, index = _columns(command, frame, column_order, column_config)
    index["hidden"] = _hide_index(frame, hide_index)
    paged = bool(lazy) and nrows > LAZY_MIN_ROWS if lazy is not None else nrows * max(ncols, 1) > EAGER_CELLS
    props: dict[str, Any] = {"columns": columns, "index": index, "nrows": nrows, "source": None,
                             "page_rows": page_rows}
    markdown = _markdown_positions(columns)
    whole = None
    if not paged and lazy is None and nrows > first_rows and nrows * max(ncols, 1) > INLINE_CELLS \
            and frame.index.nlevels == 1 and get_run_context() is not None:
        props["whole"] = _whole_url(frame, markdown)
        if props["whole"] is not None:
            from kernel.contracts.data_channel import DATA_CLIENT_URL

            props["client"] = DATA_CLIENT_URL
            props["rows"] = rows(frame, 0, first_rows)
            if markdown:
                add_markdown_html(props["rows"], markdown)
            return props
        del props["whole"]
    if not paged:
        whole = rows_json(frame, 0, nrows)
        # A frame of few cells can still be large (long texts): past INLINE_BYTES it is paged too,
        # so no element comes near the WebSocket message limit.
        if lazy is None and len(whole) > INLINE_BYTES:
            paged, whole = True, None
    if paged:
        ctx = get_run_context()
        if ctx is None:
            raise fail(command, "data", "<large frame>", "large frames can only be shown while a script runs")
        from kernel.contracts.data_channel import DATA_CLIENT_URL
        from kernel.elements import add_data
        from kernel_plugins.elements_data._frame_source import FrameSource

        # Keyed by content: the same frame keeps its URL (and its sort orders) from run to run.
        props["source"] = add_data(FrameSource(frame, markdown=markdown),
                                   f"grid:{frame_digest(frame)}:{markdown}")
        props["client"] = DATA_CLIENT_URL
        props["rows"] = rows(frame, 0, min(page_rows, first_rows))
    else:
        props["rows"] = json.loads(whole or "[]")
    if markdown:
        add_markdown_html(props["rows"], markdown)
    if frame.index.nlevels > 1:
        # The grid shows a MultiIndex as one joined label; its levels travel apart so that a
        # test (AppTest's Dataframe.value) gets the MultiIndex back.
        index["levels"] = [None if n is None else str(n) for n in frame.index.names]
        index["tuples"] = index_tuples(frame, len(props["rows"]))
    return props


def _whole_url(frame: Any, markdown: list[int]) -> str | None:
    """The data channel URL of all of a frame's rows as one Arrow table; ``None`` when no plugin
    serves the data channel, or when the table is larger than :data:`WHOLE_BYTES` (then it is paged)."""
    import hashlib

    from kernel.contracts.data_channel import DataNotServedError
    from kernel.elements import add_data
    from kernel_plugins.elements_data._frame_source import whole_frame

    blob = whole_frame(frame, markdown)
    if len(blob.data) > WHOLE_BYTES:
        return None
    try:
        return add_data(blob, "grid-whole:" + hashlib.blake2b(blob.data, digest_size=20).hexdigest())
    except DataNotServedError:  # the data_channel plugin is off: every row inline, as JSON
        return None


def _row_height(command: str, row_height: Any) -> int | None:
    if row_height is not None and (isinstance(row_height, bool) or not isinstance(row_height, int) or row_height < 10):
        raise fail(command, "row_height", row_height, "use an int of at least 10 (px) or None")
    return row_height


def dataframe(dg: DeltaGenerator, data: Any = None, width: Any = "stretch", height: Any = "auto", *,
              use_container_width: bool | None = None, hide_index: bool | None = None, column_order: Any = None,
              column_config: Any = None, key: Any = None, on_select: Any = "ignore",
              selection_mode: Any = "multi-row", selection_default: Any = None, row_height: int | None = None,
              placeholder: str | None = None, lazy: bool | None = None, alt: str | None = None) -> Any:
    """``st.dataframe``: an interactive grid -- sort by a column, scroll; large frames paged.

    With ``on_select="rerun"`` or a callable the grid is a widget: the user selects rows,
    columns or cells (``selection_mode``) and the call returns the selection.
    """
    selecting = check_on_select("dataframe", on_select)
    modes = selection_modes(selection_mode)
    height = check_height("dataframe", height, ("auto", "content", "stretch"))
    row_height = _row_height("dataframe", row_height)
    props = frame_props("dataframe", data, hide_index=hide_index, column_order=column_order,
                        column_config=column_config, lazy=lazy, first_rows=first_page_rows(height, row_height))
    register_button_columns(dg, props, lambda: to_frame("dataframe", data))
    props.update({
        "width": container_width("dataframe", width, use_container_width),
        "height": height,
        "row_height": row_height,
        "placeholder": placeholder,
        "editable": False,
        "alt": alt,
    })
    if not selecting:
        return dg.add_element("dataframe", props)
    names = [c["name"] for c in props["columns"]]
    shape = () if key is not None else (frame_digest(to_frame("dataframe", data)), hide_index, shown_columns(props),
                                        props["width"], height, row_height, placeholder)
    wid, state = register_selection(dg, key=key, on_select=on_select, modes=modes,
                                    selection_default=selection_default, nrows=props["nrows"], names=names,
                                    shape=shape)
    props.update({"id": wid, "selection_mode": list(modes), "selection": state["selection"]})
    dg.add_element("dataframe", props)
    return state


def data_editor(dg: DeltaGenerator, data: Any, *, width: Any = "stretch", height: Any = "auto",
                use_container_width: bool | None = None, hide_index: bool | None = None, column_order: Any = None,
                column_config: Any = None, num_rows: str = "fixed", disabled: Any = False, key: Any = None,
                on_change: Any = "rerun", args: Any = None, kwargs: Any = None, row_height: int | None = None,
                placeholder: str | None = None, alt: str | None = None) -> Any:
    """``st.data_editor``: an editable grid; returns the data with the user's edits, in the input's type.

    Double-click (or Enter on) a cell to edit it; ``num_rows`` "dynamic"/"add" allow adding
    rows, "dynamic"/"delete" deleting them. The edits (Streamlit's ``edited_rows``,
    ``added_rows``, ``deleted_rows``) are the widget's state, ``st.session_state[key]``.
    """
    check_choice("data_editor", "num_rows", num_rows, NUM_ROWS)
    if isinstance(disabled, str) or not (isinstance(disabled, bool) or isinstance(disabled, Iterable)):
        raise fail("data_editor", "disabled", disabled, "use True, False or an iterable of column names")
    if key == "":
        raise fail("data_editor", "key", key, "use a non-empty str or an int, or leave it out")
    if on_change not in ("rerun", "ignore", None) and not callable(on_change):
        raise fail("data_editor", "on_change", on_change, "use a callable, 'rerun', 'ignore' or None")
    frame = to_frame("data_editor", data)
    height = check_height("data_editor", height, ("auto", "content", "stretch"))
    row_height = _row_height("data_editor", row_height)
    props = frame_props("data_editor", frame, hide_index=hide_index, column_order=column_order,
                        column_config=column_config, first_rows=first_page_rows(height, row_height))
    register_button_columns(dg, props, lambda: frame)
    names = [c["name"] for c in props["columns"]]
    if isinstance(disabled, bool):
        frozen: set[str] | bool = disabled
    else:
        frozen = {names[d] if isinstance(d, int) and 0 <= d < len(names) else str(d) for d in disabled}
        unknown = frozen - set(names)
        if unknown:
            raise fail("data_editor", "disabled", disabled, f"no such column(s): {', '.join(sorted(unknown))}")
    for column in props["columns"]:
        config = column.get("config") or {}
        if frozen is True or (not isinstance(frozen, bool) and column["name"] in frozen) or config.get("disabled"):
            column["disabled"] = True
    types = {c["name"]: c["type"] for c in props["columns"] if not c.get("disabled")}
    width = container_width("data_editor", width, use_container_width)
    shape = () if key is not None else (frame_digest(frame), hide_index, shown_columns(props), width, height,
                                        row_height, placeholder)
    wid, state = register_editor(dg, key=key, on_change=on_change, args=args, kwargs=kwargs,
                                 nrows=props["nrows"], types=types, num_rows=num_rows, disabled=frozen, shape=shape,
                                 choices=choices_of([c for c in props["columns"] if not c.get("disabled")]))
    props.update({
        "id": wid,
        "width": width,
        "height": height,
        "row_height": row_height,
        "placeholder": placeholder,
        "editable": True,
        "num_rows": num_rows,
        "edits": {"edited_rows": {str(k): v for k, v in state["edited_rows"].items()},
                  "added_rows": state["added_rows"], "deleted_rows": state["deleted_rows"]},
        "alt": alt,
    })
    dg.add_element("dataframe", props)
    if not (state["edited_rows"] or state["added_rows"] or state["deleted_rows"]):
        return data
    return like_input(data, apply_edits(frame, state))


def styler_html(styler: Any) -> str:
    """A pandas Styler as sanitized HTML, with a stable id so an unchanged table is not sent again."""
    import hashlib

    from kernel.elements import sanitize_html

    html = str(styler.to_html())
    uuid = str(getattr(styler, "uuid", "") or "")
    if uuid:
        stable = "k" + hashlib.blake2b(html.replace(uuid, "").encode(), digest_size=6).hexdigest()
        html = html.replace(uuid, stable)
    return sanitize_html(html)


def _markdown_cells(props: dict[str, Any]) -> None:
    """Render text cells, the index and headers of a table as inline Markdown (HTML escaped)."""
    from kernel.elements import render_inline

    text_positions = [0] if props["index"]["type"] in ("str", "object") else []
    text_positions += [i + 1 for i, c in enumerate(props["columns"]) if c["type"] in ("str", "object")]
    for row in props["rows"]:
        for position in text_positions:
            if isinstance(row[position], str):
                row[position] = render_inline(row[position])
    for column in props["columns"]:
        column["html"] = render_inline(column["name"])
        column["markdown"] = column["type"] in ("str", "object")
    props["index"]["markdown"] = bool(text_positions and text_positions[0] == 0)


def table(dg: DeltaGenerator, data: Any = None, *, border: Any = True, width: Any = "stretch",
          height: Any = "content", hide_index: bool | None = None, hide_header: bool | None = None,
          alt: str | None = None) -> DeltaGenerator:
    """``st.table``: a static table; cells, index and headers may hold Markdown."""
    if border not in (True, False, "horizontal"):
        raise fail("table", "border", border, "use True, False or 'horizontal'")
    frame = to_frame("table", data)
    if frame.shape[0] > TABLE_MAX_ROWS:
        raise fail("table", "data", f"<{frame.shape[0]} rows>", f"st.table shows at most {TABLE_MAX_ROWS} rows; "
                   "use st.dataframe for large data (it pages and scrolls)")
    props = frame_props("table", frame, hide_index=hide_index, column_order=None, column_config=None, lazy=False)
    if hide_header is None:
        import pandas as pd

        hide_header = not isinstance(data, pd.DataFrame | pd.Series) and isinstance(frame.columns, pd.RangeIndex)
    _markdown_cells(props)
    if type(data).__name__ == "Styler" and hasattr(data, "to_html"):
        props["styler_html"] = styler_html(data)
    props.update({"border": border, "hide_header": bool(hide_header), "width": check_width("table", width),
                  "height": check_height("table", height), "alt": alt})
    return dg.add_element("table", props)
