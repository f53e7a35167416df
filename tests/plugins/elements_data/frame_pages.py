"""Read a paged grid's pages from the data side channel in a test, decoded as the page's data.js does."""

from __future__ import annotations

import datetime as dt
import inspect
import json
from typing import Any

import pyarrow as pa
import trio

from kernel._app import KernelApp
from kernel._routes import HttpRequest, HttpResponse
from kernel.contracts.data_channel import ARROW_STREAM, serve_data


def resolve(answer: Any) -> HttpResponse | None:
    """A route's answer; a coroutine (slow work moved off the loop) is run to completion."""
    if not inspect.isawaitable(answer):
        return answer  # type: ignore[no-any-return]

    async def wait() -> Any:
        return await answer

    return trio.run(wait)  # type: ignore[no-any-return]


def request(app: KernelApp, url: str, query: str) -> HttpResponse | None:
    """The data route's answer to ``GET url?query``."""
    return resolve(serve_data(app, HttpRequest("GET", url, query)))


def _value(value: Any, encoding: bytes | None) -> Any:
    if value is None:
        return None
    if encoding == b"datetime-ms":
        stamp = dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=value)
        return stamp.isoformat(timespec="milliseconds")
    if encoding == b"json":
        return json.loads(value)
    return value


def page(app: KernelApp, url: str, query: str) -> dict[str, Any]:
    """A page as ``{"start", "nrows", "rows", "positions"}`` (rows as the grid's JSON rows would be)."""
    response = request(app, url, query)
    assert response is not None and response.status == 200, response
    assert response.content_type == ARROW_STREAM
    return decode(response.body)


def decode(body: bytes) -> dict[str, Any]:
    """An Arrow page's bytes as ``{"start", "nrows", "rows", "positions"}``."""
    table = pa.ipc.open_stream(body).read_all()
    columns = []
    positions = None
    for field, column in zip(table.schema, table.columns, strict=True):
        values = column.to_pylist()
        if field.name == "positions":
            positions = values
        else:
            encoding = (field.metadata or {}).get(b"kernel:encoding")
            columns.append([_value(v, encoding) for v in values])
    meta = table.schema.metadata or {}
    return {"start": int(meta[b"kernel:start"]), "nrows": int(meta[b"kernel:nrows"]),
            "rows": [list(row) for row in zip(*columns, strict=True)], "positions": positions}
