"""The ``st`` commands of the chart elements: where each lives and which module renders it.

Commands are ``"module:attribute"`` references (see :meth:`kernel.Command.load`): a module
is imported the first time a script calls one of its commands, never at start-up (so
Altair, Plotly and Matplotlib load with the first chart an app draws).
"""

from __future__ import annotations

from pathlib import Path

from kernel import Command

PACKAGE = __name__.rpartition(".")[0]
HERE = Path(__file__).parent

ELEMENT_COMMANDS: dict[str, dict[str, str | None]] = {
    # module: {command (the function of the same name): renderer file next to it}
    "charts": {
        "line_chart": "vega_lite.js", "area_chart": "vega_lite.js", "bar_chart": "vega_lite.js",
        "scatter_chart": "vega_lite.js", "vega_lite_chart": "vega_lite.js", "altair_chart": "vega_lite.js",
        "map": "vega_lite.js",
    },
    # st.pyplot shows an SVG as an "image" element: the image renderer of the media elements draws it.
    "figures": {"plotly_chart": "plotly.js", "pyplot": None},
    "deck": {"pydeck_chart": "deck_gl_json_chart.js"},
    "diagrams": {"graphviz_chart": "graphviz_chart.js", "mermaid_chart": "mermaid_chart.js"},
    "echarts": {"echarts_chart": "echarts_chart.js"},
}


def commands() -> list[Command]:
    """The plugin's commands, none of them imported yet."""
    return [
        Command(name, f"{PACKAGE}.{module}:{name}", renderer=HERE / js if js is not None else None)
        for module, names in ELEMENT_COMMANDS.items()
        for name, js in names.items()
    ]
