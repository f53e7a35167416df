"""The component contracts: one :class:`typing.Protocol` per core component.

A plugin that replaces a component returns, from the component's factory hook, an
object that satisfies the Protocol here. ``kernel.testing.conformance`` checks it.
"""

from kernel.contracts.app_session import AppSession
from kernel.contracts.caching import ALL_FUNCTIONS, CacheSettings, CacheStorage, CacheStorageStatistics
from kernel.contracts.delta_generator import DeltaGenerator
from kernel.contracts.forward_msg_queue import ForwardMsgQueue, ForwardMsgQueueStatistics
from kernel.contracts.runtime import Runtime
from kernel.contracts.script_runner import ScriptRunner
from kernel.contracts.secrets import SecretKeyError, Secrets, SecretSource, SecretSourceError
from kernel.contracts.session_state import SessionState

__all__ = [
    "ALL_FUNCTIONS",
    "AppSession",
    "CacheSettings",
    "CacheStorage",
    "CacheStorageStatistics",
    "DeltaGenerator",
    "ForwardMsgQueue",
    "ForwardMsgQueueStatistics",
    "Runtime",
    "ScriptRunner",
    "SecretKeyError",
    "SecretSource",
    "SecretSourceError",
    "Secrets",
    "SessionState",
]
