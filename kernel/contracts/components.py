"""The eight core components, by name, with the factory hook that provides each."""

from __future__ import annotations

from typing import Final

__all__ = ["COMPONENTS"]

COMPONENTS: Final[dict[str, str]] = {
    "runtime": "kernel_make_runtime",
    "app_session": "kernel_make_app_session",
    "script_runner": "kernel_make_script_runner",
    "delta_generator": "kernel_make_delta_generator",
    "forward_msg_queue": "kernel_make_forward_msg_queue",
    "session_state": "kernel_make_session_state",
    "caching": "kernel_make_cache_storage",
    "secrets": "kernel_make_secrets",
}
"""The eight core components and the factory hook that provides each (``app.make(name)``
asks that hook; ``-p no:NAME`` of the core plugin of the same name blocks its provider)."""
