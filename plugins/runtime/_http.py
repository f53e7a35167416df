"""Minimal HTTP/1.1 request handling over h11 for the runtime's plain routes."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import h11
import trio

MAX_REQUEST_BYTES = 64 * 1024


@attrs.frozen
class Request:
    """A parsed HTTP request line and headers."""

    method: str
    target: str
    headers: tuple[tuple[str, str], ...]


@attrs.frozen
class Response:
    """A complete HTTP response."""

    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


async def read_request(stream: trio.abc.Stream, conn: h11.Connection) -> Request | None:
    """Read the next request on a keep-alive connection, or ``None`` when it closed."""
    while True:
        event = conn.next_event()
        if event is h11.NEED_DATA:
            data = await stream.receive_some(MAX_REQUEST_BYTES)
            conn.receive_data(data)
            continue
        if isinstance(event, h11.Request):
            headers = tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in event.headers)
            return Request(event.method.decode(), event.target.decode("latin-1"), headers)
        if isinstance(event, h11.ConnectionClosed) or event is h11.PAUSED:
            return None


async def send_response(stream: trio.abc.Stream, conn: h11.Connection, response: Response,
                        extra_headers: Sequence[tuple[str, str]] = ()) -> None:
    """Send ``response`` and drain the request body."""
    headers = [
        ("content-type", response.content_type),
        ("content-length", str(len(response.body))),
        *response.headers,
        *extra_headers,
    ]
    await stream.send_all(conn.send(h11.Response(status_code=response.status, headers=headers)))
    await stream.send_all(conn.send(h11.Data(data=response.body)))
    await stream.send_all(conn.send(h11.EndOfMessage()))
    while True:
        event = conn.next_event()
        if event is h11.NEED_DATA or isinstance(event, h11.EndOfMessage | h11.ConnectionClosed) or event is h11.PAUSED:
            break
