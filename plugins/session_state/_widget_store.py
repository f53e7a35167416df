"""The widget store of a session (:class:`kernel.contracts.WidgetStore`), in memory.

The session's state owns it (``state.widgets``): the values the page reported arrive
here with each rerun request (the plugin's ``kernel_rerun_requested``), and the widget
machinery reads them while the script runs. Besides the page's raw values it keeps, per
widget id, what the last run learned about the widget (:class:`WidgetMeta`: its key, how
to turn a raw value into a Python value, its callback) and values the *server* set
(through ``st.session_state`` or the URL) that supersede a stale page value.

It is also the one place a keyed widget's value lives as ``st.session_state[key]``
shows it: the session state (:class:`kernel_plugins.session_state._state.MemorySessionState`)
publishes it here (:meth:`WidgetStates.publish`) and reads it from here, keeping no copy.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from kernel.contracts.session_state import MISSING, WidgetMeta
from kernel_plugins.session_state._empty import EMPTY, writable

__all__ = ["WidgetStates"]


class WidgetStates:
    """The core :class:`kernel.contracts.WidgetStore`: widget values of one session by
    widget id, plus the one-shot trigger of a run.

    Written from the trio main thread (a rerun request arrives), read from the script
    thread; a lock keeps the two apart. :meth:`begin_run` takes the pending trigger and
    the list of widgets the client changed (:meth:`update`) for the run that starts, so a
    button reads ``True`` in exactly one run and callbacks fire once per change.
    """

    __slots__ = ("_by_key", "_changed", "_lock", "_meta", "_pending_changed", "_pending_trigger", "_published",
                 "_server", "_shown", "_trigger", "_values")

    def __init__(self, lock: threading.Lock | threading.RLock | None = None) -> None:
        self._lock = lock if lock is not None else threading.Lock()
        """``lock``: the lock of the session state that owns the store (one lock less per
        session; it is taken around the store's calls anyway), else one of its own."""
        # The mappings start as the shared EMPTY and get a dict of their own on their
        # first write (writable): an idle session keeps none it never wrote.
        self._values: dict[str, Any] = EMPTY
        self._pending_trigger: str | None = None
        self._trigger: str | None = None
        self._pending_changed: dict[str, None] = EMPTY
        self._changed: tuple[str, ...] = ()
        self._server: dict[str, tuple[Any, Any]] = EMPTY
        self._meta: dict[str, WidgetMeta] = EMPTY
        self._by_key: dict[str, str] = EMPTY
        """User key -> the id of the widget that last remembered it."""
        self._shown: dict[str, Any] = EMPTY
        """Widget id -> its value as ``st.session_state[key]`` shows it (published widgets)."""
        self._published: dict[str, str] = EMPTY
        """User key -> the widget id whose shown value ``st.session_state[key]`` is."""

    # -- what the client reports (trio thread) ------------------------------------

    def update(self, values: Mapping[str, Any], trigger: str | None = None,
               changed: Sequence[str] | None = None) -> None:
        """Merge the client's reported values; remember ``trigger`` for the next run.

        ``changed`` (what :attr:`kernel.contracts.messages.Rerun.changed` says) lists the widgets
        the user changed since the client's last report: exactly these count as changed
        (in that order, even when a value equals the one reported before) until the next
        run starts. Other values are taken only for widgets the store knows nothing of (a
        page that reconnected to a new session); for the rest they are echoes of what the
        client showed, which may predate a value the server set, so they are ignored. The
        trigger's value (``st.chat_input`` sends one) is always taken.

        ``changed=None`` (a client that does not say): a widget whose value differs from
        the one the client reported before counts as changed, in the order of ``values``.
        """
        with self._lock:
            if values:
                self._values = writable(self._values)
            if changed is None:
                for wid, raw in values.items():
                    old = self._values.get(wid, MISSING)
                    if old is MISSING or old != raw:
                        self._mark_changed(wid)
                    self._values[wid] = raw
            else:
                declared = dict.fromkeys(w for w in changed if w in values)
                for wid, raw in values.items():
                    if wid in declared or wid == trigger:
                        self._values[wid] = raw
                    elif wid not in self._values and wid not in self._server:
                        self._values[wid] = raw
                for wid in declared:
                    self._mark_changed(wid)
            if trigger is not None:
                self._pending_trigger = trigger

    def _mark_changed(self, wid: str) -> None:
        # The latest change goes last: callbacks fire in the order of the changes.
        pending = self._pending_changed = writable(self._pending_changed)
        pending.pop(wid, None)
        pending[wid] = None

    def begin_run(self) -> None:
        """A run starts: it sees the pending trigger and changes (if any); later runs do not."""
        with self._lock:
            self._trigger, self._pending_trigger = self._pending_trigger, None
            changed = list(self._pending_changed)
            self._pending_changed = EMPTY
            if self._trigger is not None and self._trigger not in changed:
                changed.append(self._trigger)
            for wid in changed:
                # A fresh client value wins over one the server set earlier.
                if wid != self._trigger:
                    self._server.pop(wid, None)
            self._changed = tuple(changed)

    def changed(self) -> tuple[str, ...]:
        """Widget ids whose value changed (or that fired) for the current run, in order."""
        return self._changed

    def queued(self) -> tuple[str | None, tuple[str, ...]]:
        """The trigger and changes waiting for the next run (kept)."""
        with self._lock:
            return self._pending_trigger, tuple(self._pending_changed)

    # -- reading and writing values (script thread) -------------------------------

    def get(self, widget_id: str, default: Any = None) -> Any:
        """The raw value the client reported for ``widget_id``, or ``default``."""
        with self._lock:
            return self._values.get(widget_id, default)

    def set_server_value(self, widget_id: str, value: Any) -> None:
        """The server gave the widget ``value`` (through session state); it holds until
        the client reports a new value for the widget."""
        with self._lock:
            self._server = writable(self._server)
            self._server[widget_id] = (value, self._values.get(widget_id, MISSING))

    def server_value(self, widget_id: str) -> Any:
        """The value the server set for ``widget_id`` and the client has not changed since,
        or :data:`MISSING`."""
        with self._lock:
            entry = self._server.get(widget_id)
            if entry is None:
                return MISSING
            value, raw = entry
            current = self._values.get(widget_id, MISSING)
            if current is not raw and current != raw:
                del self._server[widget_id]
                return MISSING
            return value

    def reset(self, widget_id: str) -> None:
        """Forget the widget's client and server values (it shows its default again)."""
        with self._lock:
            self._values.pop(widget_id, None)
            self._server.pop(widget_id, None)

    def triggered(self, widget_id: str) -> bool:
        """Whether ``widget_id`` is the trigger that fired for the current run."""
        return self._trigger == widget_id

    @property
    def trigger(self) -> str | None:
        """The widget id that fired for the current run, if any."""
        return self._trigger

    # -- what runs learned about widgets --------------------------------------------

    def remember(self, widget_id: str, meta: WidgetMeta) -> None:
        """Record what this run knows about ``widget_id`` (for callbacks and later runs)."""
        with self._lock:
            self._meta = writable(self._meta)
            self._meta[widget_id] = meta
            if meta.key is not None:
                self._by_key = writable(self._by_key)
                self._by_key[meta.key] = widget_id

    def meta(self, widget_id: str) -> WidgetMeta | None:
        """What the last run that showed ``widget_id`` knew about it."""
        with self._lock:
            return self._meta.get(widget_id)

    def metas(self) -> dict[str, WidgetMeta]:
        """A copy of every known widget's :class:`WidgetMeta`."""
        with self._lock:
            return dict(self._meta)

    def keep_only(self, widget_ids: Iterable[str]) -> list[WidgetMeta]:
        """Drop everything about widgets not in ``widget_ids``; return the metas dropped."""
        keep = set(widget_ids)
        with self._lock:
            gone = [w for w in {*self._values, *self._meta, *self._server, *self._shown} if w not in keep]
            dropped = []
            for wid in gone:
                self._values.pop(wid, None)
                self._server.pop(wid, None)
                self._shown.pop(wid, None)
                meta = self._meta.pop(wid, None)
                if meta is not None:
                    dropped.append(meta)
                    if meta.key is not None:
                        if self._by_key.get(meta.key) == wid:
                            del self._by_key[meta.key]
                        if self._published.get(meta.key) == wid:
                            del self._published[meta.key]
            return dropped

    def to_dict(self) -> dict[str, Any]:
        """A copy of the client's raw values."""
        with self._lock:
            return dict(self._values)

    # -- keyed widgets' values as session state shows them (the session state's side) --

    def publish(self, key: str, value: Any) -> bool:
        """Make ``value`` what ``st.session_state[key]`` shows, as the value of the widget
        that last remembered ``key``; ``False`` (nothing stored) if no widget did."""
        with self._lock:
            wid = self._by_key.get(key)
            if wid is None:
                return False
            self._shown = writable(self._shown)
            self._shown[wid] = value
            self._published = writable(self._published)
            self._published[key] = wid
            return True

    def unpublish(self, key: str) -> None:
        """``st.session_state[key]`` no longer shows a widget's value."""
        with self._lock:
            wid = self._published.pop(key, None)
            if wid is not None:
                self._shown.pop(wid, None)

    def shown(self, key: str) -> Any:
        """The widget value ``st.session_state[key]`` shows, or :data:`MISSING`."""
        with self._lock:
            wid = self._published.get(key)
            return MISSING if wid is None else self._shown.get(wid, MISSING)

    def published(self) -> dict[str, Any]:
        """``{key: shown value}`` of every published widget, in the order they were published."""
        with self._lock:
            shown = self._shown
            return {key: shown[wid] for key, wid in self._published.items() if wid in shown}
