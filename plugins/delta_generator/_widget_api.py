"""The core delta generator's side of :func:`kernel.elements.register_widget` (widgets of element plugins)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from kernel.contracts import DeltaGenerator
from plugins.delta_generator._widgets import Callback, register_widget


def register_plugin_widget(dg: DeltaGenerator, kind: str, *, label: str, key: Any, identity: Iterable[Any],
                           default: Any, coerce: Callable[[Any], Any], trigger: bool = False,
                           on_change: Callable[..., Any] | None = None, args: Iterable[Any] | None = None,
                           kwargs: Mapping[str, Any] | None = None, publish: bool = True) -> tuple[str, Any]:
    """Register a plugin's widget through the machinery the core widgets use."""
    if on_change is not None and not callable(on_change):
        raise TypeError(f"st.{kind}(on_change={on_change!r}): on_change must be a function or None")
    callback = None if on_change is None else Callback(on_change, tuple(args or ()), dict(kwargs or {}))
    return register_widget(dg, kind, label=label, key=key, identity=identity, default=default, coerce=coerce,
                           trigger=trigger, callback=callback, publish=publish)
