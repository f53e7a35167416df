"""Static files plugins ask the runtime to serve."""

from __future__ import annotations

from pathlib import Path

import attrs

__all__ = ["StaticAsset"]


@attrs.frozen
class StaticAsset:
    """A folder served under a URL prefix (e.g. a plugin's renderer modules).

    ``url_prefix`` starts and ends with ``/``; the runtime serves
    ``url_prefix + relative path`` from ``directory`` and nothing outside it.
    """

    url_prefix: str
    directory: Path
    plugin: str = ""
