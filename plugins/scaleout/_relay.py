"""HTTP side channels across workers: a request for an item another worker holds.

A page's side-channel requests (media files and downloads, pages of large frames, element
data: the routes registered with ``held_by_worker``) name items that live in the worker
whose session made them. With one shared port (``SO_REUSEPORT``) or a proxy without
affinity such a request may reach another worker, whose route answers ``None``. That
worker (the *asker*) then sends the request to every worker on the bus (``want``, signed);
the worker whose route holds the item (the *holder*) says so (``have``), answers the
request with its own route (so the route's own checks run: the origin check of element
data, the id the request names, the byte range asked), passes the answer back as a signed
blob (``_blobs``: the store, or the shared ``blob_dir`` for a big one) and says ``done``.
The asker verifies the blob and serves it; nobody holding the item within
:data:`FIND_SECONDS` is a 404.

Nothing is shared in advance and nothing is cached: an item is read only when a page asks
for it, by the id that is its capability (a keyed hash, a random id or a content hash),
exactly as on the worker that made it.
"""

from __future__ import annotations

import hashlib
import hmac
import inspect
import json
import logging
import secrets
from collections.abc import Awaitable, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import trio

from kernel import HttpRequest, HttpResponse, HttpRoute

if TYPE_CHECKING:
    from kernel.contracts.scaleout import MessageBus, SessionStore
    from kernel_plugins.scaleout._blobs import BlobCarrier

__all__ = ["ANSWER_SECONDS", "FIND_SECONDS", "Relay", "decode_response", "encode_response"]

log = logging.getLogger("kernel.scaleout")

FIND_SECONDS = 5.0
"""How long the asker waits for a worker to say it holds the item before answering 404."""
ANSWER_SECONDS = 120.0
"""How long the asker waits for the holder's answer once it said it holds the item."""
POLL_SECONDS = 0.5
"""While waiting for the answer, the asker also looks in the store this often (a lost ``done``)."""
MAX_WAITING = 512
"""Requests a worker asks of the others at once; more are answered 503 at once."""
MAX_WANT_BYTES = 32 * 1024
_PRIVATE_HEADERS = frozenset({"cookie", "authorization", "proxy-authorization"})


@attrs.frozen
class _Want:
    nonce: str
    worker: str
    request: HttpRequest


def encode_response(response: HttpResponse) -> bytes:
    """A response as bytes: a JSON head (status, type, headers), then the body."""
    head = json.dumps({"s": response.status, "t": response.content_type,
                       "h": [list(pair) for pair in response.headers]}).encode()
    return len(head).to_bytes(4, "big") + head + response.body


def decode_response(data: bytes) -> HttpResponse | None:
    """The response :func:`encode_response` made, or ``None`` for bytes that are not one."""
    try:
        size = int.from_bytes(data[:4], "big")
        head = json.loads(data[4:4 + size])
        status, kind = head["s"], head["t"]
        headers = tuple((str(k), str(v)) for k, v in head["h"])
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(status, int) or not isinstance(kind, str) or len(data) < 4 + size:
        return None
    return HttpResponse(status, data[4 + size:], kind, headers)


class _Waiter:
    def __init__(self) -> None:
        self.have = trio.Event()
        self.done = trio.Event()


