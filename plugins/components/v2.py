"""``st.components.v2``: components made of HTML, CSS and a JavaScript module, mounted in the page.

``component(name, html=..., css=..., js=..., isolate_styles=True)`` registers a component
and returns a :class:`ComponentRenderer`. Calling the renderer mounts the component:
``data`` reaches the module's default export; what the module reports with
``setStateValue(name, v)`` (kept across reruns) and ``setTriggerValue(name, v)`` (only in
the run it started) comes back as attributes of the :class:`BidiComponentResult`, and
calls ``on_<name>_change``. The HTML, CSS and JS are trusted: they run in the app's page
as given (docs/components.md, docs/security.md).
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from kernel import NoRunContextError, StashKey
from kernel.context import get_run_context
from kernel.contracts import DeltaGenerator
from kernel.elements import (
    AttributeDict,
    ElementArgumentError,
    argument_error,
    check_height,
    check_width,
    register_widget,
    widget_id,
)
from kernel_plugins.components._registry import V2_PREFIX, V2Definition, registry
from kernel_plugins.components._wire import _is_frame, frame_to_arrow

__all__ = ["BidiComponentResult", "ComponentRenderer", "component"]

_CALLBACK = re.compile(r"^on_(\w+)_change$")
_SEEN: StashKey[dict[str, dict[str, Any]]] = StashKey("components_v2_seen_state")
"""Per session: the state each v2 component's last run showed (to tell which names changed)."""


class BidiComponentResult(AttributeDict):
    """What a mounted v2 component returns: its state values and trigger values, by name
    (``result.value``, ``result["value"]``). A trigger value is ``None`` except in the run
    the trigger started."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            known = ", ".join(sorted(self)) or "none"
            raise AttributeError(
                f"this component has no state or trigger value {name!r} (it has: {known}). A name exists once "
                f"the call passes on_{name}_change=... or a default for it.") from None


class ComponentRenderer:
    """A registered v2 component; call it to mount an instance (see :meth:`__call__`)."""

    def __init__(self, definition: V2Definition) -> None:
        self.definition = definition

    @property
    def name(self) -> str:
        """The component's name."""
        return self.definition.name

    def __repr__(self) -> str:
        return f"ComponentRenderer(name={self.name!r})"

    def __call__(self, *, key: str | int | None = None, data: Any = None, default: Mapping[str, Any] | None = None,
                 width: Any = "stretch", height: Any = "content", **callbacks: Any) -> BidiComponentResult:
        """Mount the component; return its state and trigger values.

        ``data`` (JSON, data frames as Arrow) reaches the frontend; ``default`` gives state
        values before the frontend sets them; each ``on_<name>_change`` callback runs when
        state ``name`` changed or trigger ``name`` fired, before the script reruns.
        """
        command = f"components.v2.{self.name}"
        handlers = _callbacks(command, callbacks)
        defaults = dict(default or {})
        for state_name in defaults:
            if state_name not in handlers:
                raise ElementArgumentError(
                    f"{command}(default={{{state_name!r}: ...}}): the state {state_name!r} has no callback; pass "
                    f"on_{state_name}_change=... (a function, or lambda: None) so the component declares it")
        ctx = get_run_context()
        if ctx is None:
            raise NoRunContextError(f"{command}() was called outside a running app. Run the script with "
                                    "`kernel run app.py`, or test it with kernel.testing.AppTest.")
        ctx.checkpoint()
        dg: DeltaGenerator = ctx.current_container()
        payload = _data_payload(command, data)
        data_text = json.dumps(payload, sort_keys=True, default=str)
        identity = (self.name,) if key is not None else (self.name, data_text,
                                                          json.dumps(defaults, sort_keys=True, default=str))
        wid = widget_id(dg, "component", key, identity)
        session = ctx.session

        def triggered() -> bool:
            return bool(session.state.widgets.triggered(wid))

        def coerce(raw: Any) -> dict[str, Any]:
            if not isinstance(raw, Mapping) or not isinstance(raw.get("state", {}), Mapping):
                raise TypeError("expected {'state': {...}, 'trigger': ...}")
            trigger = raw.get("trigger")
            fired = None
            if isinstance(trigger, Mapping) and isinstance(trigger.get("name"), str) and triggered():
                fired = {"name": trigger["name"], "value": trigger.get("value")}
            return {"state": {**defaults, **dict(raw.get("state") or {})}, "trigger": fired}

        def present(value: dict[str, Any]) -> BidiComponentResult:
            return _result(value, handlers)

        def on_change() -> None:
            seen = session.stash.setdefault(_SEEN, {})
            try:
                value = coerce(session.state.widgets.get(wid))
            except (TypeError, ValueError):
                return
            before = seen.get(wid, defaults)
            fired = value["trigger"]
            for name, handler in handlers.items():
                state_changed = name in value["state"] and value["state"][name] != before.get(name)
                if state_changed or (fired is not None and fired["name"] == name):
                    handler()
            seen[wid] = dict(value["state"])

        wid, value = register_widget(dg, "component", label=self.name, key=key, identity=identity,
                                     default={"state": defaults, "trigger": None}, coerce=coerce,
                                     on_change=on_change if handlers else None, present=present)
        session.stash.setdefault(_SEEN, {})[wid] = dict(value["state"])
        definition = self.definition
        digest = definition.js_digest
        if digest is not None and definition.js is not None:
            registry().add_module(digest, definition.js)
        dg.add_element("component", {
            "v": 2, "id": wid, "name": self.name, "key": None if key is None else str(key),
            "html": definition.html, "css": definition.css,
            "js": None if digest is None else f"{V2_PREFIX}{digest}.js",
            "isolate_styles": definition.isolate_styles, "data": payload, "state": value["state"],
            "width": check_width(command, width), "height": check_height(command, height),
        })
        return _result(value, handlers)


