"""``st.dialog``: a fragment shown in a modal; it closes when a full run no longer calls it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kernel import KernelAPIException, StashKey
from kernel.context import RunContext
from kernel.contracts.markup import render_inline
from kernel.elements import check_icon, register_widget
from kernel_plugins.fragments._fragment import _wrap

WIDTHS = ("small", "medium", "large")
POSITIONS = ("center", "left", "right")

OPENED: StashKey[str] = StashKey("dialog_opened")
"""Run context: the title of the dialog opened in this run (only one may be)."""


class DialogError(KernelAPIException, ValueError):
    """``st.dialog`` was given arguments it cannot use, or two dialogs were opened in one run."""


def dialog(title: Any, *, width: Any = "small", position: str = "center", dismissible: bool = True,
           icon: str | None = None, on_dismiss: Any = "ignore") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``st.dialog``: decorate a function; calling it opens a modal with its elements.

    Widgets inside rerun only the dialog function (it is a fragment). The dialog closes
    when the user dismisses it or when a full run does not call the function again.
    """
    text = "" if title is None else str(title)
    if not text.strip():
        raise DialogError("st.dialog needs a non-empty title, e.g. @st.dialog('Edit item')")
    if width not in WIDTHS and not (isinstance(width, int) and not isinstance(width, bool) and width > 0):
        raise DialogError(f"st.dialog(width={width!r}): use one of {', '.join(WIDTHS)} or a positive int (pixels)")
    if position not in POSITIONS:
        raise DialogError(f"st.dialog(position={position!r}): use one of {', '.join(POSITIONS)}")
    if not (on_dismiss in ("ignore", "rerun") or callable(on_dismiss)):
        raise DialogError(f"st.dialog(on_dismiss={on_dismiss!r}): use 'ignore', 'rerun' or a function")
    props: dict[str, Any] = {
        "title": render_inline(text),
        "title_text": text,
        "width": width,
        "position": position,
        "dismissible": bool(dismissible),
        "icon": check_icon("dialog", icon),
    }

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        def before(ctx: RunContext) -> None:
            opened = ctx.stash.get(OPENED)
            if opened is not None:
                raise DialogError(
                    f"Only one dialog is allowed to be opened at the same time: {opened!r} is already open in this "
                    f"run, so {text!r} cannot open. Call only one @st.dialog function per run."
                )
            ctx.stash[OPENED] = text
            dismiss = None
            if on_dismiss != "ignore":
                dismiss, _ = register_widget(ctx.current_container(), "dialog_dismiss", label=text, key=None,
                                             identity=(text, func.__qualname__), default=False, coerce=bool,
                                             trigger=True, on_change=on_dismiss if callable(on_dismiss) else None)
            # A new opening (a new run) re-sends the dialog, so a dismissed one shows again.
            props["dismiss_id"] = dismiss
            props["opened_in_run"] = ctx.run_id

        return _wrap(func, kind="dialog", props=props, key=None, before=before)

    return decorate
