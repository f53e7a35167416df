"""``st.cache_data`` and ``st.cache_resource`` as ``st`` commands: the decorators, once caching can work.

While the core ``caching`` plugin is blocked, the commands first check (once per app)
that some plugin still serves storage for a request that names no backend; a backend
that only answers when ``[cache]`` config selects it does not. Otherwise using the
decorator would fail later, inside the first cached call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kernel import KernelApp, MissingComponentError, StashKey, current_app

if TYPE_CHECKING:
    from kernel_plugins.caching_api._decorators import CacheDataAPI, CacheResourceAPI

__all__ = ["st_cache_data", "st_cache_resource"]

_SERVED: StashKey[bool] = StashKey("caching_api.storage_served")


def _check_storage_is_served(app: KernelApp, name: str) -> None:
    if app.pm.block_reason("caching") is None:
        return
    if not app.stash.get_or_create(_SERVED, lambda: _storage_is_served(app)):
        command = app.commands.get(name)
        error = app.disabled_component_error(command) if command is not None else None
        if error is not None:
            raise error


def _storage_is_served(app: KernelApp) -> bool:
    from kernel_plugins.caching_api._registry import registry_of

    try:
        registry_of(app).backend_wide("data")
    except MissingComponentError:
        return False
    return True


def st_cache_data() -> CacheDataAPI:
    """``st.cache_data``."""
    from kernel_plugins.caching_api._decorators import cache_data

    _check_storage_is_served(current_app(), "cache_data")
    return cache_data


def st_cache_resource() -> CacheResourceAPI:
    """``st.cache_resource``."""
    from kernel_plugins.caching_api._decorators import cache_resource

    _check_storage_is_served(current_app(), "cache_resource")
    return cache_resource