def _callbacks(command: str, given: Mapping[str, Any]) -> dict[str, Callable[[], Any]]:
    handlers: dict[str, Callable[[], Any]] = {}
    for param, fn in given.items():
        match = _CALLBACK.match(param)
        if match is None:
            raise TypeError(f"{command}() got an unexpected keyword argument {param!r}; a component takes key, "
                            "data, default, width, height and on_<name>_change callbacks")
        if fn is not None and not callable(fn):
            raise argument_error(command, param, fn, "a function, or None")
        handlers[match.group(1)] = fn if fn is not None else _nothing
    return handlers


def _nothing() -> None:
    return None


def _result(value: Mapping[str, Any], handlers: Mapping[str, Any]) -> BidiComponentResult:
    result = BidiComponentResult({name: None for name in handlers})
    result.update(value["state"])
    fired = value.get("trigger")
    if fired is not None:
        result[fired["name"]] = fired["value"]
    return result


def _data_payload(command: str, data: Any) -> Any:
    """``data`` as JSON for the page; data frames (also as values of a dict) as Arrow in base64."""
    def one(value: Any) -> Any:
        if _is_frame(value):
            return {"__kernel_arrow__": frame_to_arrow(command, value)["data"]}
        if isinstance(value, bytes | bytearray):
            return {"__kernel_bytes__": base64.b64encode(bytes(value)).decode("ascii")}
        return value

    payload = {k: one(v) for k, v in data.items()} if isinstance(data, Mapping) else one(data)
    try:
        json.dumps(payload)
    except (TypeError, ValueError) as exc:
        raise ElementArgumentError(f"{command}(data=...): data must be JSON-serializable, a data frame, or a dict "
                                   f"of those ({exc})") from None
    return payload


def component(name: str, *, html: str | None = None, css: str | None = None, js: str | None = None,
              isolate_styles: bool = True) -> ComponentRenderer:
    """Register the v2 component ``name`` from its HTML, CSS and JavaScript (an ES module whose
    default export is called on every render with ``{name, key, data, parentElement,
    setStateValue, setTriggerValue}``); return the renderer that mounts it.

    ``isolate_styles=True`` mounts it in a shadow root, so its CSS and the page's stay apart.
    """
    if not isinstance(name, str) or not name:
        raise ElementArgumentError(f"components.v2.component(name={name!r}): name must be a non-empty str")
    for param, value in (("html", html), ("css", css), ("js", js)):
        if value is not None and not isinstance(value, str):
            raise ElementArgumentError(f"components.v2.component({name!r}, {param}=...): {param} must be a str")
    if html is None and js is None:
        raise ElementArgumentError(f"components.v2.component({name!r}): give html=, js= or both")
    definition = V2Definition(name=name, html=html, css=css, js=js, isolate_styles=bool(isolate_styles))
    digest = definition.js_digest
    if digest is not None and js is not None:
        registry().add_module(digest, js)
    return ComponentRenderer(definition)
