"""Widget identity and values: ids from kind, key and parameters; values from the session."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import attrs

from kernel.context import get_run_context
from kernel.contracts import AppSession, DeltaGenerator
from kernel.errors import KernelError
from kernel.stash import StashKey
from kernel.widgets import widget_states

RUN_WIDGETS: StashKey[dict[str, str]] = StashKey("run_widget_ids")
"""Widget ids registered in the current run (id -> kind), kept in the run context's stash."""
RUN_KEYS: StashKey[set[str]] = StashKey("run_widget_keys")
"""User keys used in the current run."""


@attrs.frozen
class Callback:
    """A widget's ``on_change``/``on_click`` with its ``args`` and ``kwargs``."""

    fn: Callable[..., Any]
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class _Registered:
    callback: Callback
    raw: Any
    trigger: bool


CALLBACKS: StashKey[dict[str, _Registered]] = StashKey("widget_callbacks")
"""Callbacks of the widgets of the session's last run, by widget id (session stash)."""


class DuplicateWidgetID(KernelError):
    """Two widgets in one run have the same id (same kind and parameters, or the same key)."""


_MISSING = object()


def widget_id(kind: str, key: Any, identity: Iterable[Any], root: str) -> str:
    """The stable id of a widget.

    Without a ``key`` every value-shaping parameter (``identity``) and the root container
    participate, so changing them makes a new widget. With a ``key`` only the key and
    the widget's short whitelist of parameters (also in ``identity``) do.
    """
    import hashlib  # here, not at start-up

    basis = repr((kind, key, tuple(identity), None if key is not None else root))
    digest = hashlib.blake2b(basis.encode(), digest_size=8).hexdigest()
    return f"{kind}-{digest}" if key is None else f"{kind}-{digest}-{key}"


def register_widget(
    dg: DeltaGenerator,
    kind: str,
    *,
    label: str,
    key: Any,
    identity: Iterable[Any],
    default: Any,
    coerce: Callable[[Any], Any],
    trigger: bool = False,
    callback: Callback | None = None,
    publish: bool = True,
) -> tuple[str, Any]:
    """Register a widget for this run and return ``(id, value)``.

    The value is the client's reported value passed through ``coerce`` (which raises
    ``ValueError``/``TypeError`` for a value it cannot use, falling back to
    ``default``), or ``default`` before any interaction. A trigger widget (a button)
    is ``True`` only in the run its click started. ``callback`` runs at the start of
    the next run whose value for this widget changed (or whose trigger fired). With a
    ``key`` and ``publish``, the value is also ``st.session_state[key]``.
    """
    if key == "":
        raise KernelError(f"st.{kind}(key='') is not a valid key; use a non-empty string or int, or leave it out")
    wid = widget_id(kind, key, identity, dg.root)
    ctx = get_run_context()
    if ctx is None:
        return wid, default
    seen = ctx.stash.setdefault(RUN_WIDGETS, {})
    if key is not None:
        keys = ctx.stash.setdefault(RUN_KEYS, set())
        if str(key) in keys:
            raise DuplicateWidgetID(
                f"There are multiple elements with the same key={key!r}. Give each widget a unique key."
            )
        keys.add(str(key))
    if wid in seen:
        raise DuplicateWidgetID(
            f"There are multiple {kind} widgets with the same auto-generated ID (label {label!r} and the same "
            f"parameters). Give each one a unique key, e.g. st.{kind}({label!r}, key='{kind}_2')."
        )
    seen[wid] = kind
    states = widget_states(ctx.session)
    raw = states.get(wid, _MISSING)
    callbacks = ctx.session.stash.setdefault(CALLBACKS, {})
    if callback is not None:
        callbacks[wid] = _Registered(callback, raw, trigger)
    elif wid in callbacks:
        del callbacks[wid]
    if trigger:
        value: Any = states.triggered(wid)
    else:
        value = default
        if raw is not _MISSING:
            try:
                value = coerce(raw)
            except (TypeError, ValueError):
                value = default
    if key is not None and publish:
        ctx.session.state[str(key)] = value
    return wid, value


def run_callbacks(session: AppSession) -> None:
    """Call the callbacks of widgets whose value changed (or trigger fired) since the last run."""
    callbacks = session.stash.get(CALLBACKS)
    if not callbacks:
        return
    states = widget_states(session)
    for wid, reg in list(callbacks.items()):
        if reg.trigger:
            fire = states.triggered(wid)
        else:
            now = states.get(wid, _MISSING)
            fire = now is not _MISSING and now != reg.raw
        if fire:
            # Later runs compare against the value this callback has seen.
            callbacks[wid] = attrs.evolve(reg, raw=states.get(wid, _MISSING))
            reg.callback.fn(*reg.callback.args, **reg.callback.kwargs)


def forget_widgets(session: AppSession, keep: Iterable[str]) -> None:
    """After a complete run: drop values and callbacks of widgets that run did not show."""
    keep = set(keep)
    widget_states(session).keep_only(keep)
    callbacks = session.stash.get(CALLBACKS)
    if callbacks:
        for wid in [w for w in callbacks if w not in keep]:
            del callbacks[wid]
