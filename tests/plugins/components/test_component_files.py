"""The route of component files: only a registered directory's regular files, right types, sandboxed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import trio

from kernel import HttpRequest, HttpResponse
from kernel_plugins.components._files import FRAME_SANDBOX, resolve_component_file, serve_component_file
from kernel_plugins.components._registry import V1_PREFIX, V2_PREFIX, registry
from tests.conftest import MakeApp


@pytest.fixture
def build(tmp_path: Path) -> Path:
    root = tmp_path / "build"
    (root / "static" / "js").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><p>hi</p>")
    (root / "static" / "js" / "main.js").write_text("console.log(1)")
    (root / "static" / "app.css").write_text("p{}")
    (root / "font.woff2").write_bytes(b"wOF2")
    (root / "data.bin").write_bytes(b"\x00\x01")
    (root / ".env").write_text("SECRET=1")
    (tmp_path / "outside.txt").write_text("secret")
    registry().add_directory("tests.files.grid", root.resolve())
    return root.resolve()


def get(path: str, **headers: str) -> HttpResponse | None:
    answer = serve_component_file(HttpRequest("GET", path, "", tuple(headers.items())))
    if answer is None or isinstance(answer, HttpResponse):
        return answer

    async def wait() -> HttpResponse | None:
        return await answer  # type: ignore[misc]

    return trio.run(wait)


@pytest.mark.parametrize(("name", "content_type"), [
    ("index.html", "text/html; charset=utf-8"),
    ("static/js/main.js", "text/javascript; charset=utf-8"),
    ("static/app.css", "text/css; charset=utf-8"),
    ("font.woff2", "font/woff2"),
    ("data.bin", "application/octet-stream"),
])
def test_files_of_a_registered_component_are_served_with_their_type(build: Path, name: str,
                                                                     content_type: str) -> None:
    response = get(f"{V1_PREFIX}tests.files.grid/{name}")
    assert response is not None and response.status == 200
    assert response.content_type == content_type
    assert response.body == (build / name).read_bytes()
    headers = dict(response.headers)
    assert headers["content-security-policy"] == f"sandbox {FRAME_SANDBOX}"
    assert "allow-same-origin" not in headers["content-security-policy"]
    assert headers["access-control-allow-origin"] == "*"


def test_an_unchanged_file_answers_not_modified(build: Path) -> None:
    first = get(f"{V1_PREFIX}tests.files.grid/index.html")
    assert first is not None
    again = get(f"{V1_PREFIX}tests.files.grid/index.html", **{"if-none-match": dict(first.headers)["etag"]})
    assert again is not None and again.status == 304 and again.body == b""


@pytest.mark.parametrize("path", [
    "../outside.txt", "static/../../outside.txt", "%2e%2e/outside.txt", "static%2f..%2f..%2foutside.txt",
    "/etc/passwd", "%2fetc%2fpasswd", ".env", "static/./js/main.js", "static//js/main.js", "static\\js\\main.js",
    "index.html%00.js", "static", "missing.js",
])
def test_no_request_leaves_the_directory_or_reads_hidden_files(build: Path, path: str) -> None:
    assert get(f"{V1_PREFIX}tests.files.grid/{path}") is None


def test_a_symlink_out_of_the_directory_is_refused(build: Path, tmp_path: Path) -> None:
    os.symlink(tmp_path / "outside.txt", build / "link.txt")
    os.symlink(tmp_path, build / "up")
    os.symlink(build / "index.html", build / "inside.html")
    assert get(f"{V1_PREFIX}tests.files.grid/link.txt") is None
    assert get(f"{V1_PREFIX}tests.files.grid/up/outside.txt") is None
    inside = get(f"{V1_PREFIX}tests.files.grid/inside.html")  # a link that stays inside is a file of it
    assert inside is not None and inside.status == 200


def test_only_registered_components_are_served(build: Path) -> None:
    assert get(f"{V1_PREFIX}tests.files.unknown/index.html") is None
    assert get(f"{V1_PREFIX}tests.files.grid") is None
    assert get("/_kernel/components/elsewhere/index.html") is None


def test_resolve_refuses_what_is_not_a_regular_file(build: Path) -> None:
    assert resolve_component_file(build, "static") is None
    assert resolve_component_file(build, "") is None
    assert resolve_component_file(build, "static/js/main.js") == build / "static" / "js" / "main.js"


def test_v2_modules_are_served_by_digest_only() -> None:
    import hashlib

    source = "export default function () {}"
    digest = hashlib.sha256(source.encode()).hexdigest()
    registry().add_module(digest, source)
    response = get(f"{V2_PREFIX}{digest}.js")
    assert response is not None and response.body == source.encode()
    assert response.content_type == "text/javascript; charset=utf-8"
    assert get(f"{V2_PREFIX}{'0' * 64}.js") is None
    assert get(f"{V2_PREFIX}../{digest}.js") is None
    assert get(f"{V2_PREFIX}{digest}") is None


def test_the_plugins_route_serves_the_files_through_the_file_server(build: Path, make_app: MakeApp) -> None:
    # The route's handler imports the file server on its first request, not at start-up.
    routes = [r for r in make_app().http_routes() if r.url_prefix == "/_kernel/components/"]
    assert [r.plugin for r in routes] == ["components"] and routes[0].held_by_worker
    answer = routes[0].handler(HttpRequest("GET", f"{V1_PREFIX}tests.files.grid/index.html"))
    if not isinstance(answer, HttpResponse):
        async def wait() -> HttpResponse | None:
            return await answer  # type: ignore[misc]

        answer = trio.run(wait)
    assert answer is not None and answer.status == 200 and answer.body == (build / "index.html").read_bytes()
    assert routes[0].handler(HttpRequest("GET", f"{V1_PREFIX}tests.files.unknown/index.html")) is None
