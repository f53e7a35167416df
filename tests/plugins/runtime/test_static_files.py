"""StaticFiles: mounted folders, suffix filters, several folders under one prefix, no escape."""

from __future__ import annotations

from pathlib import Path

from kernel_plugins.runtime._static import StaticFiles


def _files(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
    (first / "a.js").write_text("export const a = 1;\n")
    (first / "a.py").write_text("SECRET = 1\n")
    (second / "b.css").write_text("body {}\n")
    (tmp_path / "outside.js").write_text("nope\n")
    return first, second


def test_suffix_filter_and_two_folders_under_one_prefix(tmp_path: Path) -> None:
    first, second = _files(tmp_path)
    static = StaticFiles()
    static.mount("/r/", first, suffixes=(".js", ".css"))
    static.mount("/r/", second, suffixes=(".js", ".css"))
    assert static.find("/r/a.js") == (first / "a.js").resolve()
    assert static.find("/r/b.css") == (second / "b.css").resolve()
    assert static.find("/r/a.py") is None  # the Python next to a renderer is never served
    assert static.find("/r/../outside.js") is None
    assert static.find("/r/%2e%2e/outside.js") is None
    assert static.handles("/r/missing.js") and not static.handles("/elsewhere/a.js")


def test_a_mount_without_filter_serves_every_file_inside_only(tmp_path: Path) -> None:
    first, _ = _files(tmp_path)
    static = StaticFiles()
    static.mount("/s/", first)
    assert static.find("/s/a.py") == (first / "a.py").resolve()
    assert static.find("/s/../outside.js") is None
    response = static.respond("/s/a.js", None)
    assert response is not None and response.status == 200 and response.body == b"export const a = 1;\n"
    etag = dict(response.headers)["etag"]
    again = static.respond("/s/a.js", etag)
    assert again is not None and again.status == 304
