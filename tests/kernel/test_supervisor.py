"""``kernel run app.py --workers N``: the supervisor starts, restarts and stops its workers."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kernel._errors import KernelError
from kernel._supervisor import parse_ports

APP = "import os\nfrom kernel import st\nst.text(f'pid={os.getpid()}')\n"


def test_worker_ports_are_a_range_or_a_list() -> None:
    assert parse_ports("8601-8604") == [8601, 8602, 8603, 8604]
    assert parse_ports("8601,8610") == [8601, 8610]
    for bad in ("x", "8601-", "0", "8601,8601", "70000"):
        with pytest.raises(KernelError, match="--worker-ports"):
            parse_ports(bad)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie waiting for its parent counts as gone
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_workers_are_restarted_when_they_die_and_all_stop_with_the_supervisor(tmp_path: Path,
                                                                               stop: signal.Signals) -> None:
    (tmp_path / "app.py").write_text(APP)
    proc = subprocess.Popen([sys.executable, "-m", "kernel", "run", "app.py", "--workers", "2", "--server.port=0",
                             "--server.file_watcher_type=none"], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stdout is not None and proc.stderr is not None
    pids: dict[str, int] = {}
    serving = 0
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 60
        killed = 0
        while serving < 3:  # two workers, then the replacement of the one killed
            assert time.monotonic() < deadline, lines
            line = proc.stdout.readline().decode()
            lines.append(line)
            if match := re.search(r"worker (\S+) pid (\d+)", line):
                pids[match[1]] = int(match[2])
            if "kernel is serving" in line:
                serving += 1
                if serving == 2:
                    killed = pids[min(pids)]
                    os.kill(killed, signal.SIGKILL)
        assert f"(pid {killed}) exited with -9; starting it again" in "".join(lines)
        assert len(set(pids.values())) == 2 and killed not in pids.values()
        proc.send_signal(stop)
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        stderr = proc.stderr.read().decode()
        proc.stderr.close()
    assert not any(_alive(pid) for pid in pids.values())
    assert "backend = ''" in stderr and "sessions move between workers" in stderr  # the warning: scale-out is off


@pytest.mark.parametrize(("watcher", "relayed"), [("auto", True), ("none", False)])
def test_workers_hear_changes_from_the_supervisor_instead_of_watching(tmp_path: Path, watcher: str,
                                                                      relayed: bool) -> None:
    from kernel._app import AppOptions, build_app
    from kernel._supervisor import Supervisor

    script = tmp_path / "app.py"
    script.write_text(APP)
    app = build_app(AppOptions(script_path=script, cwd=tmp_path, home=tmp_path, environ={},
                               config_options={"server.file_watcher_type": watcher}))
    supervisor = Supervisor(app, script, 2, [8601, 8602])
    argv = supervisor.command(supervisor.workers[0])
    assert ("--server.file_watcher_type=supervisor" in argv) is relayed
    assert (supervisor.relay is not None) is relayed
    if relayed:
        assert supervisor.relay is not None and supervisor.relay.root == tmp_path.resolve()


@pytest.mark.parametrize(("given", "expected"), [({}, "true"), ({"server.warm_up": "false"}, "false")])
def test_workers_warm_up_before_they_listen_unless_the_command_line_says_no(
        tmp_path: Path, given: dict[str, str], expected: str) -> None:
    from kernel._app import AppOptions, build_app
    from kernel._supervisor import Supervisor

    script = tmp_path / "app.py"
    script.write_text(APP)
    app = build_app(AppOptions(script_path=script, cwd=tmp_path, home=tmp_path, environ={}, config_options=given))
    supervisor = Supervisor(app, script, 2, [8601, 8602])
    argv = supervisor.command(supervisor.workers[0])
    assert [a for a in argv if a.startswith("--server.warm_up=")] == [f"--server.warm_up={expected}"]
