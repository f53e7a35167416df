"""A session's mirror in the store: write-ahead before each run, changed keys after it.

One :class:`Mirror` per session (in its stash), used from the script thread only (the
run hooks), where blocking on the store is fine.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from typing import TYPE_CHECKING

from kernel.contracts.scaleout import (
    WIDGETS_KEY,
    SessionStore,
    UnpicklableSessionStateError,
    UnpicklableValue,
    capture_session,
    encode_widgets,
)
from kernel.contracts.signed_values import OnceLogger
from kernel_plugins.scaleout._keys import MIRROR

if TYPE_CHECKING:
    from kernel.contracts import AppSession

__all__ = ["MIRROR", "Mirror", "ScaleoutStatistics"]

log = logging.getLogger("kernel.scaleout")
_once = OnceLogger(log)


def _digest(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=16).digest()


class ScaleoutStatistics:
    """What a session's mirror did (for ``session statistics`` and tests)."""

    __slots__ = ("bytes_written", "checkpoints", "failures", "refused", "volatile", "write_aheads")

    def __init__(self) -> None:
        self.write_aheads = 0
        self.checkpoints = 0
        self.bytes_written = 0
        self.refused = 0
        self.failures = 0
        """Writes the store failed (it was unreachable); the session went on in memory."""
        self.volatile: dict[str, str] = {}
        """Keys left out of the snapshot (they do not pickle, or are too big): key -> type."""


class Mirror:
    """Keeps the store's copy of one session in step with it."""

    def __init__(self, store: SessionStore, session: AppSession, strict: bool, max_entry_bytes: int) -> None:
        self.store = store
        self.session_id = session.id
        self.strict = strict
        self.max_entry_bytes = max_entry_bytes
        self.stats = ScaleoutStatistics()
        self.superseded = False
        self._digests: dict[str, bytes] = {}
        """Digest of the payload last written, by key (the widget envelope under WIDGETS_KEY)."""
        self._lock = threading.Lock()
        self._epoch = self._store_epoch()

    def _store_epoch(self) -> int:
        epoch = getattr(self.store, "epoch", 0)
        return epoch if isinstance(epoch, int) else 0

    def _after_outages(self) -> None:
        """The store had an outage since the last write (optional ``SessionStore.epoch``): it
        may have come back without this session, so the next write stores every key."""
        epoch = self._store_epoch()
        if epoch != self._epoch:
            with self._lock:
                self._digests = {}
            self._epoch = epoch

    def write_ahead(self, session: AppSession) -> None:
        """A run starts: store the widget values it was asked with, if they changed."""
        if self.superseded:
            return
        self._after_outages()
        payload, signed = encode_widgets(self.store.codec, self.session_id, capture_session(session))
        digest = _digest(payload)
        with self._lock:
            if self._digests.get(WIDGETS_KEY) == digest:
                return
        try:
            accepted = self.store.write_ahead(self.session_id, signed)
        except Exception as exc:
            self._failed("store the widget values", exc)
            return
        if not accepted:
            self._refused(session)
            return
        with self._lock:
            self._digests[WIDGETS_KEY] = digest
        self.stats.write_aheads += 1
        self.stats.bytes_written += len(signed)

    def checkpoint(self, session: AppSession) -> UnpicklableSessionStateError | None:
        """A run ended: write the keys it changed and delete those it removed.

        Returns the error strict mode raises for a value that does not pickle (the caller
        shows it as the run's error), else ``None``.
        """
        if self.superseded:
            return None
        self._after_outages()
        codec = self.store.codec
        capture = capture_session(session)
        changed: dict[str, bytes] = {}
        digests: dict[str, bytes] = {}
        volatile: dict[str, str] = {}
        strict_error: UnpicklableSessionStateError | None = None
        payload, signed = encode_widgets(codec, self.session_id, capture)
        digests[WIDGETS_KEY] = _digest(payload)
        with self._lock:
            known = dict(self._digests)
        if known.get(WIDGETS_KEY) != digests[WIDGETS_KEY]:
            changed[WIDGETS_KEY] = signed
        for key, value in capture.state.items():
            try:
                payload = codec.payload(key, value)
            except UnpicklableValue as exc:
                volatile[key] = exc.type_name
                if self.strict:
                    strict_error = strict_error or UnpicklableSessionStateError(str(exc))
                else:
                    _once.warning(f"unpicklable:{key}:{exc.type_name}", "%s", exc)
                continue
            if len(payload) > self.max_entry_bytes:
                volatile[key] = f"{type(value).__qualname__} of {len(payload)} bytes pickled"
                _once.warning(f"too-big:{key}", "st.session_state[%r] pickles to %d bytes, over [scaleout] "
                              "max_entry_bytes (%d): it is not saved; keep big data in st.cache_data",
                              key, len(payload), self.max_entry_bytes)
                continue
            digest = digests[key] = _digest(payload)
            if known.get(key) != digest:
                changed[key] = codec.sign(self.session_id, key, payload)
        removed = frozenset(k for k in known if k not in digests)
        self.stats.volatile = volatile
        if changed or removed:
            try:
                accepted = self.store.checkpoint(self.session_id, changed, removed)
            except Exception as exc:
                self._failed("checkpoint", exc)
                return strict_error
            if not accepted:
                self._refused(session)
                return strict_error
            self.stats.checkpoints += 1
            self.stats.bytes_written += sum(len(v) for v in changed.values())
        with self._lock:
            self._digests = digests
        return strict_error

    def interrupted(self, session: AppSession) -> None:
        """The worker drains, and its stop interrupted this run: keep none of the run's
        ``session_state`` changes (the store holds those of the last finished run) and
        store the run's trigger and changed widgets as pending, with those of requests
        waiting for the next run (a fragment's request waits for the run under way), so the
        worker that takes the session over runs the interactions again, whole and once. It
        runs them as one full run (the fragments are known there after a full run only);
        of two triggers (the run's and a waiting one) the run's is kept."""
        if self.superseded:
            return
        widgets = session.state.widgets
        # With what this run was for, what waits for the next run: a fragment's request
        # made during the run was accepted, and the page does not send it again.
        queued_trigger, queued_changed = widgets.queued()
        changed = dict.fromkeys((*widgets.changed(), *queued_changed))
        trigger = widgets.trigger if widgets.trigger is not None else queued_trigger
        pending = (trigger, tuple(changed))
        _, signed = encode_widgets(self.store.codec, self.session_id, capture_session(session), pending)
        try:
            accepted = self.store.checkpoint(self.session_id, {WIDGETS_KEY: signed}, frozenset())
        except Exception as exc:
            self._failed("store the interrupted interaction", exc)
            return
        if not accepted:
            self._refused(session)
            return
        self.stats.checkpoints += 1
        self.stats.bytes_written += len(signed)

    def _refused(self, session: AppSession) -> None:
        """Another worker owns the session now: this copy writes nothing more and closes."""
        from kernel.contracts.scaleout import SESSION_CLOSER

        self.superseded = True
        self.stats.refused += 1
        log.warning("session %s: another worker took this session over; this worker's copy stops "
                    "(its writes are refused) and closes", self.session_id)
        closer = session.app.stash.get(SESSION_CLOSER)
        if closer is not None:
            closer(self.session_id, "superseded")

    def _failed(self, action: str, exc: Exception) -> None:
        """The store failed (the store logs outages): forget what was written, so the next
        run writes every key again once the store is back."""
        self.stats.failures += 1
        log.debug("session %s: could not %s: %s", self.session_id, action, exc)
        with self._lock:
            self._digests = {}


"""Where a session's :class:`Mirror` lives in its stash."""
