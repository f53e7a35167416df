"""``kernel restart --rolling``: ask a running supervisor (``kernel run --workers N``) to
replace its workers one at a time, and wait until it has.

The supervisor is found by its pid file (``--pid-file``, default ``.kernel/supervisor.pid``
in the working directory) and asked with SIGHUP; its status file next to the pid file
says when the restart is over.
"""

from __future__ import annotations

import argparse
import os
import signal
import time
from pathlib import Path

from kernel._errors import KernelError
from kernel._supervisor import read_status

__all__ = ["restart_command"]


def _supervisor_pid(pid_file: Path) -> int:
    try:
        text = pid_file.read_text().strip()
    except OSError:
        raise KernelError(f"no supervisor pid file at {pid_file}: is kernel run --workers N running from this "
                          "folder? (give its --pid-file)") from None
    if not text.isdigit():
        raise KernelError(f"{pid_file} does not hold a process id: {text[:40]!r}")
    pid = int(text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        raise KernelError(f"the supervisor of {pid_file} (pid {pid}) is not running; delete the stale file") from None
    return pid


def restart_command(args: argparse.Namespace) -> int:
    """Send SIGHUP to the supervisor; unless ``--no-wait``, wait for the restart to finish."""
    pid_file = Path(args.pid_file)
    pid = _supervisor_pid(pid_file)
    before = read_status(pid_file) or {}
    done_before = int(before.get("restarts_done", 0))
    os.kill(pid, signal.SIGHUP)
    print(f"rolling restart asked of the supervisor (pid {pid})", flush=True)
    if args.no_wait:
        return 0
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        status = read_status(pid_file)
        if status is None:
            raise KernelError(f"the supervisor (pid {pid}) stopped before the restart finished")
        if int(status.get("restarts_done", 0)) > done_before:
            print(f"rolling restart done: {status.get('workers')} workers replaced", flush=True)
            return 0
        time.sleep(0.2)
    raise KernelError(f"the rolling restart did not finish within {args.timeout:g} s (the supervisor goes on; "
                      "see its output)")
