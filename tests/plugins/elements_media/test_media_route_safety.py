"""The media route never shows a document on the app's origin: attachments and a sandbox (#17, item 5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kernel import HttpRequest
from kernel._app import AppOptions, KernelApp, build_app
from kernel.contracts.media_files import (
    MEDIA_PREFIX,
    SANDBOX_POLICY,
    MediaFile,
    content_disposition,
    media_store,
    serve_media,
)


@pytest.fixture
def app(tmp_path: Path) -> KernelApp:
    script = tmp_path / "app.py"
    script.write_text("from kernel import st\n")
    return build_app(AppOptions(script_path=script, cwd=tmp_path, home=tmp_path, environ={}))


def _serve(app: KernelApp, mimetype: str, filename: str | None = None) -> dict[str, str]:
    media_store(app).put("s", "f", MediaFile(b"<svg><script>alert(1)</script></svg>", mimetype, filename))
    response = serve_media(app, HttpRequest("GET", MEDIA_PREFIX + "f"))
    assert response is not None and response.status == 200
    assert response.content_type == mimetype
    return dict(response.headers)


@pytest.mark.parametrize("mimetype", ["text/html", "text/html; charset=utf-8", "image/svg+xml", "IMAGE/SVG+XML",
                                      "application/xhtml+xml", "text/xml", "application/javascript",
                                      "text/plain", "application/octet-stream", "application/zip", "text/csv"])
def test_documents_and_unknown_types_are_attachments_in_a_sandbox(app: KernelApp, mimetype: str) -> None:
    headers = _serve(app, mimetype)
    assert headers["content-disposition"].startswith("attachment")
    assert headers["content-security-policy"] == SANDBOX_POLICY
    assert "sandbox" in SANDBOX_POLICY and "script-src" not in SANDBOX_POLICY and "default-src 'none'" in SANDBOX_POLICY


@pytest.mark.parametrize("mimetype", ["image/png", "image/jpeg", "image/gif", "image/webp", "audio/wav",
                                      "audio/mpeg", "video/mp4", "video/webm"])
def test_images_audio_and_video_are_inline_and_sandboxed(app: KernelApp, mimetype: str) -> None:
    headers = _serve(app, mimetype)
    assert "content-disposition" not in headers
    assert headers["content-security-policy"] == SANDBOX_POLICY


def test_a_pdf_is_inline_without_a_sandbox_chromium_would_refuse(app: KernelApp) -> None:
    headers = _serve(app, "application/pdf", "report.pdf")
    assert headers["content-disposition"].startswith("inline;")
    assert "content-security-policy" not in headers


def test_file_names_are_quoted_safely() -> None:
    assert content_disposition("text/html", 'a"b\\c\r\nd é.html') == (
        "attachment; filename=\"a_b_c__d _.html\"; filename*=UTF-8''a%22b%5Cc%0D%0Ad%20%C3%A9.html")
    assert content_disposition("image/png", "dot.png") == "inline; filename=\"dot.png\"; filename*=UTF-8''dot.png"
    assert content_disposition("image/png", None) is None
    assert content_disposition("image/svg+xml", None) == "attachment"
