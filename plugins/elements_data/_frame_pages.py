"""``/_kernel/frames/<id>?start=&stop=&sort=&desc=``: pages of a large frame, sorted on the server if asked."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Awaitable

from kernel import HttpRequest, HttpResponse, KernelApp
from kernel_plugins.elements_data._frame_store import FRAMES_PREFIX, frame_store
from kernel_plugins.elements_data._frames import add_markdown_html, rows_json

MAX_PAGE_ROWS = 5_000


def _bad(message: str) -> HttpResponse:
    return HttpResponse(400, (message + "\n").encode(), "text/plain; charset=utf-8")


def _order(entry: object, column: int, descending: bool) -> object:
    import numpy as np

    orders = entry.orders  # type: ignore[attr-defined]
    key = (column, descending)
    if key not in orders:
        frame = entry.frame  # type: ignore[attr-defined]
        values = frame.index.to_series() if column < 0 else frame.iloc[:, column]
        if values.dtype.kind in "iuf":
            numbers = values.to_numpy()
            # NaN sorts last both ways: argsort puts it last, and -NaN is still NaN.
            order = np.argsort(-numbers if descending else numbers, kind="stable")
        else:
            order = np.asarray(values.reset_index(drop=True).sort_values(
                ascending=not descending, kind="stable", na_position="last").index)
        orders[key] = order
    return orders[key]


def serve_page(app: KernelApp, request: HttpRequest) -> HttpResponse | None | Awaitable[HttpResponse]:
    """Rows ``start:stop`` of a stored frame as JSON ``{"start", "nrows", "rows"}``."""
    frame_id = request.path[len(FRAMES_PREFIX):]
    entry = frame_store(app).get(frame_id)
    if entry is None:
        return None
    query = urllib.parse.parse_qs(request.query)
    try:
        start = int(query.get("start", ["0"])[0])
        stop = int(query.get("stop", [str(start + 200)])[0])
        sort = query.get("sort", [None])[0]
        column = int(sort) if sort not in (None, "") else None
    except ValueError:
        return _bad("start, stop and sort must be integers")
    nrows, ncols = entry.frame.shape
    if start < 0 or stop < start or stop - start > MAX_PAGE_ROWS:
        return _bad(f"ask for 0 <= start <= stop, at most {MAX_PAGE_ROWS} rows at a time")
    if column is not None and not -1 <= column < ncols:
        return _bad(f"sort must be a column position from -1 (the index) to {ncols - 1}")
    descending = query.get("desc", ["0"])[0] in ("1", "true")

    def respond(order: object) -> HttpResponse:
        rows = rows_json(entry.frame, start, min(stop, nrows), order)
        markdown = getattr(entry, "markdown", None)
        if markdown:
            rows = json.dumps(add_markdown_html(json.loads(rows), markdown))
        # Positions in the original data of the rows sent (they differ from start.. when sorted).
        positions = "null" if order is None else json.dumps(order[start:stop].tolist())  # type: ignore[index]
        body = f'{{"start":{start},"nrows":{nrows},"rows":{rows},"positions":{positions}}}'
        return HttpResponse(200, body.encode(), "application/json", (("cache-control", "no-store"),))

    if column is None:
        return respond(None)
    cached = entry.orders.get((column, descending))
    if cached is not None:
        return respond(cached)

    async def sort_then_respond() -> HttpResponse:
        import trio

        # Sorting a million rows takes a moment: do it in a worker thread, not on the event loop.
        return respond(await trio.to_thread.run_sync(_order, entry, column, descending))

    return sort_then_respond()
