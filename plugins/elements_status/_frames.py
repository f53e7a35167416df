"""Which traceback frames are the framework's (the kernel's, its plugins', pluggy's) and not the app's."""

from __future__ import annotations

import sys
import traceback
import types
from pathlib import Path

from kernel import KernelApp

FRAMEWORK_PACKAGES = ("kernel", "kernel_plugins", "kernel_contrib", "pluggy")
"""Packages whose frames a traceback leaves out unless ``[client] show_full_traceback`` is on."""


def framework_dirs(app: KernelApp) -> tuple[str, ...]:
    """The folders of the framework's packages and of every plugin package the app loaded."""
    dirs: set[Path] = set()
    for name in FRAMEWORK_PACKAGES:
        module = sys.modules.get(name)
        for folder in getattr(module, "__path__", ()) or ():
            dirs.add(Path(folder))
    for plugin in app.pm.get_plugins():
        # A plugin is a module or an object; its whole top-level package is the plugin's.
        name = plugin.__name__ if isinstance(plugin, types.ModuleType) else type(plugin).__module__
        if name == "__main__":
            continue
        top = sys.modules.get(name.partition(".")[0])
        folders = list(getattr(top, "__path__", ()) or ())
        if folders:
            dirs.update(Path(folder) for folder in folders)
        elif top is not None and getattr(top, "__file__", None):
            dirs.add(Path(str(top.__file__)))
    return tuple(sorted(str(d) for d in dirs))


def app_frames(frames: list[traceback.FrameSummary], framework: tuple[str, ...],
               script: str | None) -> list[traceback.FrameSummary]:
    """The frames of the app: from the script's first frame on (what ran it is left out),
    without the framework's frames in between. When none is left (an error of the
    framework itself), every frame."""
    firsts = [i for i, frame in enumerate(frames) if frame.filename == script]
    kept = frames[firsts[0]:] if firsts else frames
    own = [frame for frame in kept if not _inside(frame.filename, framework)]
    return own or frames


def _inside(filename: str, dirs: tuple[str, ...]) -> bool:
    return any(filename == d or filename.startswith(d.rstrip("/") + "/") for d in dirs)
