"""ButtonColumn clicks: each keyed ButtonColumn of a grid is a trigger widget whose value, in the
run a click started, is the click ``{"row": position, "label": the button's label}`` (Streamlit's
``ButtonColumnClickState``) and ``None`` in every other run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kernel.context import get_run_context
from kernel.contracts import DeltaGenerator
from kernel.elements import AttributeDict, register_widget, widget_id

#: Where a grid's column entry keeps its ButtonColumnResult (callback, key) until the widget is registered.
PRIVATE = "_click"
MAX_LABEL = 4096


def cell_labels(value: Any) -> list[str]:
    """The labels of a ButtonColumn cell's buttons: one per item of a list, else the value itself
    (none for an empty cell)."""
    if value is None or (isinstance(value, float) and value != value):
        return []
    if isinstance(value, str):
        return [value]
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v is not None]
    return [str(value)]


def checked_click(raw: Any, frame: Callable[[], Any], position: int) -> AttributeDict | None:
    """The click the browser reported, if it names a row of the frame and the label of one of that
    cell's buttons (column ``position``); ``None`` for anything else."""
    if not isinstance(raw, dict):
        return None
    row, label = raw.get("row"), raw.get("label")
    if isinstance(row, bool) or not isinstance(row, int) or row < 0:
        return None
    if not isinstance(label, str) or len(label) > MAX_LABEL:
        return None
    data = frame()
    if row >= len(data) or label not in cell_labels(data.iat[row, position]):
        return None
    return AttributeDict(row=row, label=label)


class _Clicks:
    """One keyed ButtonColumn in one run: reads the click the browser reported and checks it
    against that run's frame (once per reported click)."""

    def __init__(self, wid: str, frame: Callable[[], Any], position: int) -> None:
        self.wid, self.frame, self.position = wid, frame, position
        self.ctx = get_run_context()
        self.last: tuple[Any, AttributeDict | None] | None = None

    def click(self) -> AttributeDict | None:
        raw = self.ctx.session.state.widgets.get(self.wid) if self.ctx is not None else None
        if raw is None:
            return None
        if self.last is None or self.last[0] != raw:
            self.last = (raw, checked_click(raw, self.frame, self.position))
        return self.last[1]

    def present(self, fired: Any) -> AttributeDict | None:
        """``st.session_state[key]``: the checked click in the run it started, else ``None``."""
        return self.click() if fired else None

    def guarded(self, on_click: Callable[..., Any]) -> Callable[..., Any]:
        """``on_click``, called only for a click that checks (a forged one calls nothing)."""

        def call(*args: Any, **kwargs: Any) -> Any:
            return on_click(*args, **kwargs) if self.click() is not None else None

        return call


def register_button_columns(dg: DeltaGenerator, props: dict[str, Any], frame: Callable[[], Any]) -> None:
    """Register one trigger widget per keyed ButtonColumn of ``props`` and give its column the id.
    ``frame`` (the grid's DataFrame, asked for only when a click is checked) holds the cells."""
    for position, column in enumerate(props["columns"]):
        spec = column.pop(PRIVATE, None)
        if spec is None:
            continue
        wid = widget_id(dg, "button_column", spec.key, ())
        clicks = _Clicks(wid, frame, position)
        register_widget(dg, "button_column", label=f"ButtonColumn {column['name']!r}", key=spec.key,
                        identity=(), default=False, coerce=bool, trigger=True,
                        on_change=None if spec.on_click is None else clicks.guarded(spec.on_click),
                        args=spec.args or (), kwargs=spec.kwargs or {}, present=clicks.present, read_only=True)
        column["button_id"] = wid
