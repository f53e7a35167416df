"""A third-party connection type, as a package would write it (only ``kernel`` imports)."""

from __future__ import annotations

import itertools
from typing import Any

from kernel import st

_made = itertools.count(1)


class CounterClient:
    """The "client" a connection wraps: remembers its settings and which one it is."""

    def __init__(self, number: int, settings: dict[str, Any]) -> None:
        self.number = number
        self.settings = settings


class CounterConnection(st.connections.BaseConnection[CounterClient]):
    """Merges its secrets section with its arguments, and numbers every client it makes."""

    def _connect(self, **kwargs: Any) -> CounterClient:
        return CounterClient(next(_made), {**self._secrets, **kwargs})

    def describe(self) -> str:
        client = self._instance
        greeting = client.settings.get("greeting", "-")
        return f"{type(self).__name__} {self._connection_name} #{client.number} {greeting}"


class NotAConnection:
    """A class that forgot to subclass BaseConnection."""
