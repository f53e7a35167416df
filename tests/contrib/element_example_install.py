"""Install ``contrib/kernel-element-example`` with pip into a private folder, and run Python against it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DISTRIBUTION = ROOT / "contrib" / "kernel-element-example"


def install(target: Path, build: Path) -> Path:
    """``pip install --no-deps --no-build-isolation --target target`` the example distribution."""
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
         "--target", str(target), str(DISTRIBUTION)],
        check=True, cwd=build, capture_output=True,
    )
    return target


def environment(site: Path) -> dict[str, str]:
    """An environment whose Python sees the installed plugin and this checkout's kernel."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KERNEL_")}
    env["PYTHONPATH"] = os.pathsep.join([str(site), str(ROOT)])
    return env


def run_python(site: Path, code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter that has the plugin installed."""
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=environment(site), capture_output=True,
                          text=True, timeout=60)


def start_server(site: Path, script: Path) -> tuple[subprocess.Popen[str], str]:
    """``kernel run script`` on a free port in a subprocess; returns the process and the app's URL."""
    code = ("import sys; from kernel._cli import main; "
            f"sys.exit(main(['run', {script.name!r}, '--server.port=0', '--server.file_watcher_type=none']))")
    proc = subprocess.Popen([sys.executable, "-u", "-c", code], cwd=script.parent, env=environment(site),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    seen = []
    for line in proc.stdout:
        seen.append(line)
        match = re.search(r"at (http://\S+)", line)
        if match:
            return proc, match.group(1)
    proc.wait(10)
    proc.stdout.close()
    raise RuntimeError("kernel run did not print its URL:\n" + "".join(seen))
