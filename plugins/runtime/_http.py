"""Minimal HTTP/1.1 request handling over h11 for the runtime's plain routes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import attrs
import h11
import trio

RECEIVE_BYTES = 8 * 1024
"""Bytes read per receive (requests to this server are small)."""


@attrs.frozen
class Request:
    """A parsed HTTP request line and headers (names lower-cased)."""

    method: str
    target: str
    headers: tuple[tuple[str, str], ...]
    raw_headers: tuple[tuple[bytes, bytes], ...] = ()
    """Headers as received (original case), used to hand an upgrade request on."""

    @property
    def path(self) -> str:
        """The target without its query string."""
        return self.target.split("?", 1)[0]

    @property
    def query(self) -> str:
        """The query string (without ``?``), or ``""``."""
        return self.target.partition("?")[2]

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (lower case), or ``None``."""
        for key, value in self.headers:
            if key == name:
                return value
        return None

    @property
    def is_websocket_upgrade(self) -> bool:
        """Whether this asks to switch the connection to a WebSocket."""
        upgrade = (self.header("upgrade") or "").lower()
        connection = (self.header("connection") or "").lower()
        return upgrade == "websocket" and "upgrade" in connection

    def encode(self) -> bytes:
        """The request head as bytes again, for a handler that parses it itself."""
        lines = [f"{self.method} {self.target} HTTP/1.1".encode("latin-1")]
        lines += [k + b": " + v for k, v in self.raw_headers]
        return b"\r\n".join(lines) + b"\r\n\r\n"


@attrs.frozen
class Response:
    """A complete HTTP response."""

    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    nonce: str | None = None
    """The CSP nonce of a shell page (its Content-Security-Policy allows scripts carrying it)."""


MAX_DISCARD_BYTES = 1 << 20
"""Largest unused request body read and dropped to keep a connection alive."""


async def read_request(stream: trio.abc.Stream, conn: h11.Connection) -> Request | None:
    """Read the next request on a keep-alive connection, or ``None`` when it closed."""
    while True:
        event = conn.next_event()
        if event is h11.NEED_DATA:
            data = await stream.receive_some(RECEIVE_BYTES)
            conn.receive_data(cast(bytes, data))  # h11 takes any bytes-like; its annotation says bytes
            continue
        if isinstance(event, h11.Request):
            raw = tuple((k, v) for k, v in event.headers.raw_items())
            headers = tuple((k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in raw)
            names = {name for name, _ in headers}
            if "content-length" in names and "transfer-encoding" in names:
                # Two framings of one body: a proxy in front may pick the other one
                # (request smuggling). RFC 9112 section 6.1 lets a server refuse it.
                raise h11.RemoteProtocolError(
                    "the request has both Content-Length and Transfer-Encoding; send only one of them",
                    error_status_hint=400)
            return Request(event.method.decode(), event.target.decode("latin-1"), headers, raw)
        if isinstance(event, h11.ConnectionClosed) or event is h11.PAUSED:
            return None


async def send_response(
    stream: trio.abc.Stream,
    conn: h11.Connection,
    response: Response,
    *,
    head: bool = False,
    extra_headers: Sequence[tuple[str, str]] = (),
) -> None:
    """Send ``response`` (headers only for ``head``) and drain the request body.

    ``extra_headers``: the runtime's security headers (``_headers.SecurityHeaders``).
    """
    headers = [
        ("content-type", response.content_type),
        ("content-length", str(len(response.body))),
        *extra_headers,
        *response.headers,
    ]
    data = conn.send(h11.Response(status_code=response.status, headers=headers))
    if not head and response.body:
        data += conn.send(h11.Data(data=response.body))
    data += conn.send(h11.EndOfMessage())
    await stream.send_all(data)
    # Read and drop a request body we did not use, so the connection can serve the next
    # request; past MAX_DISCARD_BYTES the caller closes the connection instead.
    discarded = 0
    while True:
        event = conn.next_event()
        if event is h11.NEED_DATA:
            if conn.their_state is not h11.SEND_BODY or discarded > MAX_DISCARD_BYTES:
                break
            chunk = await stream.receive_some(RECEIVE_BYTES)
            if not chunk:
                break
            discarded += len(chunk)
            conn.receive_data(cast(bytes, chunk))
            continue
        if isinstance(event, h11.EndOfMessage | h11.ConnectionClosed) or event is h11.PAUSED:
            break
