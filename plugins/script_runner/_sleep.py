"""The script's own ``time`` module, whose ``sleep`` wakes for a stop or rerun request.

A thread blocked in ``time.sleep`` runs no bytecode, so neither a checkpoint nor an
asynchronous exception reaches it until the sleep returns: ``time.sleep(3600)`` would
keep a stopped script's thread for an hour. Nothing global is patched for this: the
script runs with builtins whose ``__import__`` hands the script (and the functions it
defines) this module for ``import time`` / ``from time import sleep``. Its ``sleep``
waits on the runner's request instead, then acts like an ``st`` call: a stop or rerun
request ends the run there. Everything else is the real ``time`` module's. Modules the
script imports keep the real ``time.sleep``; a sleep there ends when it returns.
"""

from __future__ import annotations

import builtins
import time as _time
import types
from typing import Any

from kernel.context import get_run_context

_LONGEST = 1e9
"""Seconds beyond which (and for anything that is not a real number) the real
``time.sleep`` runs, with its own errors and limits."""


def sleep(seconds: float) -> None:
    """``time.sleep`` for the script: returns after ``seconds``, or ends the run at once
    when a stop or rerun request arrives meanwhile (like an ``st`` call would)."""
    ctx = get_run_context()
    wait = getattr(ctx.runner, "wait_for_request", None) if ctx is not None else None
    if wait is None or not isinstance(seconds, int | float) or not 0 < seconds < _LONGEST:
        _time.sleep(seconds)
        return
    deadline = _time.monotonic() + seconds
    if wait(seconds):
        assert ctx is not None
        ctx.checkpoint()  # raises StopRun or RerunRun for the request that woke us
        remaining = deadline - _time.monotonic()
        if remaining > 0:
            _time.sleep(remaining)


def _module_getattr(name: str) -> Any:
    return getattr(_time, name)


def _make_time_module() -> types.ModuleType:
    module = types.ModuleType("time", _time.__doc__)
    module.sleep = sleep  # type: ignore[attr-defined]
    module.__getattr__ = _module_getattr  # type: ignore[method-assign]
    module.__dir__ = lambda: sorted({*dir(_time), "sleep"})  # type: ignore[method-assign]
    return module


SCRIPT_TIME = _make_time_module()
"""What ``import time`` gives the script: the real module's attributes, looked up on
use, with :func:`sleep` instead of the real one."""


def script_import(name: str, globals: Any = None, locals: Any = None, fromlist: Any = (), level: int = 0) -> Any:
    """The script's ``__import__``: the real one, except that ``time`` is :data:`SCRIPT_TIME`."""
    module = builtins.__import__(name, globals, locals, fromlist, level)
    if name == "time" and level == 0:
        return SCRIPT_TIME
    return module


def script_builtins() -> dict[str, Any]:
    """The builtins a run of the script sees: today's builtins with :func:`script_import`."""
    namespace = dict(builtins.__dict__)
    namespace["__import__"] = script_import
    return namespace
