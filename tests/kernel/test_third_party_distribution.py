"""A separately installed distribution replaces a core component through its entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "dists" / "kernel-fake-queue"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Install the fixture distribution into a private folder with pip."""
    target = tmp_path_factory.mktemp("site")
    build = tmp_path_factory.mktemp("src")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(target), str(FIXTURE)],
        check=True, cwd=build, capture_output=True,
    )
    return target


def run_python(site: Path, code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KERNEL_")}
    env["PYTHONPATH"] = os.pathsep.join([str(site), env.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True)


def test_installed_distribution_shows_in_kernel_plugins(site: Path, tmp_path: Path) -> None:
    result = run_python(site, "import sys; from kernel._cli import main; sys.exit(main(['plugins', '--json']))",
                        tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    fake = next(p for p in data["plugins"] if p["name"] == "fake_queue")
    assert (fake["distribution"], fake["version"]) == ("kernel-fake-queue", "1.2.3")
    assert fake["hooks"] == ["kernel_make_forward_msg_queue"]
    assert data["components"]["forward_msg_queue"] == ["fake_queue", "forward_msg_queue"]


def test_installed_distribution_replaces_the_queue_in_a_real_run(site: Path, tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("from kernel import st\nst.text('through the fake queue')\n")
    code = """
import time
from pathlib import Path
import kernel_fake_queue
from kernel._app import AppOptions, build_app
app = build_app(AppOptions(script_path=Path('app.py').resolve()))
session = app.make('app_session', session_id='s')
assert type(session.queue).__name__ == 'TaggingQueue', type(session.queue)
session.request_rerun()
deadline = time.monotonic() + 10
while session.runner.is_running and time.monotonic() < deadline:
    time.sleep(0.01)
bodies = [m.element.props['body'] for m in kernel_fake_queue.SEEN if type(m).__name__ == 'Delta']
assert bodies == ['through the fake queue'], bodies
"""
    result = run_python(site, code, tmp_path)
    assert result.returncode == 0, result.stderr


def test_installed_distribution_can_be_blocked(site: Path, tmp_path: Path) -> None:
    result = run_python(
        site, "import sys; from kernel._cli import main; sys.exit(main(['-p', 'no:fake_queue', 'plugins', '--json']))",
        tmp_path,
    )
    data = json.loads(result.stdout)
    assert data["components"]["forward_msg_queue"] == ["forward_msg_queue"]
    assert data["blocked"] == {"fake_queue": "-p no:fake_queue"}
