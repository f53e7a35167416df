"""Helpers for testing kernel apps and plugins: AppTest, node classes, conformance kits.

``from kernel.testing import AppTest`` runs an app headlessly, the way Streamlit's
``streamlit.testing.v1.AppTest`` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kernel.testing.apptest import AppTest, AppTestError
    from kernel.testing.util import patch_config_options

__all__ = ["AppTest", "AppTestError", "patch_config_options"]


def __getattr__(name: str) -> Any:
    # Imported on first use, so the conformance kits stay light.
    if name == "patch_config_options":
        from kernel.testing import util

        return util.patch_config_options
    if name in __all__:
        from kernel.testing import apptest

        return getattr(apptest, name)
    raise AttributeError(f"module 'kernel.testing' has no attribute {name!r}")
