"""``st.components.v1``: Streamlit's legacy embedding functions.

``html`` and ``iframe`` show their content in a frame (scripts run inside it).
``declare_component`` (bidirectional custom components built for Streamlit's frontend)
is not supported: the component it returns raises an error that says so when called.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kernel import NoRunContextError
from kernel.context import get_run_context
from kernel.contracts import DeltaGenerator
from kernel.elements import argument_error
from kernel_plugins.components._iframe import iframe_element

__all__ = ["ComponentNotSupportedError", "declare_component", "html", "iframe"]

DEFAULT_HEIGHT = 150
"""Pixels: the height of a frame whose ``height`` is ``None``, as in Streamlit."""


class ComponentNotSupportedError(NotImplementedError):
    """A Streamlit custom component (``declare_component``) was used: kernel cannot run it."""


def _container(command: str) -> DeltaGenerator:
    ctx = get_run_context()
    if ctx is None:
        raise NoRunContextError(f"components.v1.{command}() was called outside a running app. Run the script with "
                                "`kernel run app.py`, or test it with kernel.testing.AppTest.")
    ctx.checkpoint()
    return ctx.current_container()


def _size(command: str, name: str, value: Any, default: Any) -> Any:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise argument_error(f"components.v1.{command}", name, value, "use None or a positive int (px)")
    return value


def html(html: str, width: int | None = None, height: int | None = None, scrolling: bool = False, *,
         tab_index: int | None = None) -> DeltaGenerator:
    """Show the HTML string ``html`` in a frame, scripts included (``height`` defaults to 150 px)."""
    return iframe_element(_container("html"), "components.v1.html", src=None, srcdoc=str(html),
                          width=_size("html", "width", width, "stretch"),
                          height=_size("html", "height", height, DEFAULT_HEIGHT), scrolling=scrolling,
                          tab_index=tab_index, alt=None)


def iframe(src: str, width: int | None = None, height: int | None = None, scrolling: bool = False, *,
           tab_index: int | None = None) -> DeltaGenerator:
    """Show the page at the URL ``src`` in a frame (``height`` defaults to 150 px)."""
    return iframe_element(_container("iframe"), "components.v1.iframe", src=str(src), srcdoc=None,
                          width=_size("iframe", "width", width, "stretch"),
                          height=_size("iframe", "height", height, DEFAULT_HEIGHT), scrolling=scrolling,
                          tab_index=tab_index, alt=None)


def declare_component(name: str, path: Any = None, url: Any = None) -> Callable[..., Any]:
    """A stand-in for a Streamlit custom component: calling it raises :class:`ComponentNotSupportedError`.

    Declaring succeeds, so an app (or a package it imports) that declares components it
    does not use still runs.
    """

    def component(*args: Any, **kwargs: Any) -> Any:
        raise ComponentNotSupportedError(
            f"the custom component {name!r} (components.v1.declare_component) cannot run on kernel: Streamlit "
            "custom components need Streamlit's frontend bridge. Show static HTML with st.html or "
            "st.components.v1.html, embed a page with st.iframe, or write a kernel element plugin "
            "(docs/plugins.md, \"Writing an element plugin\")."
        )

    component.__name__ = component.__qualname__ = str(name)
    return component