class Relay:
    """One worker's side of the relay: asks for what it lacks, answers what it holds.

    Made in the trio thread at start-up; the bus callbacks (:meth:`on_want`,
    :meth:`on_reply`) run in the bus's thread and hand their work to the trio thread.
    """

    def __init__(self, store: SessionStore, bus: MessageBus, carrier: BlobCarrier, secret: bytes,
                 routes: Sequence[HttpRoute]) -> None:
        self._store = store
        self._bus = bus
        self._carrier = carrier
        self._key = hashlib.sha256(b"kernel side-channel requests\x00" + secret).digest()
        self._routes = sorted(routes, key=lambda r: -len(r.url_prefix))
        self._token = trio.lowlevel.current_trio_token()
        self._waiting: dict[str, _Waiter] = {}  # trio thread only
        self.worker = store.worker

    # -- asking ---------------------------------------------------------------------

    def handle(self, request: HttpRequest) -> HttpResponse | Awaitable[HttpResponse | None] | None:
        """The fallback route: ask the other workers when a held-by-worker route had nothing here."""
        if not any(route.matches(request.path) for route in self._routes):
            return None
        if len(self._waiting) >= MAX_WAITING:
            return _busy()
        return self._ask(request)

    async def _ask(self, request: HttpRequest) -> HttpResponse | None:
        from kernel.contracts.scaleout import ALL_WORKERS

        nonce = secrets.token_hex(16)
        message = self._want(nonce, request)
        if message is None:
            return None
        waiter = self._waiting[nonce] = _Waiter()
        try:
            try:
                await trio.to_thread.run_sync(self._bus.publish, ALL_WORKERS, message)
            except Exception as exc:  # the bus is away: nobody else can be asked
                log.debug("could not ask the other workers for %s: %s", request.path, exc)
                return None
            with trio.move_on_after(FIND_SECONDS):
                await waiter.have.wait()
            if not waiter.have.is_set():
                return None
            data: bytes | None = None
            with trio.move_on_after(ANSWER_SECONDS):
                while data is None:
                    with trio.move_on_after(POLL_SECONDS):
                        await waiter.done.wait()
                    data = await trio.to_thread.run_sync(self._take, nonce)
                    if waiter.done.is_set():
                        break
            return None if data is None else decode_response(data)
        finally:
            del self._waiting[nonce]

    def _take(self, nonce: str) -> bytes | None:
        try:
            return self._carrier.take(nonce)
        except Exception as exc:  # the store is away (it logs its outages)
            log.debug("could not read the answer %s: %s", nonce, exc)
            return None

    def _want(self, nonce: str, request: HttpRequest) -> bytes | None:
        from kernel.contracts.scaleout import WANT

        headers = [[k, v] for k, v in request.headers if k not in _PRIVATE_HEADERS]
        body = json.dumps({"n": nonce, "w": self.worker, "m": request.method, "p": request.path,
                           "q": request.query, "h": headers}).encode()
        if len(body) > MAX_WANT_BYTES:
            return None
        return WANT + hmac.digest(self._key, body, "sha256").hex().encode() + b" " + body

    def on_reply(self, message: bytes) -> None:
        """``have <nonce>`` / ``done <nonce>`` on this worker's channel (bus thread)."""
        from kernel.contracts.scaleout import DONE, HAVE

        kind = "have" if message.startswith(HAVE) else "done" if message.startswith(DONE) else None
        if kind is None:
            return
        nonce = message[len(HAVE):].decode("ascii", "replace")
        try:
            self._token.run_sync_soon(self._wake, nonce, kind)
        except trio.RunFinishedError:
            pass

    def _wake(self, nonce: str, kind: str) -> None:
        waiter = self._waiting.get(nonce)
        if waiter is not None:
            waiter.have.set()  # a done implies a have (its have may come later, or be lost)
            if kind == "done":
                waiter.done.set()

    # -- answering ------------------------------------------------------------------

    def on_want(self, message: bytes) -> None:
        """A ``want`` on the all-workers channel (bus thread): answer it if this worker holds the item."""
        want = self._read_want(message)
        if want is None or want.worker == self.worker:
            return
        try:
            self._token.run_sync_soon(trio.lowlevel.spawn_system_task, self._answer, want)
        except trio.RunFinishedError:
            pass

    def _read_want(self, message: bytes) -> _Want | None:
        from kernel.contracts.scaleout import WANT

        mac, _, body = message[len(WANT):].partition(b" ")
        if not hmac.compare_digest(mac, hmac.digest(self._key, body, "sha256").hex().encode()):
            log.warning("scale-out: a side-channel request on the bus is not signed with this app's secret; "
                        "ignored (is another app using the same key_prefix with another secret?)")
            return None
        try:
            raw = json.loads(body)
            headers = tuple((str(k).lower(), str(v)) for k, v in raw["h"])
            request = HttpRequest(str(raw["m"]), str(raw["p"]), str(raw["q"]), headers)
            return _Want(str(raw["n"]), str(raw["w"]), request)
        except (ValueError, KeyError, TypeError):
            return None

    async def _answer(self, want: _Want) -> None:
        from kernel.contracts.scaleout import DONE, HAVE, worker_channel

        channel = worker_channel(want.worker)
        said_have = False
        try:
            answer: Any = None
            for route in self._routes:
                if route.matches(want.request.path):
                    answer = route.handler(want.request)
                    if answer is not None:
                        break
            if answer is None:
                return
            await trio.to_thread.run_sync(self._bus.publish, channel, HAVE + want.nonce.encode())
            said_have = True
            if inspect.isawaitable(answer):
                answer = await answer
            if isinstance(answer, HttpResponse):
                await trio.to_thread.run_sync(self._put, want, answer)
        except Exception:
            log.exception("scale-out: answering another worker's request for %s failed", want.request.path)
            if said_have:
                error = HttpResponse(500, b"internal error on the worker that holds this item; see its log\n",
                                     "text/plain; charset=utf-8")
                await trio.to_thread.run_sync(self._put, want, error)
        finally:
            if said_have:
                try:
                    await trio.to_thread.run_sync(self._bus.publish, channel, DONE + want.nonce.encode())
                except Exception as exc:  # the asker polls the store too
                    log.debug("could not tell %s its answer is ready: %s", want.worker, exc)

    def _put(self, want: _Want, response: HttpResponse) -> None:
        """Pass ``response`` to the asker (a worker thread); never raises: the asker's wait ends anyway."""
        try:
            self._put_or_explain(want, response)
        except Exception as exc:  # the store or blob_dir failed (the store logs its outages)
            log.warning("scale-out: could not pass the answer for %s to worker %s: %s", want.request.path,
                        want.worker, exc)

    def _put_or_explain(self, want: _Want, response: HttpResponse) -> None:
        from kernel_plugins.scaleout._blobs import BlobTooLarge

        try:
            self._carrier.put(want.nonce, encode_response(response))
        except BlobTooLarge as exc:
            log.warning("scale-out: %s (%s) was asked for by another worker, but it is too large to pass between "
                        "workers; that worker answers 503 (set [scaleout] blob_dir to a shared directory, or raise "
                        "max_blob_bytes)", want.request.path, exc)
            message = (f"this item is held by another worker and is too large to pass between workers ({exc}); "
                       "set [scaleout] blob_dir to a directory every worker shares, or raise [scaleout] "
                       "max_blob_bytes\n")
            self._carrier.put(want.nonce, encode_response(HttpResponse(503, message.encode(),
                                                                       "text/plain; charset=utf-8")))


def _busy() -> HttpResponse:
    return HttpResponse(503, b"too many requests for items held by other workers at once; retry\n",
                        "text/plain; charset=utf-8", (("retry-after", "1"),))
