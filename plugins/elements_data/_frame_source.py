"""Pages of a large frame the grid reads over the data side channel, as Arrow IPC, sorted on the server if asked.

A paged ``st.dataframe``/``st.data_editor`` keeps its frame in a :class:`FrameSource` put with
:func:`kernel.elements.add_data` under a key of the frame's content, so an unchanged frame keeps
its URL (and its element is not resent) on a rerun, and the sort orders already computed stay.
``GET <url>?start=&stop=[&sort=<column>&desc=0|1]`` answers rows ``start:stop`` (at most
:data:`MAX_PAGE_ROWS`); ``sort`` is a column position, ``-1`` the index.

The answer's columns are the row's cells in order (index first, then the data columns, then the
rendered MarkdownColumn cells), named ``"0"``, ``"1"``, ...; a sorted page adds ``positions``,
the rows' positions in the unsorted data. A cell carries the value the grid's JSON rows would
(:func:`._frames.rows_json`): numbers, booleans and text as Arrow types (integers in the
narrowest type that holds the page's values, repeated text dictionary-encoded), a datetime as
milliseconds of its wall time (``kernel:encoding = datetime-ms``), anything else as the JSON
text of its value (``kernel:encoding = json``). The schema's metadata says ``kernel:start``
and ``kernel:nrows``.

A frame sent whole past its first screen (:func:`whole_frame`) is one such table of all its rows,
fetched once; :func:`rows_from_arrow` reads any of them back as the JSON rows (AppTest does).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Mapping
from typing import Any

import attrs

from kernel.elements import ArrowBlob, DataQueryError, arrow_stream, compact_column
from kernel_plugins.elements_data._frames import add_markdown_html, page_frame

__all__ = ["MAX_PAGE_ROWS", "FrameSource", "page_arrow", "rows_from_arrow", "whole_frame"]

MAX_PAGE_ROWS = 5_000
"""Most rows one request may ask for."""
ENCODING = b"kernel:encoding"
"""Field metadata saying how a column's values are encoded when Arrow's own type does not say it."""


def _int(query: Mapping[str, str], name: str, default: int) -> int:
    text = query.get(name, "")
    if text == "":
        return default
    try:
        return int(text)
    except ValueError:
        raise DataQueryError(f"{name} must be an integer, not {text[:40]!r}") from None


def _encode(series: Any) -> tuple[Any, bytes | None]:
    """One column as a pyarrow array and its encoding (``None``: Arrow's type says it all)."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    dtype = series.dtype
    kind = getattr(dtype, "kind", "O")
    if kind == "f":
        values = series.to_numpy(dtype="float64", na_value=np.nan)
        # As in the JSON rows: NaN and infinities are null.
        return pa.array(values, mask=~np.isfinite(values)), None
    if kind in "iub" and not isinstance(dtype, pd.CategoricalDtype):
        try:
            return compact_column(pa.array(series, from_pandas=True)), None
        except (pa.ArrowException, TypeError, ValueError):
            pass
    if kind == "M":
        stamps = series.to_numpy(dtype="datetime64[ms]").astype("int64")
        return pa.array(stamps, mask=series.isna().to_numpy()), b"datetime-ms"
    if kind == "O" or pd.api.types.is_string_dtype(dtype) or isinstance(dtype, pd.CategoricalDtype):
        plain = series.astype(object) if isinstance(dtype, pd.CategoricalDtype) else series
        try:
            return compact_column(pa.array(plain, type=pa.string(), from_pandas=True)), None
        except (pa.ArrowException, TypeError, ValueError):  # not all text: JSON text per cell
            pass
    cells = json.loads(series.to_frame().to_json(orient="values", date_format="iso", date_unit="ms",
                                                 default_handler=str))
    return pa.array([None if v is None else json.dumps(v) for [v] in cells], type=pa.string()), b"json"


def page_arrow(frame: Any, start: int, stop: int, order: Any = None, markdown: list[int] | None = None,
               nrows: int | None = None) -> bytes:
    """Rows ``start:stop`` of ``frame`` (in ``order`` if given) as an Arrow IPC stream (see the module)."""
    import pyarrow as pa

    part = page_frame(frame, start, stop, order)
    arrays, fields = [], []
    for i in range(part.shape[1]):
        array, encoding = _encode(part.iloc[:, i])
        arrays.append(array)
        fields.append(pa.field(str(i), array.type, metadata=None if encoding is None else {ENCODING: encoding}))
    if markdown:
        # The server renders MarkdownColumn cells (HTML escaped) from the values the grid shows.
        cells = json.loads(part.iloc[:, markdown].to_json(orient="values", date_format="iso", date_unit="ms",
                                                          default_handler=str))
        rendered = add_markdown_html([[None, *row] for row in cells], list(range(1, len(markdown) + 1)))
        for k in range(len(markdown)):
            fields.append(pa.field(str(len(fields)), pa.string()))
            arrays.append(pa.array([row[len(markdown) + 1 + k] for row in rendered], type=pa.string()))
    if order is not None:
        fields.append(pa.field("positions", pa.int64()))
        arrays.append(pa.array(order[start:stop], type=pa.int64()))
    table = pa.Table.from_arrays(arrays, schema=pa.schema(fields))
    total = frame.shape[0] if nrows is None else nrows
    return arrow_stream(table, {"kernel:start": str(start), "kernel:nrows": str(total)})


def whole_frame(frame: Any, markdown: list[int] | None = None) -> ArrowBlob:
    """Every row of ``frame`` as one Arrow table (a page from the first row to the last), fetched once."""
    return ArrowBlob(page_arrow(frame, 0, frame.shape[0], None, markdown))


def _cell(value: Any, encoding: bytes | None) -> Any:
    if value is None:
        return None
    if encoding == b"datetime-ms":
        stamp = dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=value)
        return stamp.isoformat(timespec="milliseconds")
    if encoding == b"json":
        return json.loads(value)
    return value


