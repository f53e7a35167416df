"""Big uploads in Chromium: 150 MB in chunks with progress, 250 MB refused, a resumed upload."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.elements2_browser import Serve, open_app, out

APP = """
import hashlib
from kernel import st
f = st.file_uploader("Big file")
st.text("none" if f is None else f"{f.name} {f.size} {hashlib.sha256(f.getvalue()).hexdigest()}")
"""
MB = 1024 * 1024

WATCH_PROGRESS = """() => {
  window.progressSeen = { rows: 0, percents: new Set() };
  new MutationObserver(() => {
    for (const row of document.querySelectorAll('.k-upload-progress')) {
      window.progressSeen.rows += 1;
      window.progressSeen.percents.add(row.dataset.percent);
    }
  }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
}"""


@pytest.fixture
def files(tmp_path: Path) -> Iterator[Path]:
    """A folder for the generated files, emptied after the test (they are large)."""
    folder = tmp_path / "files"
    folder.mkdir()
    yield folder
    for path in folder.iterdir():
        path.unlink()


def _make_file(folder: Path, name: str, size: int) -> tuple[Path, str]:
    """A file of ``size`` pseudo-random bytes and its SHA-256."""
    path = folder / name
    digest = hashlib.sha256()
    with path.open("wb") as fh:
        for i in range(0, size, MB):
            part = os.urandom(min(MB, size - i))
            fh.write(part)
            digest.update(part)
    return path, digest.hexdigest()


def test_a_150_mb_upload_arrives_whole_with_progress_shown(serve: Serve, page: Any, files: Path) -> None:
    path, digest = _make_file(files, "big.bin", 150 * MB)
    open_app(page, serve, APP)
    page.evaluate(WATCH_PROGRESS)
    page.get_by_label("Big file").set_input_files(str(path))
    expect(out(page)).to_have_text(f"big.bin {150 * MB} {digest}", timeout=120_000)
    stats = page.evaluate("window.kernelClient.uploads.stats")
    assert stats["acks"] >= 150 and stats["done"] == 1  # one acknowledgement per 1 MiB chunk
    seen = page.evaluate("[window.progressSeen.rows, [...window.progressSeen.percents]]")
    assert seen[0] > 0 and len(seen[1]) > 2, seen  # the progress row was shown, and moved
    expect(page.locator(".k-upload-progress")).to_have_count(0)
    expect(page.locator(".k-file")).to_contain_text("big.bin")


def test_a_250_mb_upload_is_refused_with_the_message_before_sending(serve: Serve, page: Any, files: Path) -> None:
    path, _ = _make_file(files, "huge.bin", 250 * MB)
    open_app(page, serve, APP)
    page.get_by_label("Big file").set_input_files(str(path))
    expect(page.locator(".k-upload-error")).to_have_text("huge.bin is 250.0 MB, over the upload limit of 200 MB.")
    expect(out(page)).to_have_text("none")
    assert page.evaluate("window.kernelClient.uploads.stats")["started"] == 0  # no byte was sent


def test_an_upload_resumes_after_the_connection_drops(serve: Serve, page: Any, files: Path) -> None:
    path, digest = _make_file(files, "resume.bin", 120 * MB)
    app = open_app(page, serve, APP)
    page.get_by_label("Big file").set_input_files(str(path))
    page.wait_for_function("window.kernelClient.uploads.stats.acks >= 4")
    app.call(app.runtime.drop_connections)
    expect(out(page)).to_have_text(f"resume.bin {120 * MB} {digest}", timeout=120_000)
    stats = page.evaluate("window.kernelClient.uploads.stats")
    assert stats["resumed"] >= 1 and stats["done"] == 1
    assert len(app.runtime.sessions) == 1  # the same session, resumed
