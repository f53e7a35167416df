"""The AppTest node of custom components: ``at.get("component")`` (v1 and v2)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kernel.testing.nodes import TestNodeType, Widget


class Component(Widget):
    """A custom component: ``.name``, ``.args`` (v1) or ``.data`` (v2), and a staged value.

    ``set_value(v)`` stages what a v1 frontend would set with ``setComponentValue``;
    ``set_state(name, v)`` and ``trigger(name, v)`` what a v2 frontend would set.
    """

    @property
    def name(self) -> str:
        """The component's (full) name."""
        return str(self.props.get("name", ""))

    @property
    def args(self) -> dict[str, Any]:
        """A v1 component's JSON arguments."""
        return dict(self.props.get("args") or {})

    @property
    def data(self) -> Any:
        """A v2 component's ``data``."""
        return self.props.get("data")

    def to_wire(self, value: Any) -> Any:
        if self.props.get("v") == 2:
            return value
        from kernel_plugins.components._wire import encode_value

        return encode_value(value)

    def set_state(self, name: str, value: Any) -> Component:
        """Stage a v2 state value for the next run."""
        current = self.tree._pending_value(self.id)
        state = dict(current.get("state", {})) if isinstance(current, dict) else dict(self.props.get("state") or {})
        state[name] = value
        self.tree._stage(self.id, {"state": state, "trigger": None})
        return self

    def trigger(self, name: str, value: Any = True) -> Component:
        """Fire a v2 trigger value for the next run."""
        current = self.tree._pending_value(self.id)
        state = dict(current.get("state", {})) if isinstance(current, dict) else dict(self.props.get("state") or {})
        self.tree._stage(self.id, {"state": state, "trigger": {"name": name, "value": value}})
        self.tree._stage(self.id, True, trigger=True)
        return self


NODE_TYPES: Sequence[TestNodeType] = (TestNodeType("component", Component, ("component",)),)
