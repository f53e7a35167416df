"""``st.connections``: the connection classes apps subclass or name in annotations."""

from __future__ import annotations

from typing import Any

from kernel_plugins.connections._base import BaseConnection
from kernel_plugins.connections._sql import SQLConnection

__all__ = ["connections"]


class _Connections:
    """``st.connections.BaseConnection`` and ``st.connections.SQLConnection``."""

    BaseConnection = BaseConnection
    ExperimentalBaseConnection = BaseConnection
    SQLConnection = SQLConnection

    def __repr__(self) -> str:
        return "<st.connections: BaseConnection, SQLConnection>"

    def __dir__(self) -> list[str]:
        return ["BaseConnection", "ExperimentalBaseConnection", "SQLConnection"]

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(
            f"st.connections has no {name!r}: kernel provides BaseConnection and SQLConnection; other connection "
            "types come from packages that register them (see docs/connections.md)."
        )


connections = _Connections()
"""``st.connections``."""
