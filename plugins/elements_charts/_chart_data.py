"""Chart data the page fetches as Arrow IPC, reduced for display where a chart has more points than pixels.

A simple chart with more than :data:`INLINE_POINTS` points does not carry its data in the
spec: the element names a URL of the data side channel (:func:`kernel.elements.add_data`)
and the page fetches the points from there. A line or area chart over a numeric or
temporal x keeps every point on the server (:class:`SeriesData`) and answers each request
for an x range (``x0``, ``x1``) with the points that draw the same picture at the page's
width in pixels (``w``): per series and per pixel column, the first, last, lowest and
highest point (the M4 reduction). The lines look the same as with every point, every
point sent is a real one (tooltips show real values), and a zoomed range is asked for
again, so zooming in far enough shows every point. Other charts get all their points as
one Arrow table (:class:`kernel.elements.ArrowBlob`).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping
from typing import Any

import attrs

from kernel.elements import DataQueryError, compact_column

INLINE_POINTS = 5_000
"""Points (rows of the long form) a simple chart carries inside its spec; more go by the data route."""
DEFAULT_BUCKETS = 800
"""Pixel columns assumed when a request does not say its width."""
MAX_BUCKETS = 4_000
"""Most pixel columns a request may ask for (a wider chart gets this many)."""


def arrow_bytes(table: Any, metadata: Mapping[str, str] | None = None) -> bytes:
    """``table`` (a pyarrow Table) as an Arrow IPC stream, with ``metadata`` in its schema."""
    import pyarrow as pa

    if metadata:
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), **metadata})
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


def frame_table(frame: Any) -> Any:
    """A pandas frame as a pyarrow Table for Vega: datetimes as milliseconds (numbers), the rest as they are
    (integers in the narrowest type, repeated text dictionary-encoded: :func:`kernel.elements.compact_column`)."""
    import numpy as np
    import pyarrow as pa

    arrays = []
    for name in frame.columns:
        column = frame[name]
        if column.dtype.kind == "M" or str(column.dtype).startswith("datetime64"):
            stamps = column.dt.tz_localize(None) if getattr(column.dt, "tz", None) is not None else column
            millis = stamps.to_numpy(dtype="datetime64[ns]").astype("int64") / 1e6
            millis[stamps.isna().to_numpy()] = np.nan
            arrays.append(pa.array(millis, type=pa.float64(), from_pandas=True))
        elif column.dtype.kind in "iufb":
            arrays.append(compact_column(pa.array(column.to_numpy(), from_pandas=True)))
        else:
            arrays.append(compact_column(pa.array(column.astype(object).where(column.notna(), None).map(
                lambda v: v if v is None or isinstance(v, str) else str(v)).tolist(), type=pa.string())))
    return pa.table(arrays, names=[str(c) for c in frame.columns])


def frame_key(frame: Any) -> str:
    """A content hash of a frame (its labels, types and values)."""
    import pandas as pd

    digest = hashlib.blake2b(digest_size=16)
    digest.update(repr([(str(c), str(t)) for c, t in frame.dtypes.items()]).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def m4_indices(x: Any, y: Any, buckets: int) -> Any:
    """Positions of the points of sorted ``x`` (with values ``y``) that draw the same line in ``buckets``
    pixel columns: the first, last, lowest and highest point of each column, in order."""
    import numpy as np

    n = len(x)
    if n <= 4 * buckets:
        return np.arange(n)
    span = x[-1] - x[0]
    if not span > 0:
        column = np.zeros(n, dtype=np.int64)
    else:
        column = np.minimum(((x - x[0]) * (buckets / span)).astype(np.int64), buckets - 1)
    starts = np.flatnonzero(np.r_[True, column[1:] != column[:-1]])
    lengths = np.diff(np.r_[starts, n])
    ends = starts + lengths - 1
    segment = np.repeat(np.arange(len(starts)), lengths)

    def first_where(hit: Any) -> Any:
        where = np.flatnonzero(hit)
        seg = segment[where]
        return where[np.r_[True, seg[1:] != seg[:-1]]]

    lows = first_where(y == np.minimum.reduceat(y, starts)[segment])
    highs = first_where(y == np.maximum.reduceat(y, starts)[segment])
    return np.unique(np.concatenate([starts, ends, lows, highs]))


@attrs.define(eq=False)
class SeriesData:
    """The points of a line or area chart, per series sorted by x, reduced per request for display.

    ``x`` values are numbers (datetimes as milliseconds); a series' NaN values are left out.
    A request's query: ``x0``/``x1`` (the x range shown; the whole data without them) and
    ``w`` (the chart's width in pixels). The answer's schema metadata says how many points
    the data has (``kernel:points``) and whether these are all of the range's (``kernel:reduced``).
    """

    x_field: str
    value_field: str
    series_field: str | None
    names: list[str]
    xs: list[Any]
    ys: list[Any]

    @property
    def points(self) -> int:
        """Points of all series."""
        return sum(len(x) for x in self.xs)

    def content_key(self, extra: str) -> str:
        """A hash of the data and of ``extra`` (how the chart uses it)."""
        digest = hashlib.blake2b(extra.encode(), digest_size=16)
        digest.update(repr((self.x_field, self.value_field, self.series_field, self.names)).encode())
        for x, y in zip(self.xs, self.ys, strict=True):
            digest.update(x.tobytes())
            digest.update(y.tobytes())
        return digest.hexdigest()

    def arrow(self, query: Mapping[str, str]) -> bytes:
        """The points to draw for the query's x range and width, as an Arrow IPC stream."""
        import numpy as np
        import pyarrow as pa

        try:
            x0 = float(query["x0"]) if "x0" in query else -np.inf
            x1 = float(query["x1"]) if "x1" in query else np.inf
            buckets = int(query.get("w", DEFAULT_BUCKETS))
        except ValueError:
            raise DataQueryError("x0 and x1 must be numbers and w an integer (pixels)") from None
        if np.isnan(x0) or np.isnan(x1) or x1 < x0 or buckets < 1:
            raise DataQueryError("ask for x0 <= x1 and w >= 1")
        buckets = min(buckets, MAX_BUCKETS)
        xs: list[Any] = []
        ys: list[Any] = []
        labels: list[Any] = []
        reduced = False
        for x, y in zip(self.xs, self.ys, strict=True):
            # One point beyond each end of the range, so the lines run to the chart's edges.
            lo = max(int(np.searchsorted(x, x0, "left")) - 1, 0)
            hi = min(int(np.searchsorted(x, x1, "right")) + 1, len(x))
            keep = m4_indices(x[lo:hi], y[lo:hi], buckets) + lo
            reduced = reduced or len(keep) < hi - lo
            xs.append(x[keep])
            ys.append(y[keep])
            labels.append(np.full(len(keep), len(labels), dtype=np.int32))
        columns = {self.x_field: pa.array(np.concatenate(xs) if xs else np.zeros(0)),
                   self.value_field: pa.array(np.concatenate(ys) if ys else np.zeros(0))}
        if self.series_field is not None:
            codes = pa.array(np.concatenate(labels) if labels else np.zeros(0, dtype=np.int32))
            columns[self.series_field] = pa.DictionaryArray.from_arrays(codes, pa.array(self.names, pa.string()))
        table = pa.table(columns)
        return arrow_bytes(table, {"kernel:points": str(self.points), "kernel:reduced": "1" if reduced else "0"})


def series_data(long: Any, x_field: str, value_field: str, series_field: str | None) -> SeriesData | None:
    """The long-form points of a line or area chart as :class:`SeriesData`, or ``None`` if x is not
    numeric or temporal (such charts are not reduced)."""
    import numpy as np

    x_column = long[x_field]
    if x_column.dtype.kind == "M" or str(x_column.dtype).startswith("datetime64"):
        stamps = x_column.dt.tz_localize(None) if getattr(x_column.dt, "tz", None) is not None else x_column
        x_all = stamps.to_numpy(dtype="datetime64[ns]").astype("int64") / 1e6
        x_all[stamps.isna().to_numpy()] = np.nan
    elif x_column.dtype.kind in "iuf":
        x_all = x_column.to_numpy(dtype="float64", na_value=np.nan)
    else:
        return None
    value = long[value_field]
    if value.dtype.kind not in "iufb":
        return None
    y_all = value.to_numpy(dtype="float64", na_value=np.nan)
    if series_field is None:
        groups: list[tuple[str, Any]] = [("", np.arange(len(long)))]
    else:
        codes, uniques = long[series_field].factorize(sort=False)
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
        groups = [(str(uniques[i]), order[bounds[i]:bounds[i + 1]]) for i in range(len(uniques))]
    names, xs, ys = [], [], []
    for name, rows in groups:
        x, y = x_all[rows], y_all[rows]
        finite = np.isfinite(x) & np.isfinite(y)
        if not finite.all():
            x, y = x[finite], y[finite]
        if len(x) > 1 and not bool(np.all(x[1:] >= x[:-1])):
            order = np.argsort(x, kind="stable")
            x, y = x[order], y[order]
        names.append(name)
        xs.append(np.ascontiguousarray(x))
        ys.append(np.ascontiguousarray(y))
    return SeriesData(x_field, value_field, series_field, names, xs, ys)
