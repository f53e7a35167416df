"""Stopping a script by force: its run's stop exception raised in the script thread with
the interpreter's asynchronous-exception mechanism (``PyThreadState_SetAsyncExc``).

The interpreter delivers such an exception between bytecodes of the target thread (at
its next call or backward jump), so it ends loops that never reach an ``st`` call
(``while True: pass``). It is never delivered while the thread runs C code that does
not return (a blocking system call, a C extension holding the GIL), and ``os._exit``
ends the whole process: docs/security.md says what is not promised.

To keep the kernel's own bookkeeping whole, the exception is only raised while the
thread's innermost frames are the app's code: walking out from the innermost frame,
a ``__main__`` frame (the script and the functions it defines) is met before any frame
of the kernel, its plugins or pluggy. The thread then meets the exception in the app's
code, or at the entry of the next function it calls, where an ``st.stop()`` could have
raised too.
"""

from __future__ import annotations

import ctypes
import logging
import sys
import threading
import time
from collections.abc import Iterable
from typing import Protocol

log = logging.getLogger("kernel.script_runner")

_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
_set_async_exc.argtypes = (ctypes.c_ulong, ctypes.py_object)
_set_async_exc.restype = ctypes.c_int
# The same function with a NULL exception: clears one that is pending.
_clear_async_exc = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p)(
    ("PyThreadState_SetAsyncExc", ctypes.pythonapi))

KERNEL_PACKAGES = frozenset({"kernel", "kernel_plugins", "kernel_contrib", "pluggy"})
"""Top-level packages whose frames are never interrupted (besides the loaded plugins')."""


def raise_in_thread(thread_id: int, exc_type: type[BaseException]) -> bool:
    """Make the thread ``thread_id`` raise ``exc_type`` at its next bytecode boundary;
    ``False`` if no such Python thread exists."""
    return bool(_set_async_exc(thread_id, exc_type))


def cancel_in_thread(thread_id: int) -> None:
    """Forget an exception :func:`raise_in_thread` made pending for ``thread_id`` and the
    thread has not raised yet."""
    _clear_async_exc(thread_id, None)


def in_app_code(thread_id: int, protected: Iterable[str] = KERNEL_PACKAGES) -> bool:
    """Whether the thread's innermost frames are the app's: walking out from the
    innermost frame, a ``__main__`` frame comes before any frame of a ``protected``
    top-level package (library frames in between, e.g. the standard library's, are fine)."""
    protected = frozenset(protected)
    frame = sys._current_frames().get(thread_id)
    while frame is not None:
        name = frame.f_globals.get("__name__")
        if name == "__main__":
            return True
        if isinstance(name, str) and name.partition(".")[0] in protected:
            return False
        frame = frame.f_back
    return False


class Forcible(Protocol):
    """What the :class:`Reaper` watches: a runner with a request its run may ignore."""

    def force_if_due(self, now: float) -> float | None:
        """Force the stop if its time has come; the next time to look again (monotonic
        seconds), or ``None`` when nothing is left to watch."""
        ...


class Reaper:
    """One daemon thread that calls :meth:`Forcible.force_if_due` when it is due.

    The thread exists only while something is watched; a runner watches itself when a
    stop, rerun or close request reaches a running script.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._due: dict[Forcible, float] = {}
        self._thread: threading.Thread | None = None
        self._sleeping_until: float | None = None
        """When the thread wakes on its own (it waits for the earliest due time), or ``None``
        while it is not waiting."""

    def watch(self, target: Forcible, when: float) -> None:
        """Call ``target.force_if_due`` at monotonic time ``when`` (or earlier, if it was
        already due earlier). The thread is woken only when ``when`` comes before the time
        it sleeps until (a request during a run that is about to end, back-to-back
        reruns, usually does not)."""
        with self._cond:
            old = self._due.get(target)
            if old is None or when < old:
                self._due[target] = when
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="kernel-script-reaper", daemon=True)
                self._thread.start()
            elif self._sleeping_until is not None and when < self._sleeping_until:
                self._cond.notify()

    def watched(self) -> int:
        """How many targets are watched now."""
        with self._cond:
            return len(self._due)

    def _run(self) -> None:
        while True:
            with self._cond:
                if not self._due:
                    self._thread = None
                    return
                now = time.monotonic()
                due = [target for target, when in self._due.items() if when <= now]
                if not due:
                    self._sleeping_until = min(self._due.values())
                    self._cond.wait(self._sleeping_until - now)
                    self._sleeping_until = None
                    continue
                for target in due:
                    del self._due[target]
            for target in due:
                try:
                    later = target.force_if_due(time.monotonic())
                except Exception:  # pragma: no cover - a failing runner must not stop the reaper
                    log.exception("forcing the stop of a script failed")
                    later = None
                if later is not None:
                    self.watch(target, later)
            del due, target


reaper = Reaper()
"""The process's reaper, shared by every runner."""
