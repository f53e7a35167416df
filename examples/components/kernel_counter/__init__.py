"""An example custom component package, written both ways (docs/components.md).

``counter(label, step=1, key=None)`` is a v1 component: its frontend (``frontend/``) runs
in a sandboxed frame and speaks Streamlit's component protocol with a few lines of plain
JavaScript. ``tally(label, key=None)`` is a v2 component: HTML, CSS and a JavaScript
module mounted in the page. Both return a number to the script.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st
import streamlit.components.v1 as components

_counter = components.declare_component("counter", path=Path(__file__).parent / "frontend")


def counter(label: str, step: int = 1, rows: Any = None, key: str | None = None) -> int:
    """A button that counts its clicks by ``step``; ``rows`` (a data frame) is listed under it."""
    value = _counter(label=label, step=step, rows=rows, key=key, default=0)
    return int(value)


_tally = st.components.v2.component(
    "tally",
    html='<div class="tally"><button id="add" type="button"></button> <span id="total"></span></div>',
    css=".tally button { font: inherit; padding: .2rem .8rem; } .tally span { margin-left: .5rem; }",
    js="""
export default function ({ data, parentElement, setStateValue, setTriggerValue }) {
  const button = parentElement.querySelector("#add");
  const total = parentElement.querySelector("#total");
  button.textContent = data.label;
  total.textContent = String(data.total);
  button.onclick = () => {
    setStateValue("total", data.total + 1);
    setTriggerValue("clicked", data.label);
  };
}
""",
)


def tally(label: str, key: str | None = None, on_click: Any = None) -> tuple[int, str | None]:
    """A button whose total persists (state ``total``) and which reports each click (trigger ``clicked``)."""
    current = st.session_state.get(key, {}).get("total", 0) if key is not None else 0
    result = _tally(key=key, data={"label": label, "total": current}, default={"total": 0},
                    on_total_change=lambda: None, on_clicked_change=on_click)
    return int(result.total), result.clicked
