"""The scale-out contract: sessions that outlive their worker, and a bus between workers.

With scale-out off (the default) nothing here is used and a session lives only in the
memory of the process that serves it, as always. With it on, the plugin that provides
scale-out answers two factory hooks of the kernel:

* ``kernel_make_session_store(app)`` -- a :class:`SessionStore`, the shared home of
  every session's snapshot: the widget values of every interaction the server accepted
  (written ahead, before the run they start), each ``session_state`` value that
  encodes, the page and the query string. A worker that gets a connection for a
  session it does not hold *claims* the session there, by the session's resume token,
  and rebuilds it from the :class:`SessionSnapshot`;
* ``kernel_make_message_bus(app)`` -- a :class:`MessageBus`, fire-and-forget messages
  between the workers of one app.

The contract carries no backend's name: an in-memory store and bus ship with the
core ``scaleout`` plugin; a networked one (``kernel_contrib.scaleout_redis``) answers
the same hooks first.

Three helpers every implementation shares live here:

* :class:`ResumeTokens` -- a session's resume token is its id with an HMAC of it, so a
  worker checks a token before asking the store anything: a forged token gets a fresh
  session and the store is never touched;
* :class:`StateCodec` -- each value pickled on its own and signed with the session id
  and key (:class:`kernel.contracts.signed_values.ValueSigner`); verified *before*
  anything is unpickled; a value that does not pickle is :class:`UnpicklableValue`;
* :func:`capture_session` / :func:`apply_snapshot` -- a session's state read and
  written only through the session-state and pages contracts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import pickle
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import attrs

from kernel._stash import StashKey
from kernel.contracts.signed_values import BadSignature, ValueSigner

if TYPE_CHECKING:
    from kernel.contracts.app_session import AppSession

__all__ = [
    "ALL_WORKERS",
    "DONE",
    "DRAINING",
    "HAVE",
    "RELEASE",
    "SESSION_CLOSER",
    "WANT",
    "WIDGETS_KEY",
    "DroppedKey",
    "MessageBus",
    "ResumeTokens",
    "SessionCapture",
    "SessionSnapshot",
    "SessionStore",
    "StateCodec",
    "UnpicklableSessionStateError",
    "UnpicklableValue",
    "apply_snapshot",
    "capture_session",
    "encode_widgets",
    "snapshot_from_entries",
    "worker_channel",
]

WIDGETS_KEY = "\x00widgets"
"""The snapshot entry holding the widget values, the page and the query string (a name no
``session_state`` key written by a user can clash with through the store's own fields)."""

_SESSION_ID = re.compile(r"[0-9a-f]{32}")

RELEASE = b"release "
"""A bus message ``release <session id>`` on a worker's :func:`worker_channel`: another
worker wants the session; its owner stops it (its last run checkpoints), lets go of it in
the store and closes its connection, so the claim proceeds without waiting for a lease."""

ALL_WORKERS = "all"
"""The :class:`MessageBus` channel every worker listens on."""

WANT = b"want "
"""A bus message ``want <signed request>`` on :data:`ALL_WORKERS`: a worker got an HTTP
request for an item one of its routes does not hold (an ``HttpRoute`` with
``held_by_worker``: a media file, a page of a large frame, element data another worker's
session made). The request (method, path, query, headers, a nonce and the asking worker's
name) is signed with a key derived from the scale-out secret; a worker whose route holds
the item sends :data:`HAVE`, answers the request with that route, puts the signed answer
in the store (:meth:`SessionStore.share` under ``side:<nonce>``, or a file in the shared
``blob_dir`` for a big one) and sends :data:`DONE`."""

HAVE = b"have "
"""``have <nonce>`` on the asking worker's :func:`worker_channel`: a worker holds the item
of request ``<nonce>`` and is answering it (so the asker waits for the answer, which may
take a while: sorting a million rows, reducing a chart's points)."""

DONE = b"done "
"""``done <nonce>`` on the asking worker's :func:`worker_channel`: the answer to request
``<nonce>`` is in the store."""

SESSION_CLOSER: StashKey[Callable[[str, str], None]] = StashKey("scaleout session closer")
"""Put in ``app.stash`` by a runtime that serves scale-out: ``close(session_id, reason)``,
callable from any thread, never blocking: closes this worker's live session of that id
(if any) and its connection, because the session moved to another worker (``reason``
``"superseded"``: a newer owner claimed it; ``"handed over"``: released on request)."""


DRAINING: StashKey[bool] = StashKey("scaleout draining")
"""Put in a session's stash by a runtime that drains its worker (a rolling restart), before
it stops the session's run: a run that this stop interrupts is not checkpointed. Its
``session_state`` changes are dropped, and the widget envelope keeps the run's trigger and
changed widgets as *pending* (:attr:`SessionSnapshot.pending_trigger`), so the worker
that takes the session over runs the interrupted interaction again, whole, exactly once."""


def worker_channel(worker: str) -> str:
    """The :class:`MessageBus` channel a worker listens on for messages meant for it."""
    return f"worker:{worker}"


class ResumeTokens:
    """Issues and checks resume tokens: ``<session id>.<HMAC of it>``.

    Checking needs no store: a token whose HMAC does not verify names no session, so a
    forged or foreign token never reaches the store (nothing is read, nothing created).
    Thread-safe.
    """

    __slots__ = ("_key",)

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("a resume-token key needs at least 16 bytes")
        self._key = hashlib.sha256(b"kernel resume tokens\x00" + key).digest()

    def _mac(self, session_id: str) -> str:
        digest = hmac.digest(self._key, session_id.encode(), "sha256")[:18]
        return base64.urlsafe_b64encode(digest).decode()

    def issue(self, session_id: str) -> str:
        """The token of ``session_id`` (a 32-digit hex id, as the runtime makes them)."""
        if not _SESSION_ID.fullmatch(session_id):
            raise ValueError(f"session ids are 32 lower-case hex digits, not {session_id!r}")
        return f"{session_id}.{self._mac(session_id)}"

    def verify(self, token: str) -> str | None:
        """The session id ``token`` was issued for, or ``None`` for a token this key did not issue."""
        session_id, dot, mac = token.partition(".")
        if not dot or not _SESSION_ID.fullmatch(session_id):
            return None
        return session_id if hmac.compare_digest(mac.encode(), self._mac(session_id).encode()) else None


class UnpicklableValue(ValueError):
    """A ``session_state`` value that cannot be encoded (a lock, a connection, a client):
    it is not persisted. :attr:`advice` says what to do instead."""

    def __init__(self, key: str, type_name: str, cause: str) -> None:
        self.key = key
        self.type_name = type_name
        self.advice = ("keep resources (locks, connections, clients) in st.cache_resource, "
                       "not in st.session_state, or recreate them when the key is missing")
        super().__init__(f"st.session_state[{key!r}] holds a {type_name} that cannot be pickled ({cause}); "
                         f"it is not saved and is missing after the session moves to another worker: "
                         f"{self.advice}")


class UnpicklableSessionStateError(RuntimeError):
    """Strict scale-out (``[scaleout] strict = true``): the run left a value in
    ``session_state`` that cannot be saved."""


class StateCodec:
    """Encodes one value at a time: pickle (protocol 5), then signed with the session id
    and the key, so a value copied to another session or key does not verify. Thread-safe."""

    __slots__ = ("_signer",)

    def __init__(self, signer: ValueSigner) -> None:
        self._signer = signer

    def encode(self, session_id: str, key: str, value: Any) -> bytes:
        """The signed bytes of ``value``; :class:`UnpicklableValue` if it does not pickle."""
        return self._signer.sign(self.payload(key, value), session_id, key)

    @staticmethod
    def payload(key: str, value: Any) -> bytes:
        """``value`` pickled, unsigned (what a checkpoint compares to find changed keys)."""
        try:
            return pickle.dumps(value, protocol=5)
        except Exception as exc:  # pickle raises TypeError, AttributeError, PicklingError, ...
            raise UnpicklableValue(key, f"{type(value).__module__}.{type(value).__qualname__}",
                                   f"{type(exc).__name__}: {exc}") from None

    def sign(self, session_id: str, key: str, payload: bytes) -> bytes:
        """Sign a :meth:`payload` for ``key`` of ``session_id``."""
        return self._signer.sign(payload, session_id, key)

    def decode(self, session_id: str, key: str, data: bytes) -> Any:
        """The value of ``data``, checked before it is unpickled.

        Raises :class:`~kernel.contracts.signed_values.BadSignature` for bytes this key did
        not sign for this session and key, and whatever unpickling raises (a class that
        moved or is gone: ``AttributeError``/``ModuleNotFoundError``).
        """
        return pickle.loads(self._signer.open(data, session_id, key))  # noqa: S301 - verified first


@attrs.frozen
class DroppedKey:
    """A snapshot entry that was not restored, and why (for a log line and the
    ``kernel_session_restored`` hook)."""

    key: str
    reason: str


@attrs.frozen
class SessionSnapshot:
    """A session as a worker claimed it: decoded, ready for :func:`apply_snapshot`.

    ``generation`` is the claim's fencing generation (each claim counts one up);
    ``widgets`` the raw values the page last reported, by widget id; ``state`` the
    ``session_state`` keys that decoded; ``dropped`` the entries that did not.
    """

    session_id: str
    generation: int
    widgets: Mapping[str, Any] = attrs.field(factory=dict)
    state: Mapping[str, Any] = attrs.field(factory=dict)
    query_string: str = ""
    page: str | None = None
    dropped: tuple[DroppedKey, ...] = ()
    pending_trigger: str | None = None
    """The trigger of a run its worker interrupted to drain (see :data:`DRAINING`): the
    restored session's next run fires it."""
    pending_changed: tuple[str, ...] = ()
    """The widgets that run counted as changed (their callbacks fire again)."""


@attrs.frozen
class SessionCapture:
    """What :func:`capture_session` read: the widget envelope (widget values by id, page,
    query string) and the ``session_state`` keys that are not widget values."""

    widgets: dict[str, Any]
    query_string: str
    page: str | None
    state: dict[str, Any]


def capture_session(session: AppSession) -> SessionCapture:
    """Read what a snapshot keeps of ``session``, through the contracts only.

    Keys of keyed widgets are left out of ``state``: their values travel with the widget
    values (the widget store), which the restored page reports back anyway.
    """
    from kernel.contracts.pages import session_pages

    state = session.state
    widget_keys = {meta.key for meta in state.widgets.metas().values() if meta.key is not None}
    pages = session_pages(session)
    return SessionCapture(
        widgets=state.widgets.to_dict(),
        query_string=state.query_string.text(),
        page=pages.current() if pages is not None else None,
        state={k: v for k, v in state.to_dict().items() if k not in widget_keys},
    )


def apply_snapshot(session: AppSession, snapshot: SessionSnapshot) -> None:
    """Put ``snapshot`` into a new ``session`` (before its first run), through the contracts.

    The widget values become the page's reported values without counting as changes (no
    callback fires again); the query string and page are those of the snapshot.
    """
    from kernel.contracts.pages import session_pages

    state = session.state
    if snapshot.widgets or snapshot.pending_trigger is not None:
        # An interaction a drained worker interrupted is pending again (its run had not
        # finished, so none of its session_state changes were kept).
        state.widgets.update(dict(snapshot.widgets), trigger=snapshot.pending_trigger,
                             changed=snapshot.pending_changed)
    if snapshot.query_string:
        state.query_string.set(snapshot.query_string)
    for key, value in snapshot.state.items():
        state[key] = value
    pages = session_pages(session)
    if snapshot.page and pages is not None:
        pages.request(snapshot.page)


@runtime_checkable
class SessionStore(Protocol):
    """The shared home of sessions, for one worker. Blocking: call it from a worker or
    script thread (``trio.to_thread``), never from the trio main thread.

    Ownership: a session has one owner worker at a time. A worker owns the sessions it
    opened and those it :meth:`claim`-ed; a claim makes the claimer the owner and counts
    the session's generation up, so the former owner's writes are refused from then on
    (:meth:`write_ahead` and :meth:`checkpoint` return ``False``: that worker closes its
    copy). Writes carry no generation: the store remembers which one it holds.

    **Optional:** ``epoch: int``, counting the outages of a networked store. A session's
    next write after the epoch changed stores every key again, not only the changed ones
    (the server may have come back without the session).
    """

    tokens: ResumeTokens
    """Issues and checks the resume tokens of this app's sessions."""
    codec: StateCodec
    """Encodes and decodes ``session_state`` values."""
    worker: str
    """This worker's name (unique among the workers of the app)."""

    def claim(self, session_id: str) -> SessionSnapshot | None:
        """Take the session over and return it decoded; ``None`` when the store has no
        such session, in which case nothing is written. A key that does not decode is in
        ``dropped``, never an error: restore never fails a session as a whole."""
        ...

    def write_ahead(self, session_id: str, widgets: bytes) -> bool:
        """Store the signed widget envelope (:data:`WIDGETS_KEY`) before a run starts;
        ``False`` if another worker owns the session now (nothing written)."""
        ...

    def checkpoint(self, session_id: str, changed: Mapping[str, bytes], removed: frozenset[str]) -> bool:
        """Write the changed ``session_state`` entries (signed bytes) and delete the
        removed ones, after a run; ``False`` if another worker owns the session now."""
        ...

    def superseded(self, session_id: str) -> bool:
        """Whether another worker claimed the session since this worker last held it, so
        this worker's copy is stale (a reconnect here claims it again instead of resuming
        that copy). ``False`` for a session the store does not have."""
        ...

    def release(self, session_id: str) -> None:
        """This worker lets go of the session (it keeps its snapshot for another worker)."""
        ...

    def forget(self, session_id: str) -> None:
        """The session is over: delete its snapshot, if this worker still owns it."""
        ...

    def close(self) -> None:
        """Release every session this worker owns and free the store's resources."""
        ...

    def share(self, name: str, data: bytes, ttl: float) -> None:
        """Keep ``data`` under ``name`` for ``ttl`` seconds, for every worker (the answer to
        an HTTP side channel's request asked of another worker: :data:`WANT`)."""
        ...

    def shared(self, name: str) -> bytes | None:
        """What :meth:`share` kept under ``name``, or ``None``."""
        ...

    def unshare(self, name: str) -> None:
        """Forget what :meth:`share` kept under ``name`` (its reader is done with it)."""
        ...


@runtime_checkable
class MessageBus(Protocol):
    """Fire-and-forget messages between the workers of one app. Thread-safe; callbacks
    run in a thread of the bus's own (not the trio main thread) and must not block."""

    def publish(self, channel: str, message: bytes) -> None:
        """Send ``message`` to every current subscriber of ``channel`` (none: dropped)."""
        ...

    def subscribe(self, channel: str, callback: Callable[[bytes], None]) -> Callable[[], None]:
        """Call ``callback`` with each message on ``channel``; returns the unsubscribe function."""
        ...

    def close(self) -> None:
        """Stop delivering messages and free the bus's resources."""
        ...



def encode_widgets(codec: StateCodec, session_id: str, capture: SessionCapture,
                   pending: tuple[str | None, tuple[str, ...]] | None = None) -> tuple[bytes, bytes]:
    """The widget envelope of ``capture`` (widget values, query string, page, and the
    ``(trigger, changed)`` of an interrupted run that is ``pending``): its unsigned payload
    (to compare with the last one written) and its signed bytes."""
    envelope: dict[str, Any] = {"widgets": capture.widgets, "query_string": capture.query_string,
                                "page": capture.page}
    if pending is not None:
        envelope["pending"] = {"trigger": pending[0], "changed": list(pending[1])}
    payload = codec.payload(WIDGETS_KEY, envelope)
    return payload, codec.sign(session_id, WIDGETS_KEY, payload)


def snapshot_from_entries(codec: StateCodec, session_id: str, generation: int,
                          entries: Mapping[str, bytes]) -> SessionSnapshot:
    """Decode a stored session, each entry on its own: one that fails (a bad signature, a
    class that moved) is a :class:`DroppedKey`, and the others are restored."""
    dropped: list[DroppedKey] = []
    state: dict[str, Any] = {}
    envelope: Any = {}
    for key, data in entries.items():
        try:
            value = codec.decode(session_id, key, data)
        except BadSignature as exc:
            dropped.append(DroppedKey(key, f"bad signature: {exc.reason}"))
            continue
        except Exception as exc:  # unpickling runs arbitrary (but verified) code: anything can fail
            dropped.append(DroppedKey(key, f"could not be unpickled: {type(exc).__name__}: {exc}"))
            continue
        if key == WIDGETS_KEY:
            envelope = value
        else:
            state[key] = value
    if not isinstance(envelope, dict):
        dropped.append(DroppedKey(WIDGETS_KEY, "the widget envelope is not a dict"))
        envelope = {}
    pending = envelope.get("pending")
    trigger: str | None = None
    changed: tuple[str, ...] = ()
    if isinstance(pending, dict):
        trigger = pending.get("trigger") if isinstance(pending.get("trigger"), str) else None
        changed = tuple(w for w in pending.get("changed") or () if isinstance(w, str))
    return SessionSnapshot(
        session_id=session_id, generation=generation, widgets=dict(envelope.get("widgets") or {}),
        state=state, query_string=str(envelope.get("query_string") or ""), page=envelope.get("page"),
        dropped=tuple(dropped), pending_trigger=trigger, pending_changed=changed,
    )
