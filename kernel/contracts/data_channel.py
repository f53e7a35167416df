"""Element data the page fetches over HTTP as Arrow IPC, beside the WebSocket (the data side channel).

Part of the element plugin API (re-exported by :mod:`kernel.elements`). A chart or grid whose
data is large puts :func:`add_data`'s URL in its props instead of the data; the page fetches
it with ``GET`` and reads the Arrow IPC stream with the vendored Apache Arrow reader
(``ARROW_SCRIPT_URL``). So no element is bound by the WebSocket message limit, the data
travels in a compact columnar form, and the frames of the stream stay small.

* **Per session and unguessable.** An id is a keyed hash (a random key of the app, made at
  start) of the session's id and the data's content key: another session, or anyone who
  saw the data's hash, cannot name it; the id is the capability to read it.
* **Same origin only.** The runtime checks every request's ``Host`` (DNS rebinding); the
  route also refuses a request a browser marks as coming from another site
  (``Sec-Fetch-Site`` other than ``same-origin``/``none``, or an ``Origin`` other than the
  app's own).
* **Unchanged data is not resent.** The same content key in the same session gives the same
  URL, so an unchanged element is not sent again and the page does not fetch again.
* **Compressed when it pays.** An answer of at least :data:`COMPRESS_MIN_BYTES` goes gzipped
  (level 1) to a browser that accepts it, when that saves at least a tenth of its bytes
  (text, dates and small integers do; random floats do not, and go as they are).
* **Released with the page.** The store is a :class:`SessionResources`: a completed run lets
  go of what it no longer shows; a closed session lets go of everything it held.

A :class:`DataSource` answers a query (the URL's query string, parsed) with the bytes of an
Arrow IPC stream; it may be slow (a chart reduces a million points for the zoomed range):
the route runs it in a worker thread. The ``data_channel`` core plugin serves
:data:`DATA_PREFIX` and the reader.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Awaitable, Mapping
from typing import Any, Protocol, runtime_checkable

import attrs

from kernel._app import KernelApp
from kernel._errors import KernelError, NoRunContextError
from kernel._routes import HttpRequest, HttpResponse
from kernel._stash import StashKey
from kernel.context import get_run_context
from kernel.contracts.session_resources import SessionResources

__all__ = ["ARROW_SCRIPT_URL", "ARROW_STREAM", "COMPRESS_MIN_BYTES", "DATA_CLIENT_URL", "DATA_PREFIX", "ArrowBlob",
           "DataNotServedError", "DataQueryError", "DataSource", "JSON_INLINE_BYTES", "add_data", "arrow_stream",
           "compact_column", "data_store", "json_at", "json_beside", "serve_data"]

DATA_PREFIX = "/_kernel/data/"
"""The URL prefix element data is served under."""
ARROW_SCRIPT_URL = "/_kernel/data-client/vendor/apache-arrow/Arrow.es2015.min.js"
"""The Apache Arrow reader (``window.Arrow``), vendored from npm by ``scripts/vendor_apache_arrow.sh``."""
DATA_CLIENT_URL = "/_kernel/data-client/data.js"
"""The page's module that fetches and reads element data (``fetchTable(url, params)``)."""
ARROW_STREAM = "application/vnd.apache.arrow.stream"
"""The media type of an Arrow IPC stream."""

COMPRESS_MIN_BYTES = 4096
"""Answers at least this large are gzipped for a browser that accepts it (when that pays)."""
_IN_LOOP_BYTES = 64 * 1024
"""Fixed answers (:class:`ArrowBlob`) up to this size are answered in the event loop; larger ones in a thread."""

_DATA: StashKey[SessionResources[DataSource]] = StashKey("element data served over HTTP")
_KEY: StashKey[bytes] = StashKey("key of the element data ids")
_SERVED: StashKey[bool] = StashKey("whether a plugin serves the element data route")
_SITES = frozenset({"same-origin", "none"})


class DataNotServedError(KernelError):
    """An element sent its data by URL, but no plugin serves :data:`DATA_PREFIX` (``data_channel`` does)."""


class DataQueryError(ValueError):
    """A data request's query is not one the source answers; the message says what it takes (a 400)."""


