"""``st.components.v1``: Streamlit's embedding functions and bidirectional custom components.

``html`` and ``iframe`` show their content in a frame (scripts run inside it).
``declare_component(name, path=... | url=...)`` returns a :class:`CustomComponent`: calling
it shows the component's frontend in a sandboxed frame that speaks the message protocol of
Streamlit's component library (``streamlit-component-lib`` on npm) and returns the value the
frontend sets, as a widget value (``key``, ``default``, ``on_change``). See
docs/components.md.
"""

from __future__ import annotations

import hashlib
import inspect
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from kernel import NoRunContextError
from kernel.context import get_run_context
from kernel.contracts import DeltaGenerator
from kernel.elements import ElementArgumentError, argument_error, check_callback, register_widget
from kernel_plugins.components._iframe import iframe_element
from kernel_plugins.components._registry import V1_PREFIX, registry
from kernel_plugins.components._wire import decode_value, split_args

__all__ = ["ComponentNotSupportedError", "CustomComponent", "MarshallComponentException", "declare_component",
           "html", "iframe"]

DEFAULT_HEIGHT = 150
"""Pixels: the height of a frame whose ``height`` is ``None``, as in Streamlit."""


class MarshallComponentException(ElementArgumentError):
    """A custom component was declared or called with arguments it cannot take."""


class ComponentNotSupportedError(MarshallComponentException):
    """A custom component cannot be shown (its build directory is missing)."""


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


class CustomComponent:
    """A declared component: call it with keyword arguments to show it and read its value.

    ``component(default=None, key=None, on_change=None, tab_index=None, **args)``: ``args``
    reach the frontend's render event (JSON values as they are, data frames as Arrow tables,
    ``bytes`` as a ``Uint8Array``); the call returns the value the frontend last set with
    ``Streamlit.setComponentValue`` (``default`` before it set one).
    """

    def __init__(self, name: str, path: Path | None, url: str | None) -> None:
        self.name = name
        self.path = path
        self.url = url

    def __repr__(self) -> str:
        where = f"path={str(self.path)!r}" if self.path is not None else f"url={self.url!r}"
        return f"CustomComponent(name={self.name!r}, {where})"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, CustomComponent) and (self.name, self.path, self.url)
                == (other.name, other.path, other.url))

    def __hash__(self) -> int:
        return hash((self.name, self.path, self.url))

    @property
    def src(self) -> str:
        """The URL the component's frame loads."""
        if self.url is not None:
            return self.url
        return f"{V1_PREFIX}{quote(self.name, safe='')}/index.html"

    def __call__(self, *args: Any, default: Any = None, key: str | int | None = None,
                 on_change: Any = None, tab_index: int | None = None, **kwargs: Any) -> Any:
        return self.create_instance(*args, default=default, key=key, on_change=on_change, tab_index=tab_index,
                                    **kwargs)

    def create_instance(self, *args: Any, default: Any = None, key: str | int | None = None,
                        on_change: Any = None, tab_index: int | None = None, **kwargs: Any) -> Any:
        """Show the component and return its value (what calling the component does)."""
        command = f"components.v1.{self.name}"
        if args:
            raise MarshallComponentException(
                f"{command}: the argument {args[0]!r} needs a name; a component takes keyword arguments only, "
                f"e.g. {self.name.rpartition('.')[2]}(value={args[0]!r})")
        if self.path is not None and not (self.path / "index.html").is_file():
            raise ComponentNotSupportedError(
                f"the custom component {self.name!r} has no index.html in its build directory {str(self.path)!r}. "
                "Build the component's frontend (e.g. `npm run build`), or declare it with url= to use its "
                "development server.")
        if tab_index is not None and (isinstance(tab_index, bool) or not isinstance(tab_index, int)
                                      or tab_index < -1):
            raise argument_error(command, "tab_index", tab_index, "use None, -1 or a non-negative int")
        callback = check_callback(command, "on_change", on_change, None, None, modes=())
        dg = _container(self.name)
        marshalled = split_args(command, kwargs)
        json_text = json.dumps(marshalled.json_args, sort_keys=True, default=str)
        frames_digest = hashlib.sha256(json.dumps(marshalled.dataframes).encode()).hexdigest()
        identity = (self.name,) if key is not None else (self.name, json_text, frames_digest,
                                                          json.dumps(marshalled.byte_args))
        wid, value = register_widget(dg, "component", label=self.name, key=key, identity=identity, default=default,
                                     coerce=decode_value, on_change=callback.fn if callback else None)
        dg.add_element("component", {
            "id": wid, "name": self.name, "src": self.src, "sandboxed": self.url is None,
            "args": marshalled.json_args, "dfs": marshalled.dataframes, "bytes": marshalled.byte_args,
            "disabled": bool(marshalled.json_args.get("disabled", False)), "tab_index": tab_index,
            "key": None if key is None else str(key),
        })
        return value


def _caller() -> tuple[str, Path | None]:
    """The module name and the directory of the file that called ``declare_component``."""
    frame = inspect.currentframe()
    caller = frame.f_back.f_back if frame is not None and frame.f_back is not None else None
    if caller is None:
        return "", None
    name = str(caller.f_globals.get("__name__", "") or "")
    filename = caller.f_globals.get("__file__")
    return ("" if name == "__main__" else name), (Path(filename).parent if filename else None)


def declare_component(name: str, path: str | Path | None = None, url: str | None = None) -> CustomComponent:
    """Declare a custom component whose frontend is the build directory ``path`` (served by the
    app, sandboxed) or runs at ``url`` (a development server); returns the component to call.

    A relative ``path`` is taken from the declaring module's directory. The component's
    full name is the declaring module's name and ``name``
    (``my_package.my_component``), as in Streamlit.
    """
    if not isinstance(name, str) or not name:
        raise MarshallComponentException(f"declare_component(name={name!r}): name must be a non-empty str")
    if (path is None) == (url is None):
        raise MarshallComponentException(
            f"declare_component({name!r}): pass exactly one of path= (the frontend's build directory) or url= "
            "(its development server)")
    module, here = _caller()
    full_name = f"{module}.{name}" if module else name
    if url is not None:
        if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
            raise MarshallComponentException(f"declare_component({name!r}, url={url!r}): url must be an http(s) URL")
        return CustomComponent(full_name, None, url)
    if not isinstance(path, str | Path):
        raise MarshallComponentException(f"declare_component({name!r}, path={path!r}): path must be a str or Path")
    given = Path(path).expanduser()
    # A relative path is relative to the declaring module's file, wherever the app runs from.
    directory = (given if given.is_absolute() or here is None else here / given).resolve()
    registry().add_directory(full_name, directory)
    return CustomComponent(full_name, directory, None)
