"""``st.menu_button``: a button that opens a list of options; choosing one reruns the app.

On the wire it is a trigger (like ``st.button``) that carries the chosen option's
position: the page holds the position under the widget id and fires the trigger, so the
option is returned for exactly the run the choice started and ``None`` otherwise.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from kernel.context import get_run_context
from kernel.contracts import DeltaGenerator
from kernel.contracts.markup import render_inline
from kernel_plugins.elements_inputs._inputs import (
    WidgetArgumentError,
    button_props,
    callback,
    format_labels,
    is_index,
    label_text,
    options_list,
    register_input,
)


def menu_button(dg: DeltaGenerator, label: Any, options: Any, *, key: Any = None, help: str | None = None,
                on_click: Callable[..., Any] | None = None, args: Any = None, kwargs: Any = None,
                type: str = "secondary", icon: str | None = None, disabled: bool = False, width: Any = "content",
                format_func: Callable[[Any], Any] = str, wrap: bool | None = None) -> Any:
    """``st.menu_button``: the option chosen in the run the choice started (a copy), else ``None``.

    Opening and closing the menu without choosing does not rerun; ``on_click`` runs when an
    option is chosen; the button's label never changes.
    """
    text = label_text(label)
    items = options_list("menu_button", options)
    if on_click is not None and not callable(on_click):
        raise WidgetArgumentError(f"st.menu_button(on_click={on_click!r}): on_click must be a function or None")
    cb = callback("menu_button", "on_click", on_click, args, kwargs)
    labels = format_labels("menu_button", items, format_func)
    props = button_props("menu_button", None, text, help, disabled, key, type=type, icon=icon, icon_position="left",
                         use_container_width=None, width=width, shortcut=None, wrap=wrap)
    ctx = get_run_context()
    session = ctx.session if ctx is not None else None
    wid = ""

    def chosen(fired: bool) -> Any:
        """The option the page held under the trigger (``None`` unless this run's trigger)."""
        if not fired or session is None:
            return None
        raw = session.state.widgets.get(wid)
        return copy.deepcopy(items[raw]) if is_index(raw, len(items)) else None

    def present(value: Any) -> Any:
        # The trigger's value (what st.session_state[key] shows); an option's position
        # gives that option (how AppTest's MenuButton finds the options' objects).
        if is_index(value, len(items)):
            return copy.deepcopy(items[value])
        return chosen(bool(value))

    identity = () if key is not None else (text, tuple(labels), help, type, icon, width)
    wid, fired = register_input(dg, "menu_button", label=text, key=key, identity=identity, default=False,
                                coerce=bool, trigger=True, callback=cb, disabled=disabled, read_only=True,
                                present=present)
    props.update({"id": wid, "options": [render_inline(t) for t in labels], "option_texts": labels})
    dg.add_element("menu_button", props)
    return chosen(bool(fired))