@runtime_checkable
class DataSource(Protocol):
    """Data an element's page fetches: Arrow IPC stream bytes for a query."""

    def arrow(self, query: Mapping[str, str]) -> bytes:
        """The Arrow IPC stream answering ``query`` (raise :class:`DataQueryError` for a bad one)."""
        ...


@attrs.frozen
class ArrowBlob:
    """Fixed Arrow IPC stream bytes (any query gets them)."""

    data: bytes

    def arrow(self, query: Mapping[str, str]) -> bytes:
        """The bytes."""
        return self.data


def compact_column(array: Any) -> Any:
    """``array`` (a pyarrow Array) in fewer bytes, its values unchanged as the page reads them.

    Integers go in the narrowest signed type that holds them (``int8`` to ``int32``; the page
    reads every integer type as a number), and text whose values repeat (at most half of the
    values distinct) is dictionary-encoded, each distinct value sent once (its indices narrowed
    the same way). Anything else is
    returned as it is.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = array.type
    if pa.types.is_integer(kind) and kind.bit_width > 8 and len(array) > array.null_count:
        bounds = pc.min_max(array)
        low, high = bounds["min"].as_py(), bounds["max"].as_py()
        for narrow in (pa.int8(), pa.int16(), pa.int32()):
            if narrow.bit_width >= kind.bit_width:
                break
            info = 1 << (narrow.bit_width - 1)
            if -info <= low and high < info:
                return array.cast(narrow)
        return array
    if (pa.types.is_string(kind) or pa.types.is_large_string(kind)) and len(array) > 1:
        if 2 * pc.count_distinct(array, mode="all").as_py() <= len(array):
            encoded = array.dictionary_encode()
            return pa.DictionaryArray.from_arrays(compact_column(encoded.indices), encoded.dictionary)
    return array


def arrow_stream(table: Any, metadata: Mapping[str, str] | None = None) -> bytes:
    """``table`` (a pyarrow Table) as the bytes of an Arrow IPC stream, with ``metadata`` added to its schema's."""
    import pyarrow as pa

    if metadata:
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), **metadata})
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def data_store(app: KernelApp) -> SessionResources[DataSource]:
    """The app's store of element data served over HTTP."""
    return app.stash.get_or_create(_DATA, lambda: SessionResources("data"))


def _key(app: KernelApp) -> bytes:
    import secrets

    return app.stash.get_or_create(_KEY, lambda: secrets.token_bytes(32))


def add_data(source: DataSource, content_key: str) -> str:
    """Keep ``source`` for the running session's page and return its URL.

    ``content_key`` identifies the data (a hash of its content and of what the source does
    with it): the same key in the same session gives the same URL, and the source given
    first is kept.
    """
    ctx = get_run_context()
    if ctx is None:
        raise NoRunContextError("element data is served only while a script runs (kernel run app.py)")
    if not ctx.app.stash.get_or_create(_SERVED, lambda: _served(ctx.app)):
        raise DataNotServedError(
            f"this element sends its data by URL, but no plugin serves {DATA_PREFIX}: the data_channel plugin "
            "does. Re-enable it (drop -p no:data_channel or remove it from [plugins] disable)."
        )
    import hashlib

    digest = hashlib.blake2b(f"{ctx.session.id}\0{content_key}".encode(), key=_key(ctx.app), digest_size=20)
    item_id = digest.hexdigest()
    data_store(ctx.app).put(ctx.session.id, item_id, source)
    return DATA_PREFIX + item_id


JSON_INLINE_BYTES = 32 * 1024
"""Characters of JSON an element may still carry inline in its props (see :func:`json_beside`)."""


def json_beside(value: Any, what: str) -> str | None:
    """The URL of ``value`` as JSON on the data side channel when its JSON text passes
    :data:`JSON_INLINE_BYTES`, else ``None`` (keep it inline).

    For an element whose props hold a large JSON document (a chart library's option or figure)
    that no columnar form fits: the text travels as a one-row, one-column (``json``) Arrow table,
    gzipped when the browser accepts it, and the page reads it back with ``fetchJson(url)`` of the
    data client (:data:`DATA_CLIENT_URL`). ``what`` names the document in its content key, so the
    same document of the same element kind keeps its URL and is not fetched again on a rerun.
    """
    import json

    try:
        text = json.dumps(value, separators=(",", ":"), allow_nan=False)
    except ValueError:  # NaN or infinity: not JSON the page could read back; the element keeps it inline
        return None
    if len(text) <= JSON_INLINE_BYTES:
        return None
    import hashlib

    import pyarrow as pa

    digest = hashlib.sha256(text.encode()).hexdigest()
    return add_data(ArrowBlob(arrow_stream(pa.table({"json": pa.array([text], pa.large_string())}))),
                    f"json:{what}:{digest}")


