"""Widgets bound to the page URL (``bind="query-params"``): each keyed widget syncs with
the query parameter named after its key, both ways."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kernel import StashKey
from kernel.context import RunContext
from kernel.contracts import AppSession
from kernel.contracts.messages import PageInfo
from kernel.contracts.session_state import WidgetStore
from kernel.contracts.widgets import Binding

__all__ = ["BOUND", "RUN_BOUND", "carry_unsynced", "changed_by_user", "sync_query_param", "take_unsynced",
           "unbind_gone"]

BOUND: StashKey[dict[str, tuple[str, tuple[str, ...]]]] = StashKey("query_bound_widgets")
"""Session stash: widget id -> (query parameter, its values as last synced with the widget)."""
RUN_BOUND: StashKey[set[str]] = StashKey("run_bound_widgets")
"""Run context: the widgets this run synced with the URL (``bind="query-params"``)."""
UNSYNCED: StashKey[tuple[str, ...]] = StashKey("unsynced_widget_changes")
"""Session stash: widgets the user changed whose change a run took but never reached (it
was interrupted for a rerun first); the next run takes them over (:data:`RUN_UNSYNCED`)."""
RUN_UNSYNCED: StashKey[frozenset[str]] = StashKey("run_unsynced_widget_changes")
"""Run context: the user's changes an interrupted run took and left to this one."""


def take_unsynced(session: AppSession, ctx: RunContext) -> None:
    """A run starts: it takes over the changes an interrupted run took and never reached.

    The widget store hands the user's changes to the run that starts next. When that run
    is interrupted before it reaches a bound widget (a second request arrived just as it
    started), the next run sees no change of that widget, and the URL the page wrote for
    the change (``dark=false``, the page's form of a default value) would never be
    corrected. Callbacks are not called again: they ran in the interrupted run.
    """
    carried = session.stash.get(UNSYNCED)
    if carried is not None:
        del session.stash[UNSYNCED]
        ctx.stash[RUN_UNSYNCED] = frozenset(carried)


def carry_unsynced(session: AppSession, ctx: RunContext, outcome: str) -> None:
    """A run ends: if it was interrupted for a rerun, leave the user's changes it took (or
    took over) and did not reach to the next run."""
    if outcome != "rerun":
        return
    reached = ctx.stash.get(RUN_BOUND) or set()
    taken = [*ctx.stash.get(RUN_UNSYNCED, frozenset()), *session.state.widgets.changed()]
    left = tuple(dict.fromkeys(w for w in taken if w not in reached))
    if left:
        session.stash[UNSYNCED] = left


def changed_by_user(ctx: RunContext, wid: str) -> bool:
    """Whether the user changed widget ``wid`` for this run (or for an interrupted run
    that did not reach it)."""
    return wid in ctx.session.state.widgets.changed() or wid in ctx.stash.get(RUN_UNSYNCED, frozenset())


def sync_query_param(session: AppSession, states: WidgetStore, wid: str, kind: str, param: str, bind: Binding,
                      coerce: Callable[[Any], Any], value: Any, default: Any, *, widget_first: bool,
                      user_changed: bool) -> Any:
    """Sync a bound widget with the URL parameter ``param``; return the widget's value.

    When the URL's values differ from those last synced (a URL opened or edited, back or
    forward) and the widget did not change in this run, the URL wins: its value becomes
    the widget's (as if assigned through session state; no parameter = the default).
    Then the URL shows the widget's value, and no parameter while it is the default.
    ``user_changed``: the user changed the widget (the page wrote the change into its URL).
    """
    store = session.state.query_string
    store.bind(param, f"st.{kind}(key={param!r})")
    synced = session.stash.setdefault(BOUND, {})
    pairs = store.pairs()
    current = tuple(v for k, v in pairs if k == param)
    last = synced.get(wid)
    if not widget_first and (last is None or last[1] != current) and (current or last is not None):
        try:
            value = coerce(bind.from_url(list(current))) if current else default
        except (TypeError, ValueError, IndexError):
            pass  # not a value of this widget: the URL is corrected below
        else:
            states.set_server_value(wid, value)
    wanted = tuple(bind.to_url(value))
    if wanted == tuple(bind.to_url(default)):
        wanted = ()
    if wanted != current and store.replace(param, wanted):
        session.queue.enqueue(PageInfo(store.text()))
    elif user_changed:
        # The page wrote the user's change into its URL itself, in its own form (a value equal
        # to the default still as a parameter, "dark=false"). The server's URL may already
        # agree with the widget (the run of an earlier change was cut short before it wrote
        # that change, so there is nothing to undo): tell the page anyway, or its URL keeps
        # the page's form of the value.
        session.queue.enqueue(PageInfo(store.text()))
    synced[wid] = (param, wanted)
    return value


def unbind_gone(session: AppSession, kept: set[str]) -> None:
    """Release the URL parameters of bound widgets not in ``kept`` (gone, or no longer bound)."""
    synced = session.stash.get(BOUND)
    if not synced:
        return
    store = session.state.query_string
    for wid in [w for w in synced if w not in kept]:
        param, _ = synced.pop(wid)
        if not any(p == param for p, _ in synced.values()):
            store.unbind(param)
