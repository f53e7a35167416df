"""Rerun on save with ``kernel run --workers N``: the supervisor watches, the workers hear it.

One watcher per machine instead of one per worker: the supervisor watches the script's
folder (watchfiles, in a thread of its own) and writes each batch of changed paths as a
line of JSON, ``{"changed": ["/abs/path.py", ...]}``, to the standard input of every
worker, which it started with a pipe there. A worker started so has
``server.file_watcher_type = "supervisor"``: its runtime reads those lines instead of
watching by itself, keeps the paths its own filter accepts, and reacts as it would to its
own watcher (``kernel_source_changed``, then every session: rerun with ``runOnSave``,
else the "source changed" notice). The pipe is local, so this needs no scale-out and
works while Redis is away; each machine's supervisor watches that machine's files.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

__all__ = ["MAX_LINE", "SourceRelay", "encode_changes"]

log = logging.getLogger("kernel.supervisor")

MAX_LINE = 1 << 20
"""Longest line a worker reads from the supervisor (longer ones are skipped)."""


def encode_changes(paths: Iterable[str]) -> bytes:
    """The line the supervisor writes for one batch of changed paths."""
    return json.dumps({"changed": sorted(set(paths))}).encode() + b"\n"


class SourceRelay:
    """Watches ``root`` in a daemon thread and hands each batch of changes to ``send``."""

    def __init__(self, root: Path, send: Callable[[bytes], None]) -> None:
        self.root = root
        self._send = send
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="kernel source relay", daemon=True)

    def start(self) -> None:
        """Start watching."""
        self._thread.start()

    def stop(self) -> None:
        """Stop watching (returns within about half a second)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(2)

    def _watch(self) -> None:
        import watchfiles

        try:
            for changes in watchfiles.watch(self.root, stop_event=self._stop, debounce=100, step=20,
                                            rust_timeout=500, yield_on_timeout=False,
                                            watch_filter=watchfiles.DefaultFilter()):
                if changes:
                    self._send(encode_changes(path for _, path in changes))
        except Exception:
            log.exception("watching %s for changes failed; rerun on save is off until the supervisor restarts",
                          self.root)


def send_to(pipe: IO[bytes] | None, line: bytes) -> None:
    """Write ``line`` to one worker's standard input; a worker that is gone is skipped."""
    if pipe is None:
        return
    try:
        pipe.write(line)
        pipe.flush()
    except (OSError, ValueError):  # the worker exited (the supervisor restarts it) or its pipe closed
        pass
