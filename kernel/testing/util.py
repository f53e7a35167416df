"""``patch_config_options``: config values for the AppTests built inside a ``with`` block.

The counterpart of Streamlit's ``streamlit.testing.v1.util.patch_config_options``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

__all__ = ["active_config_patches", "patch_config_options"]

_lock = threading.Lock()
_patches: list[dict[str, str]] = []


def _as_text(value: Any) -> str:
    """A Python value as a command-line config value (``False`` -> ``"false"``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return json.dumps(value)


@contextmanager
def patch_config_options(config_overrides: Mapping[str, Any]) -> Iterator[None]:
    """Use ``config_overrides`` (``{"section.option": value}``) for the AppTests whose app
    is built inside the block, that is, whose first ``run()`` happens there.

    Option names are kernel's (``runner.magic_enabled``); Streamlit's camelCase spelling
    (``runner.magicEnabled``) works too. Values outrank every other source, as options
    given on the command line do. Usable as a decorator as well.
    """
    patch = {str(name): _as_text(value) for name, value in config_overrides.items()}
    with _lock:
        _patches.append(patch)
    try:
        yield
    finally:
        with _lock:
            _patches.remove(patch)


def active_config_patches() -> dict[str, str]:
    """The options of every active :func:`patch_config_options` block, the innermost winning."""
    with _lock:
        merged: dict[str, str] = {}
        for patch in _patches:
            merged.update(patch)
        return merged
