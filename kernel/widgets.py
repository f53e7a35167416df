"""The seam between a session and its widgets: the values the client reported.

The session stores what arrives in :class:`kernel.messages.Rerun` here; widget
commands read their value here while the script runs. The store lives in the
session's stash under :data:`WIDGET_STATES`, so neither side imports the other, and a
richer session-state plugin can take it over by reading and writing the same store.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from kernel.stash import StashKey

if TYPE_CHECKING:
    from kernel.contracts import AppSession

__all__ = ["WIDGET_STATES", "WidgetStates", "widget_states"]


class WidgetStates:
    """Widget values of one session by widget id, plus the one-shot trigger of a run.

    Written from the trio main thread (a rerun request arrives), read from the script
    thread; a lock keeps the two apart. :meth:`begin_run` takes the pending trigger for
    the run that starts, so a button reads ``True`` in exactly one run.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[str, Any] = {}
        self._pending_trigger: str | None = None
        self._trigger: str | None = None

    def update(self, values: Mapping[str, Any], trigger: str | None = None) -> None:
        """Merge the client's reported values; remember ``trigger`` for the next run."""
        with self._lock:
            self._values.update(values)
            if trigger is not None:
                self._pending_trigger = trigger

    def begin_run(self) -> None:
        """A run starts: it sees the pending trigger (if any); later runs do not."""
        with self._lock:
            self._trigger, self._pending_trigger = self._pending_trigger, None

    def get(self, widget_id: str, default: Any = None) -> Any:
        """The reported value of ``widget_id``, or ``default``."""
        with self._lock:
            return self._values.get(widget_id, default)

    def __contains__(self, widget_id: object) -> bool:
        with self._lock:
            return widget_id in self._values

    def set(self, widget_id: str, value: Any) -> None:
        """Set a value from the server side (e.g. a clamped or defaulted value)."""
        with self._lock:
            self._values[widget_id] = value

    def triggered(self, widget_id: str) -> bool:
        """Whether ``widget_id`` is the trigger that fired for the current run."""
        return self._trigger == widget_id

    def keep_only(self, widget_ids: Iterable[str]) -> None:
        """Drop the values of widgets not in ``widget_ids`` (after a complete run)."""
        keep = set(widget_ids)
        with self._lock:
            for wid in [w for w in self._values if w not in keep]:
                del self._values[wid]

    def to_dict(self) -> dict[str, Any]:
        """A copy of the values."""
        with self._lock:
            return dict(self._values)


WIDGET_STATES: StashKey[WidgetStates] = StashKey("widget_states")
"""Where a session keeps its :class:`WidgetStates`."""


def widget_states(session: AppSession) -> WidgetStates:
    """The widget values of ``session``, created on first use."""
    store = session.stash.get(WIDGET_STATES)
    if store is None:
        store = session.stash.setdefault(WIDGET_STATES, WidgetStates())
    return store
