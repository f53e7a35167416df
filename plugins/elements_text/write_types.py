"""The richer part of ``st.write``'s type dispatch: frames, charts, figures, images, streams, objects.

``write_rich`` is asked about each argument ``st.write`` does not handle itself (strings,
numbers, exceptions, dicts and lists). It checks types by module name first, so
pandas, Altair, Matplotlib, Plotly or graphviz are never imported just to be ruled out. Frames, charts,
figures and images go to the commands of the plugins that provide them, through the container.
"""

from __future__ import annotations

import dataclasses
import inspect
import io
import re
from collections.abc import Callable
from typing import Any

from kernel.contracts import DeltaGenerator

_ADDRESS = re.compile(r"^<.* at 0x[0-9a-fA-F]+>$")


def _module(value: Any) -> str:
    return type(value).__module__ or ""


def _is_frame(value: Any) -> bool:
    if getattr(value, "ndim", None) == 0:  # a numpy scalar
        return False
    module = _module(value)
    if module.startswith(("pandas.", "polars.", "pyarrow.", "numpy")) and not module.startswith("pandas.io.formats"):
        return hasattr(value, "shape") or hasattr(value, "schema") or hasattr(value, "__array__")
    if type(value).__name__ == "Styler":
        return True
    return callable(getattr(value, "to_pandas", None)) or hasattr(value, "__dataframe__")


def command_of(dg: DeltaGenerator, name: str) -> Callable[..., Any]:
    """``st.<name>`` on ``dg``, as a script calls it: another plugin provides it (the data, chart or media elements)."""
    command: Callable[..., Any] = getattr(dg, name)
    return command


def write_rich(dg: DeltaGenerator, arg: Any, unsafe_allow_html: bool, flush: Callable[[], None]) -> bool:
    """Write ``arg`` with the element that suits it and return True, or return False to let ``st.write`` decide."""
    from kernel_plugins.elements_text import help, rich_text, stream
    from kernel_plugins.elements_text.text import markdown

    module = _module(arg)
    target: Callable[[], Any] | None = None
    if isinstance(arg, dict | list | tuple | set | frozenset | str | bytes):
        return False
    if module.startswith("altair") and hasattr(arg, "to_dict"):
        target = lambda: command_of(dg, "altair_chart")(arg)  # noqa: E731
    elif module.startswith("matplotlib") and hasattr(arg, "savefig"):
        target = lambda: command_of(dg, "pyplot")(arg)  # noqa: E731
    elif module.startswith("plotly") and hasattr(arg, "to_plotly_json"):
        target = lambda: command_of(dg, "plotly_chart")(arg)  # noqa: E731
    elif module.startswith("pydeck") and callable(getattr(arg, "to_json", None)):
        target = lambda: command_of(dg, "pydeck_chart")(arg)  # noqa: E731
    elif module.startswith("graphviz") and isinstance(getattr(arg, "source", None), str):
        target = lambda: command_of(dg, "graphviz_chart")(arg)  # noqa: E731
    elif module.startswith("PIL."):
        target = lambda: command_of(dg, "image")(arg)  # noqa: E731
    elif module.startswith("sympy"):
        target = lambda: rich_text.latex(dg, arg)  # noqa: E731
    elif _is_frame(arg):
        target = lambda: command_of(dg, "dataframe")(arg)  # noqa: E731
    elif inspect.isgenerator(arg) or inspect.isasyncgen(arg) or inspect.isgeneratorfunction(arg) \
            or inspect.isasyncgenfunction(arg) or type(arg).__name__ in ("Stream", "AsyncStream"):
        target = lambda: stream.write_stream(dg, arg)  # noqa: E731
    elif isinstance(arg, io.StringIO):
        target = lambda: markdown(dg, arg.getvalue(), unsafe_allow_html)  # noqa: E731
    elif unsafe_allow_html and hasattr(arg, "_repr_html_"):
        target = lambda: rich_text.html(dg, arg, unsafe_allow_javascript=False)  # noqa: E731
    elif inspect.isclass(arg) or inspect.isroutine(arg) or inspect.ismodule(arg) or \
            isinstance(arg, DeltaGenerator) or dataclasses.is_dataclass(arg) or _ADDRESS.match(str(arg)):
        target = lambda: help.help(dg, arg)  # noqa: E731
    if target is None:
        return False
    flush()
    target()
    return True
