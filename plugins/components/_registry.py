"""The components declared in this process: v1 build directories and v2 definitions, by name.

A component is declared when the package that defines it is imported, once per process
(packages stay in ``sys.modules``), so the registry is the process's, not an app's: every
app served by the process can show a component any of them imported. Only the
directories registered here are ever served (``_files.serve_component_file``).
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import attrs

__all__ = ["V1_PREFIX", "V2_PREFIX", "V2Definition", "registry"]

V1_PREFIX = "/_kernel/components/v1/"
"""URL prefix of a v1 component's files: ``V1_PREFIX + <quoted name> + "/" + <file>``."""

V2_PREFIX = "/_kernel/components/v2/"
"""URL prefix of a v2 component's JavaScript module: ``V2_PREFIX + <sha256 of the source>.js``."""


@attrs.frozen
class V2Definition:
    """A v2 component: its name, markup, styles and script (trusted; shown as given)."""

    name: str
    html: str | None
    css: str | None
    js: str | None
    isolate_styles: bool

    @property
    def js_digest(self) -> str | None:
        """The SHA-256 of ``js`` (its module's URL), or ``None`` without a script."""
        return None if self.js is None else hashlib.sha256(self.js.encode("utf-8")).hexdigest()


class ComponentRegistry:
    """Thread-safe maps of declared components (the script thread declares, the server reads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._dirs: dict[str, Path] = {}
        self._modules: dict[str, str] = {}

    def add_directory(self, name: str, directory: Path) -> None:
        """Serve the files under ``directory`` (already resolved) as component ``name``'s."""
        with self._lock:
            self._dirs[name] = directory

    def directory(self, name: str) -> Path | None:
        """The build directory registered for ``name``."""
        with self._lock:
            return self._dirs.get(name)

    def add_module(self, digest: str, source: str) -> None:
        """Serve ``source`` as the JavaScript module ``<digest>.js``."""
        with self._lock:
            self._modules[digest] = source

    def module(self, digest: str) -> str | None:
        """The source of the v2 module with this digest."""
        with self._lock:
            return self._modules.get(digest)


_REGISTRY = ComponentRegistry()


def registry() -> ComponentRegistry:
    """The process's component registry."""
    return _REGISTRY
