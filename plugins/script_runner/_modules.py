"""Forgetting the app's own modules when its sources change, so the next run re-imports them."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

_SKIP_PARTS = frozenset({"site-packages", "dist-packages", ".venv", "venv"})


def evict_user_modules(folder: Path, protected: Iterable[str] = ()) -> list[str]:
    """Remove from ``sys.modules`` every module whose file lies in ``folder``; return their names.

    Modules inside virtualenvs or ``site-packages`` below ``folder`` are kept, and so are
    the packages named in ``protected`` (the kernel and its loaded plugins) with all their
    submodules: an app that lives inside a kernel checkout must not make the server
    re-import itself.
    """
    folder = folder.resolve()
    keep = {name.split(".")[0] for name in protected}
    evicted = []
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if not file or name == "__main__" or name.split(".")[0] in keep:
            continue
        try:
            path = Path(file).resolve()
        except OSError:
            continue
        if path.is_relative_to(folder) and not _SKIP_PARTS.intersection(path.relative_to(folder).parts):
            del sys.modules[name]
            evicted.append(name)
    return evicted