def json_at(app: KernelApp, url: str) -> Any:
    """The JSON document :func:`json_beside` put at ``url``, read back on the server (AppTest
    nodes); ``None`` when the app serves nothing there (any more)."""
    import json

    import pyarrow as pa

    source = data_store(app).get(url[len(DATA_PREFIX):]) if url.startswith(DATA_PREFIX) else None
    if source is None:
        return None
    table = pa.ipc.open_stream(source.arrow({})).read_all()
    return json.loads(table.column("json")[0].as_py())


def _served(app: KernelApp) -> bool:
    return any(route.url_prefix == DATA_PREFIX for route in app.http_routes())


def _own_origin(origin: str, host: str | None) -> bool:
    if host is None:
        return False
    parts = urllib.parse.urlsplit(origin)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    try:
        port = parts.port or default
    except ValueError:
        return False
    own = urllib.parse.urlsplit("//" + host)
    try:
        own_port = own.port or default
    except ValueError:
        return False
    return (parts.hostname or "") == (own.hostname or "").lower() and port == own_port


def _refused(request: HttpRequest) -> HttpResponse | None:
    site = request.header("sec-fetch-site")
    origin = request.header("origin")
    if (site is not None and site not in _SITES) or (origin is not None and not _own_origin(origin,
                                                                                            request.header("host"))):
        return HttpResponse(403, b"element data is served to the app's own pages only\n", "text/plain; charset=utf-8",
                            (("cache-control", "no-store"),))
    return None


def _accepts_gzip(accept: str | None) -> bool:
    """Whether an ``Accept-Encoding`` header accepts gzip (``gzip`` or ``*`` with a q above 0)."""
    for part in (accept or "").split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            q = params.strip().lower()
            return not (q.startswith("q=") and q[2:].strip().rstrip("0").rstrip(".") in ("", "0"))
    return False


def _encoded(body: bytes, request: HttpRequest) -> tuple[bytes, tuple[tuple[str, str], ...]]:
    """``body`` gzipped if the request accepts it and that saves a tenth, with the headers that say so."""
    import gzip

    if len(body) >= COMPRESS_MIN_BYTES and _accepts_gzip(request.header("accept-encoding")):
        packed = gzip.compress(body, compresslevel=1, mtime=0)
        if len(packed) <= 0.9 * len(body):
            return packed, (("content-encoding", "gzip"), ("vary", "accept-encoding"))
    return body, (("vary", "accept-encoding"),)


def serve_data(app: KernelApp, request: HttpRequest) -> HttpResponse | None | Awaitable[HttpResponse]:
    """Answer ``GET /_kernel/data/<id>?<query>``: the source's Arrow IPC stream (gzipped when that pays),
    computed (and compressed) in a worker thread unless it is a small fixed one."""
    refusal = _refused(request)
    if refusal is not None:
        return refusal
    source = data_store(app).get(request.path[len(DATA_PREFIX):])
    if source is None:
        return None
    try:
        query = {k: v[-1] for k, v in urllib.parse.parse_qs(request.query, max_num_fields=32).items()}
    except ValueError:
        return HttpResponse(400, b"too many query parameters\n", "text/plain; charset=utf-8")

    def answer() -> HttpResponse:
        try:
            body = source.arrow(query)
        except DataQueryError as exc:
            return HttpResponse(400, f"{exc}\n".encode(), "text/plain; charset=utf-8", (("cache-control", "no-store"),))
        body, encoding = _encoded(body, request)
        return HttpResponse(200, body, ARROW_STREAM, (("cache-control", "private, no-store"),
                                                      ("x-content-type-options", "nosniff"), *encoding))

    if isinstance(source, ArrowBlob) and len(source.data) <= _IN_LOOP_BYTES:
        return answer()

    async def in_thread() -> HttpResponse:
        import trio

        return await trio.to_thread.run_sync(answer)

    return in_thread()
