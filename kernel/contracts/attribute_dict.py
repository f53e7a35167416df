"""The value of a widget element that reports a selection or edits: a dict read by attribute too.

Part of the element plugin API (re-exported by :mod:`kernel.elements`).
"""

from __future__ import annotations

from typing import Any

__all__ = ["AttributeDict"]


class AttributeDict(dict[str, Any]):
    """A dict whose keys are also attributes (``event.selection.rows``), like Streamlit's state objects."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"no {name!r} in this selection; it has {', '.join(self)}") from None
