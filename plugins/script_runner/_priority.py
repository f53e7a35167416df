"""A lower CPU priority for script threads whose run goes on for long.

Under the GIL, threads that compute without pause take turns with the server's own
thread (and with other sessions' short runs): with 20 of them, each wake-up of the
server waited behind many slices. The operating system's scheduler breaks the tie when
the long runs' threads have a lower priority (a higher nice value): the server's thread
and short runs get the processor, and so the GIL, first. A run is demoted once it has
run for :data:`DEMOTE_AFTER` seconds; its thread gets its priority back when the run
ends, or, when the process may not raise a priority again (an unprivileged user),
ends instead of serving the next run at the lower one.
"""

from __future__ import annotations

import os
import threading
import time

DEMOTE_AFTER = 0.5
"""Seconds a run goes on before its thread's priority is lowered."""

NICE_STEP = 10
"""How much the nice value of a long run's thread is raised (up to 19)."""

_CAN = hasattr(os, "setpriority") and hasattr(os, "getpriority") and hasattr(threading, "get_native_id")


class _Run:
    __slots__ = ("demoted_from", "started")

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.demoted_from: int | None = None


class Demoter:
    """Watches the runs in progress (one daemon thread, asleep while none runs)."""

    def __init__(self, after: float = DEMOTE_AFTER, step: int = NICE_STEP) -> None:
        self._after = after
        self._step = step
        self._cond = threading.Condition(threading.Lock())
        self._runs: dict[int, _Run] = {}
        self._thread: threading.Thread | None = None
        self._waiting = False

    def started(self) -> None:
        """The calling thread starts a run."""
        if not _CAN:
            return
        native = threading.get_native_id()
        with self._cond:
            self._runs[native] = _Run()
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="kernel-script-demoter", daemon=True)
                self._thread.start()
            elif self._waiting:
                self._cond.notify()

    def finished(self) -> bool:
        """The calling thread's run ended; ``False`` when the thread keeps a lower
        priority it could not undo (it should end rather than serve another run)."""
        if not _CAN:
            return True
        native = threading.get_native_id()
        with self._cond:
            run = self._runs.pop(native, None)
            if run is None or run.demoted_from is None:
                return True
            try:
                os.setpriority(os.PRIO_PROCESS, native, run.demoted_from)
            except OSError:
                return False
            return True

    def demoted(self) -> int:
        """How many runs in progress run at a lower priority now."""
        with self._cond:
            return sum(run.demoted_from is not None for run in self._runs.values())

    def _watch(self) -> None:
        while True:
            with self._cond:
                while not self._runs:
                    self._waiting = True
                    self._cond.wait()
                    self._waiting = False
                now = time.monotonic()
                for native, run in self._runs.items():
                    if run.demoted_from is None and now - run.started >= self._after:
                        try:
                            current = os.getpriority(os.PRIO_PROCESS, native)
                            os.setpriority(os.PRIO_PROCESS, native, min(19, current + self._step))
                        except OSError:
                            run.started = float("inf")  # leave it be; never try again
                        else:
                            run.demoted_from = current
            time.sleep(self._after / 2)
