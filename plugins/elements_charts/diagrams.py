"""``st.graphviz_chart`` and ``st.mermaid_chart``: diagrams from their text, laid out and drawn in the browser.

Graphviz runs in the browser as WebAssembly (``@viz-js/viz``), as Streamlit does: the
server never lays out a graph, so a large or hostile DOT source costs only the page that
shows it, and no Debian package is needed. The SVG Graphviz makes is sanitised in the
page before it is shown (``_svg_safe.js``: no script, no event handler, no ``javascript:``
link, no external reference), since DOT labels and URLs may come from users. Mermaid runs
with ``securityLevel: "strict"``. Both bundles are vendored from npm by
``scripts/vendor_diagrams.sh`` and loaded only by pages that show such a diagram.
"""

from __future__ import annotations

import textwrap
from typing import Any

from kernel.contracts import DeltaGenerator
from kernel.elements import argument_error as fail
from kernel.elements import check_height, check_width, container_width
from kernel_plugins.elements_charts._vendor_diagrams import MERMAID_URL, VIZ_URL

ENGINES = ("dot", "neato", "twopi", "circo", "fdp", "sfdp", "osage", "patchwork")
"""Graphviz layout engines a ``graphviz.Graph``'s ``engine`` may name."""
MAX_SOURCE_CHARS = 2_000_000
"""Longest DOT or Mermaid text sent to the page (larger ones are refused with an error)."""


def _dot_source(figure_or_dot: Any) -> tuple[str, str]:
    """The DOT text and layout engine of a DOT string or a ``graphviz`` Graph/Digraph/Source."""
    if isinstance(figure_or_dot, str):
        return figure_or_dot, "dot"
    source = getattr(figure_or_dot, "source", None)
    if not isinstance(source, str):
        raise fail("graphviz_chart", "figure_or_dot", figure_or_dot,
                   "give DOT source (a str such as 'digraph { a -> b }') or a graphviz Graph, Digraph or Source")
    engine = getattr(figure_or_dot, "engine", "dot")
    return source, engine if engine in ENGINES else "dot"


def _checked_text(command: str, param: str, text: str) -> str:
    if not text.strip():
        raise fail(command, param, text, "the diagram's text is empty")
    if len(text) > MAX_SOURCE_CHARS:
        raise fail(command, param, text, f"the text is {len(text):,} characters; the limit is {MAX_SOURCE_CHARS:,}")
    return text


def graphviz_chart(dg: DeltaGenerator, figure_or_dot: Any, use_container_width: bool | None = None, *,
                   width: Any = "content", height: Any = "content", alt: str | None = None) -> DeltaGenerator:
    """``st.graphviz_chart``: a graph from DOT source or a ``graphviz`` object, laid out by Graphviz in the browser.

    ``width="content"`` shows the graph at its natural size (shrunk to fit the column),
    ``"stretch"`` scales it to the column's width, an int to that many pixels; ``height``
    likewise (``"content"``: as tall as the graph at that width).
    """
    source, engine = _dot_source(figure_or_dot)
    props = {
        "dot": _checked_text("graphviz_chart", "figure_or_dot", source),
        "engine": engine,
        "width": container_width("graphviz_chart", width, use_container_width),
        "height": check_height("graphviz_chart", height),
        "alt": alt,
        "bundle": VIZ_URL,
    }
    return dg.add_element("graphviz_chart", props)


def mermaid_chart(dg: DeltaGenerator, body: Any, *, width: Any = "stretch", alt: str | None = None) -> DeltaGenerator:
    """``st.mermaid_chart``: a Mermaid diagram from its text, drawn in the browser in the app's light or dark theme.

    A syntax error is shown in the app where the diagram would be.
    """
    if not isinstance(body, str):
        raise fail("mermaid_chart", "body", body, "give the diagram's Mermaid text as a str, e.g. 'graph LR; A-->B'")
    props = {
        "body": _checked_text("mermaid_chart", "body", textwrap.dedent(body).strip()),
        "width": check_width("mermaid_chart", width),
        "alt": alt,
        "bundle": MERMAID_URL,
    }
    return dg.add_element("mermaid_chart", props)
