"""The first element commands: plain text and headings."""

from __future__ import annotations

from typing import Any

from kernel.contracts import DeltaGenerator


def text(dg: DeltaGenerator, body: Any, *, help: str | None = None) -> DeltaGenerator:
    """``st.text``: fixed-width preformatted text."""
    return dg.add_element("text", {"body": str(body), "help": help})


def title(dg: DeltaGenerator, body: Any, anchor: str | None = None, *, help: str | None = None) -> DeltaGenerator:
    """``st.title``: the page's top heading."""
    return dg.add_element("heading", {"body": str(body), "level": 1, "anchor": anchor, "help": help})
