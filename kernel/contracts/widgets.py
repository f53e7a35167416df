"""The widget engine contract: how a widget command registers its widget, and what forms share.

A widget command (core or third party) calls :func:`kernel.elements.register_widget`,
which hands a :class:`WidgetRequest` to the app's :class:`WidgetEngine` (the answer of
the ``kernel_widget_engine`` hook; the core ``widgets`` plugin provides it). The engine
gives the widget a stable id and its value for this run, keeps ``st.session_state[key]``
in step, applies the rules of forms, and runs callbacks.

``st.form`` is a container another plugin draws; it tells the engine about the forms of
a run in the run context's stash under :data:`FORMS` (the engine reads them to fold a
form into its widgets' ids, apply the form rules and reset a ``clear_on_submit`` form),
and the engine tells it, under :data:`FORM_CLEARED`, which widgets a submit reset.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import attrs

from kernel._stash import StashKey
from kernel.contracts.session_state import WidgetCallback

if TYPE_CHECKING:
    from kernel.context import RunContext
    from kernel.contracts.delta_generator import DeltaGenerator

__all__ = [
    "AT_DEFAULT",
    "FORMS",
    "FORM_CLEARED",
    "PERSIST_MODES",
    "Binding",
    "FormInfo",
    "WidgetEngine",
    "WidgetRequest",
    "form_of",
]

PERSIST_MODES = (None, "page", "session")
"""The values of a widget's ``persist_state``."""


@attrs.frozen
class Binding:
    """How a widget with ``bind="query-params"`` shows its value in the page URL.

    ``to_url`` turns the widget's value into the parameter's values (one string, or
    several for a repeated parameter); ``from_url`` turns the parameter's values back
    into a raw value as the web client would report it (the widget's ``coerce`` then
    checks and clamps it; ``ValueError``/``TypeError`` from either means "not a value
    of this widget": the URL is corrected instead).
    """

    to_url: Callable[[Any], list[str]]
    from_url: Callable[[list[str]], Any]


def _same(value: Any) -> Any:
    return value


@attrs.frozen
class WidgetRequest:
    """Everything a widget command tells the engine about one widget of this run.

    See :func:`kernel.elements.register_widget` for what each field means.
    """

    kind: str
    label: str
    key: Any = None
    identity: tuple[Any, ...] = ()
    default: Any = None
    coerce: Callable[[Any], Any] = _same
    trigger: bool = False
    callback: WidgetCallback | None = None
    publish: bool = True
    present: Callable[[Any], Any] | None = None
    accept: Callable[[Any], Any] | None = None
    read_only: bool | None = None
    disabled: bool = False
    explicit_default: bool = False
    persist: str | None = None
    bind: Binding | None = None


@runtime_checkable
class WidgetEngine(Protocol):
    """Registers widgets: their ids, values, session-state keys, forms and callbacks."""

    def register(self, dg: DeltaGenerator, request: WidgetRequest) -> tuple[str, Any]:
        """Register the widget for this run where ``dg`` writes; return ``(id, value)``.
        Outside a run the value is the default."""
        ...

    def widget_id(self, dg: DeltaGenerator, kind: str, key: Any, identity: Iterable[Any]) -> str:
        """The id :meth:`register` gives this widget in the current run (same arguments)."""
        ...

    def claim_key(self, key: Any, what: str) -> None:
        """Record that ``what`` (e.g. ``"st.form"``) uses user ``key`` in this run; raise
        :class:`~kernel.contracts.DuplicateElementKey` for a key already used."""
        ...


@attrs.define
class FormInfo:
    """A form of the current run: its id (the key), whether it clears on submit, and
    where its container is (with the props it was sent with)."""

    form_id: str
    clear_on_submit: bool = False
    root: str = "main"
    path: tuple[int, ...] = ()
    props: dict[str, Any] = attrs.field(factory=dict)


FORMS: StashKey[dict[tuple[str, tuple[int, ...]], FormInfo]] = StashKey("run_forms")
"""Run context: forms created in the current run, by the (root, path) of their container."""

AT_DEFAULT: StashKey[set[str]] = StashKey("form_widgets_at_default")
"""Run context: widgets of ``clear_on_submit`` forms that show their default in this run."""

FORM_CLEARED: StashKey[list[str]] = StashKey("form_widgets_cleared")
"""Run context, at the run's end: the widgets a ``clear_on_submit`` form's submit reset
to their defaults (the engine sets it; the plugin that draws forms shows them again)."""


def form_of(dg: DeltaGenerator, ctx: RunContext | None = None) -> FormInfo | None:
    """The form ``dg`` writes into (directly or through nested containers), if any."""
    if ctx is None:
        from kernel.context import get_run_context

        ctx = get_run_context()
    if ctx is None:
        return None
    forms = ctx.stash.get(FORMS)
    if not forms:
        return None
    path = tuple(dg.path)
    for depth in range(len(path), -1, -1):
        form = forms.get((dg.root, path[:depth]))
        if form is not None:
            return form
    return None
