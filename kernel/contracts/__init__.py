"""The component contracts: one :class:`typing.Protocol` per core component.

A plugin that replaces a component returns, from the component's factory hook, an
object that satisfies the Protocol here. ``kernel.testing.conformance`` checks it.

Each name is imported from its submodule on first access: start-up pays only for the
contracts it uses at run time (most plugins name them in annotations only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kernel._lazy import lazy_exports

if TYPE_CHECKING:
    from kernel.contracts.app_session import AppSession
    from kernel.contracts.caching import (
        ALL_FUNCTIONS,
        CacheBackendInfo,
        CacheError,
        CacheSettings,
        CacheStorage,
        CacheStorageStatistics,
    )
    from kernel.contracts.components import COMPONENTS
    from kernel.contracts.delta_generator import BlockWrapper, Container, DeltaGenerator
    from kernel.contracts.elements import (
        DuplicateElementId,
        DuplicateElementKey,
        DuplicateWidgetID,
        InvalidFormCallbackError,
        InvalidLayoutContextError,
        ValueAssignmentNotAllowedError,
        WidgetAlreadyInstantiatedError,
    )
    from kernel.contracts.forward_msg_queue import ForwardMsgQueue, ForwardMsgQueueStatistics
    from kernel.contracts.pages import NavigationError, PageEntry, PageNotFoundError, SessionPages
    from kernel.contracts.runtime import Runtime
    from kernel.contracts.script_runner import ScriptRunner
    from kernel.contracts.secrets import SecretKeyError, Secrets, SecretSource, SecretSourceError
    from kernel.contracts.session_state import (
        ClientInfo,
        ClientStore,
        QueryStringStore,
        SessionState,
        WidgetCallback,
        WidgetMeta,
        WidgetStore,
    )
    from kernel.contracts.widgets import WidgetEngine, WidgetRequest

_WHERE = {
    "app_session": ("AppSession",),
    "components": ("COMPONENTS",),
    "caching": ("ALL_FUNCTIONS", "CacheBackendInfo", "CacheError", "CacheSettings", "CacheStorage",
                "CacheStorageStatistics"),
    "delta_generator": ("BlockWrapper", "Container", "DeltaGenerator"),
    "elements": ("DuplicateElementId", "DuplicateElementKey", "DuplicateWidgetID", "InvalidFormCallbackError",
                 "InvalidLayoutContextError", "ValueAssignmentNotAllowedError", "WidgetAlreadyInstantiatedError"),
    "forward_msg_queue": ("ForwardMsgQueue", "ForwardMsgQueueStatistics"),
    "pages": ("NavigationError", "PageEntry", "PageNotFoundError", "SessionPages"),
    "runtime": ("Runtime",),
    "script_runner": ("ScriptRunner",),
    "secrets": ("SecretKeyError", "Secrets", "SecretSource", "SecretSourceError"),
    "session_state": ("ClientInfo", "ClientStore", "QueryStringStore", "SessionState", "WidgetCallback", "WidgetMeta",
                      "WidgetStore"),
    "widgets": ("WidgetEngine", "WidgetRequest"),
}

__getattr__ = lazy_exports(__name__, {
    name: f"kernel.contracts.{module}:{name}" for module, names in _WHERE.items() for name in names
})

__all__ = [
    "ALL_FUNCTIONS",
    "AppSession",
    "BlockWrapper",
    "COMPONENTS",
    "CacheBackendInfo",
    "CacheError",
    "CacheSettings",
    "CacheStorage",
    "CacheStorageStatistics",
    "ClientInfo",
    "ClientStore",
    "Container",
    "DeltaGenerator",
    "DuplicateElementId",
    "DuplicateElementKey",
    "DuplicateWidgetID",
    "ForwardMsgQueue",
    "ForwardMsgQueueStatistics",
    "InvalidFormCallbackError",
    "InvalidLayoutContextError",
    "NavigationError",
    "PageEntry",
    "PageNotFoundError",
    "QueryStringStore",
    "Runtime",
    "ScriptRunner",
    "SecretKeyError",
    "SecretSource",
    "SecretSourceError",
    "Secrets",
    "SessionPages",
    "SessionState",
    "ValueAssignmentNotAllowedError",
    "WidgetAlreadyInstantiatedError",
    "WidgetCallback",
    "WidgetEngine",
    "WidgetMeta",
    "WidgetRequest",
    "WidgetStore",
]
