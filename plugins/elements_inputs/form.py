"""``st.form`` and ``st.form_submit_button``: widgets whose values reach the script on submit.

The browser holds the edits of a form's widgets and sends them in one rerun request
together with the submit button as the trigger; until then every run sees the values
of the last submit (or the defaults). The server side enforces the layout rules (no
nested forms, no ``st.button`` or callbacks other than the submit button's inside a
form, submit buttons only inside forms), folds the form into the ids of its unkeyed
widgets, and resets a ``clear_on_submit`` form's widgets after the submit run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kernel import KernelError, NoRunContextError, StashKey
from kernel.context import RunContext, get_run_context
from kernel.contracts import DeltaGenerator
from kernel.contracts.elements import InvalidLayoutContextError, ValueAssignmentNotAllowedError
from kernel.contracts.messages import Delta, Element
from kernel.contracts.widgets import AT_DEFAULT, FORMS, FormInfo, form_of
from kernel.elements import claim_key, register_widget
from kernel_plugins.elements_inputs._inputs import WidgetArgumentError, button_props, callback_options
from kernel_plugins.elements_inputs._inputs import callback as make_callback


def form(dg: DeltaGenerator, key: Any, clear_on_submit: bool = False, *, enter_to_submit: bool = True,
         border: bool = True, width: Any = "stretch", height: Any = "content") -> DeltaGenerator:
    """``st.form``: a container whose widgets send their values only when submitted."""
    ctx = get_run_context()
    if ctx is None:
        raise NoRunContextError("st.form is only available while a script runs (kernel run app.py)")
    if key is None or key == "" or not isinstance(key, str | int):
        raise KernelError(f"st.form(key={key!r}): a form needs a key, a non-empty string unique in the app, "
                          "e.g. st.form('signup')")
    outer = form_of(dg, ctx)
    if outer is not None:
        raise InvalidLayoutContextError(
            f"Forms cannot be nested in other forms: st.form({key!r}) is inside st.form({outer.form_id!r}). "
            "Close the outer `with st.form(...)` block first."
        )
    claim_key(dg, key, "st.form")
    assigned, _ = ctx.session.state.take_assigned(str(key))
    if assigned:
        raise ValueAssignmentNotAllowedError(
            f"Values for the st.form with key {key!r} cannot be set using st.session_state: a form's key is "
            f"read-only. Remove the assignment st.session_state[{key!r}] = ..."
        )
    props: dict[str, Any] = {
        "form_id": str(key),
        "key": key,
        "clear_on_submit": bool(clear_on_submit),
        "enter_to_submit": bool(enter_to_submit),
        "border": bool(border),
        "width": width,
        "height": height,
        "has_submit": False,
    }
    if clear_on_submit:
        _watch_clearing_widgets(ctx)
    block = dg.add_block("form", props)
    ctx.stash.setdefault(FORMS, {})[(block.root, tuple(block.path))] = FormInfo(
        str(key), clear_on_submit=bool(clear_on_submit), root=block.root, path=tuple(block.path), props=props
    )
    return block


def form_submit_button(dg: DeltaGenerator, label: Any = "Submit", help: str | None = None,
                       on_click: Callable[..., Any] | None = None, args: Any = None, kwargs: Any = None, *,
                       key: Any = None, type: str = "secondary", icon: str | None = None,
                       icon_position: str = "left", disabled: bool = False,
                       use_container_width: bool | None = None, width: Any = "content", shortcut: str | None = None,
                       wrap: bool | None = None) -> bool:
    """``st.form_submit_button``: submits its form; ``True`` only in the run the submit started."""
    ctx = get_run_context()
    info = form_of(dg, ctx) if ctx is not None else None
    if ctx is not None and info is None:
        raise InvalidLayoutContextError(
            "st.form_submit_button() must be used inside an st.form(): put it in a `with st.form(key):` block "
            "or call it on the form (my_form.form_submit_button())."
        )
    text = "" if label is None else str(label)
    if on_click is not None and not callable(on_click):
        raise WidgetArgumentError(f"st.form_submit_button(on_click={on_click!r}): on_click must be a function or "
                                  "None")
    callback = make_callback("form_submit_button", "on_click", on_click, args, kwargs)
    identity = () if key is not None else (text, help, type, icon, width)
    wid, clicked = register_widget(dg, "form_submit_button", label=text, key=key, identity=identity,
                                   default=False, coerce=bool, trigger=True, disabled=disabled,
                                   **callback_options(callback))
    form_id = info.form_id if info is not None else ""
    props = button_props("form_submit_button", wid, text, help, disabled, key, type=type, icon=icon,
                         icon_position=icon_position, use_container_width=use_container_width, width=width,
                         shortcut=shortcut, wrap=wrap)
    dg.add_element("form_submit_button", {**props, "form_id": form_id, "key": key})
    if info is not None and not info.props.get("has_submit"):
        # Tell the page the form can submit (it warns about a form without a submit button).
        info.props = {**info.props, "has_submit": True}
        dg.session.queue.enqueue(
            Delta(info.root, info.path, Element("form", dict(info.props), block=True))
        )
    return bool(clicked)


SNAPSHOTS: StashKey[dict[str, tuple[str, dict[str, Any]]]] = StashKey("form_default_snapshots")
"""Session stash: the element (kind, props) each widget of a ``clear_on_submit`` form
showed the last time it held its default: what the page shows again after a submit."""
POSITIONS: StashKey[dict[str, tuple[str, tuple[int, ...]]]] = StashKey("form_widget_positions")
"""Run context: where this run put each widget of a ``clear_on_submit`` form."""
WATCHING: StashKey[bool] = StashKey("form_watching")


def _watch_clearing_widgets(ctx: RunContext) -> None:
    """Remember how widgets of ``clear_on_submit`` forms look at their default, and where
    they are, so that a submit can put them back on the page (see :func:`show_cleared`)."""
    if ctx.stash.get(WATCHING):
        return
    ctx.stash[WATCHING] = True
    snapshots = ctx.session.stash.setdefault(SNAPSHOTS, {})
    positions = ctx.stash.setdefault(POSITIONS, {})

    def observe(container: Any, kind: str, props: Mapping[str, Any], added: Any) -> None:
        wid = props.get("id")
        if not isinstance(wid, str) or form_of(container, ctx) is None:
            return
        positions[wid] = (added.root, tuple(added.path))
        if wid in ctx.stash.get(AT_DEFAULT, set()):
            snapshots[wid] = (kind, {k: v for k, v in props.items() if v is not None})

    ctx.element_observers.append(observe)


def show_cleared(ctx: RunContext, cleared: list[str]) -> None:
    """After the submit run of a ``clear_on_submit`` form: show its widgets at their
    defaults again (the page's values were sent with the submit and are forgotten)."""
    snapshots = ctx.session.stash.get(SNAPSHOTS) or {}
    positions = ctx.stash.get(POSITIONS) or {}
    for wid in cleared:
        shown, where = snapshots.get(wid), positions.get(wid)
        if shown is not None and where is not None:
            kind, props = shown
            ctx.session.queue.enqueue(Delta(where[0], where[1], Element(kind, dict(props))))
