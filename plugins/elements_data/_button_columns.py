"""ButtonColumn clicks: each ButtonColumn of a grid is a trigger widget whose value, in the run a
click started, is the clicked cell (``{"row": position, "column": name}``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kernel.context import get_run_context
from kernel.contracts import DeltaGenerator
from kernel.elements import register_widget, widget_id

#: Where a ButtonColumn config keeps what may not travel to the browser (callback, key).
PRIVATE = "_click"
NO_CLICK: dict[str, Any] = {"row": None, "column": None}


def _clicked(raw: Any, nrows: int, names: list[str]) -> dict[str, Any]:
    """The click the browser reported, checked: a row position in range and a known column."""
    if not isinstance(raw, dict):
        return dict(NO_CLICK)
    row, column = raw.get("row"), raw.get("column")
    if isinstance(row, bool) or not isinstance(row, int) or not 0 <= row < nrows or column not in names:
        return dict(NO_CLICK)
    return {"row": row, "column": column}


def register_button_columns(dg: DeltaGenerator, command: str, props: dict[str, Any],
                            digest: Callable[[], str]) -> None:
    """Register one trigger widget per ButtonColumn of ``props`` and give its column the id.
    ``digest`` (the data's digest, computed only if needed) tells unkeyed grids apart."""
    ctx = get_run_context()
    names = [c["name"] for c in props["columns"]]
    for column in props["columns"]:
        spec = column.pop(PRIVATE, None)
        if spec is None:
            continue
        on_click, args, kwargs, key = spec
        identity = () if key is not None else (command, column["name"], tuple(names), digest())
        wid = widget_id(dg, "button_column", key, identity)

        def present(fired: Any, wid: str = wid) -> dict[str, Any]:
            raw = ctx.session.state.widgets.get(wid) if fired and ctx is not None else None
            return _clicked(raw, props["nrows"], names)

        register_widget(dg, "button_column", label=f"ButtonColumn {column['name']!r}", key=key,
                        identity=identity, default=False, coerce=bool, trigger=True, on_change=on_click,
                        args=args, kwargs=kwargs, present=present, read_only=True)
        column["button_id"] = wid

