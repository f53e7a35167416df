"""``kernel run`` of a Streamlit script: it says once that ``import streamlit`` is kernel's."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kernel_plugins.streamlit_compat import ANNOUNCEMENT


def serve_and_stop(folder: Path, *options: str) -> str:
    """Serve app.py with ``kernel run``, load the page once, stop; return what it wrote to stderr."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KERNEL_")}
    env["HOME"] = str(folder)
    proc = subprocess.Popen([sys.executable, "-m", "kernel._cli", "run", "app.py", "--server.port=0", *options],
                            cwd=folder, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 30
        url = None
        while url is None and time.monotonic() < deadline:
            match = re.search(r"at (http://\S+)", proc.stdout.readline())
            url = match.group(1) if match else None
            if url is None and proc.poll() is not None:
                break
        assert url is not None, "kernel run did not print its URL"
        with urllib.request.urlopen(url + "_kernel/health", timeout=10) as response:
            assert response.status == 200
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0
    finally:
        proc.kill()
        _, err = proc.communicate()
    return err


@pytest.mark.slow
def test_kernel_run_says_once_that_streamlit_imports_are_kernels(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("import streamlit as st\nst.write('hi')\n")
    err = serve_and_stop(tmp_path)
    assert err.count(ANNOUNCEMENT.strip()) == 1


@pytest.mark.slow
def test_kernel_run_is_silent_about_it_when_turned_off(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("from kernel import st\nst.write('hi')\n")
    err = serve_and_stop(tmp_path, "--streamlit.alias=false")
    assert "Streamlit scripts run as they are" not in err
