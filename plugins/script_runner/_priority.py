"""A lower CPU priority, and a shorter thread switch interval, while a script run goes on for long.

Under the GIL, threads that compute without pause take turns with the server's own
thread (and with other sessions' short runs): with 20 of them, each wake-up of the
server waited behind many slices. Two things break the tie once a run has gone on for
:data:`DEMOTE_AFTER` seconds:

* its thread gets a lower priority (a higher nice value), so the operating system's
  scheduler gives the server's thread and short runs the processor, and so the GIL,
  first; the thread gets its priority back when the run ends, or, when the process may
  not raise a priority again (an unprivileged user), ends instead of serving the next
  run at the lower one;
* the interpreter's switch interval is shortened (``[runner] gil_switch_interval_ms``)
  while any such run goes on, so a waiting thread gets the GIL after that slice instead
  of Python's 5 ms; it goes back once no long run is left.

Short runs (the common case: a rerun of a page) pay neither: a 1 ms interval for every
run cost the 1000-element rerun and a 200-session burst 13-18 % (issue 19), from the
forced switches between the script thread and the event loop's thread.

The watcher is one daemon thread. While runs come and go it looks when the oldest run in
progress becomes long, or ``DEMOTE_AFTER`` seconds after its last look when no run is in
progress (a run that starts later is not due before then), and every ``DEMOTE_AFTER / 2``
seconds while a long run goes on; it sleeps until the next run once none started for
:data:`LINGER` seconds: a run then wakes it, but runs a few tenths of a second apart (a
user moving a slider) do not each wake another thread into the GIL.
"""

from __future__ import annotations

import os
import sys
import threading
import time

DEMOTE_AFTER = 0.5
"""Seconds a run goes on before its thread's priority is lowered."""

NICE_STEP = 10
"""How much the nice value of a long run's thread is raised (up to 19)."""

LINGER = 5.0
"""Seconds the watcher keeps looking after the last run ended before it sleeps until the next."""

_CAN = hasattr(os, "setpriority") and hasattr(os, "getpriority") and hasattr(threading, "get_native_id")

_short_interval = 0.0
"""The switch interval (seconds) while a long run goes on; 0 leaves the interval alone."""
_interval_lock = threading.Lock()
_saved_interval: float | None = None
"""The interval to put back once no long run is left (set while the short one is in force)."""


def configure_switch_interval(seconds: float) -> None:
    """Use ``seconds`` as the switch interval while a long run goes on (0: never change it).

    Where threads cannot be demoted (no ``os.setpriority``), no run is watched: the
    interval is then set now, for as long as the server runs (:func:`restore_switch_interval`).
    """
    global _short_interval
    _short_interval = seconds
    if seconds > 0 and not _CAN:
        _shorten(True)


def restore_switch_interval() -> None:
    """Put the interpreter's switch interval back (the server stops)."""
    global _short_interval
    _short_interval = 0.0
    _shorten(False)


def _shorten(short: bool) -> None:
    global _saved_interval
    with _interval_lock:
        if short and _saved_interval is None and _short_interval > 0:
            _saved_interval = sys.getswitchinterval()
            sys.setswitchinterval(_short_interval)
        elif not short and _saved_interval is not None:
            sys.setswitchinterval(_saved_interval)
            _saved_interval = None


class _Run:
    __slots__ = ("demoted_from", "long", "started")

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.demoted_from: int | None = None
        self.long = False


class Demoter:
    """Watches the runs in progress (one daemon thread, asleep once none ran for a while)."""

    def __init__(self, after: float = DEMOTE_AFTER, step: int = NICE_STEP, linger: float = LINGER) -> None:
        self._after = after
        self._step = step
        self._linger = linger
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
                self._waiting = False
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
        quiet_since: float | None = None
        while True:
            with self._cond:
                now = time.monotonic()
                if self._runs:
                    quiet_since = None
                elif quiet_since is None:
                    quiet_since = now
                elif now - quiet_since >= self._linger:
                    # Until a run starts (one that ended before this thread woke counts
                    # too: the runs that follow it are then watched without waking it).
                    self._waiting = True
                    while self._waiting:
                        self._cond.wait()
                    quiet_since = None
                    now = time.monotonic()
                any_long = False
                # A run that starts from now on is due no sooner than `after` from now: the
                # next look is then, or when a run in progress is due if that is sooner.
                look = now + self._after
                for native, run in self._runs.items():
                    if not run.long:
                        due = run.started + self._after
                        if now < due:
                            look = min(look, due)
                            continue
                        run.long = True
                        try:
                            current = os.getpriority(os.PRIO_PROCESS, native)
                            os.setpriority(os.PRIO_PROCESS, native, min(19, current + self._step))
                        except OSError:
                            pass  # leave its priority be; the interval still shortens
                        else:
                            run.demoted_from = current
                    any_long = True
            _shorten(any_long)
            if any_long:
                look = min(look, now + self._after / 2)  # soon see the long runs end (the interval goes back)
            time.sleep(max(look - now, 0.001))