def rows_from_arrow(data: bytes) -> list[list[Any]]:
    """The rows of an Arrow page (:func:`page_arrow`) as the JSON rows of the same cells (without ``positions``)."""
    import pyarrow as pa

    table = pa.ipc.open_stream(data).read_all()
    columns = [[_cell(v, (field.metadata or {}).get(ENCODING)) for v in column.to_pylist()]
               for field, column in zip(table.schema, table.columns, strict=True) if field.name != "positions"]
    return [list(row) for row in zip(*columns, strict=True)]


@attrs.define(eq=False)
class FrameSource:
    """A frame the grid reads in pages (a :class:`kernel.elements.DataSource`) and the sort orders asked so far."""

    frame: Any
    #: Row positions (index first) of MarkdownColumn cells, rendered into each page sent.
    markdown: list[int] = attrs.field(factory=list)
    orders: dict[tuple[int, bool], Any] = attrs.field(factory=dict)
    _lock: threading.Lock = attrs.field(factory=threading.Lock, repr=False)

    def order(self, column: int, descending: bool) -> Any:
        """Row positions sorted by ``column`` (``-1``: the index); missing values last both ways."""
        import numpy as np

        with self._lock:  # two pages asked at once sort a million rows once
            key = (column, descending)
            if key not in self.orders:
                values = self.frame.index.to_series() if column < 0 else self.frame.iloc[:, column]
                if values.dtype.kind in "iuf":
                    numbers = values.to_numpy()
                    # NaN sorts last both ways: argsort puts it last, and -NaN is still NaN.
                    order = np.argsort(-numbers if descending else numbers, kind="stable")
                else:
                    order = np.asarray(values.reset_index(drop=True).sort_values(
                        ascending=not descending, kind="stable", na_position="last").index)
                self.orders[key] = order
            return self.orders[key]

    def arrow(self, query: Mapping[str, str]) -> bytes:
        """Rows ``start:stop`` (sorted by ``sort``, ``desc``) as an Arrow IPC stream."""
        nrows, ncols = self.frame.shape
        start = _int(query, "start", 0)
        stop = _int(query, "stop", start + 200)
        sorted_ = query.get("sort", "") != ""
        column = _int(query, "sort", -1)
        if start < 0 or stop < start or stop - start > MAX_PAGE_ROWS:
            raise DataQueryError(f"ask for 0 <= start <= stop, at most {MAX_PAGE_ROWS} rows at a time")
        if sorted_ and not -1 <= column < ncols:
            raise DataQueryError(f"sort must be a column position from -1 (the index) to {ncols - 1}")
        descending = query.get("desc", "0") in ("1", "true")
        order = self.order(column, descending) if sorted_ else None
        return page_arrow(self.frame, min(start, nrows), min(stop, nrows), order, self.markdown, nrows)
