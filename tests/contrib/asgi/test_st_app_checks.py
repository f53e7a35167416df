"""st.App's argument checks, and its answers before the kernel starts or under a prefix (no server)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")

from starlette.routing import Mount, Route, WebSocketRoute  # noqa: E402

from kernel import st  # noqa: E402


async def _nothing(request: Any) -> None:
    return None


@pytest.fixture
def script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "app.py"
    path.write_text("from kernel import st\nst.text('hi')\n")
    return path


@pytest.mark.parametrize("route", [
    Route("/", _nothing), Route("/index.html", _nothing), Route("/_kernel/health", _nothing),
    Route("/{anything}", _nothing), Route("/oauth2callback", _nothing), Mount("/", routes=[]),
    Mount("/_kernel", routes=[]), WebSocketRoute("/_kernel/stream", _nothing), Route("/_kernel/{x}", _nothing),
], ids=lambda r: f"{type(r).__name__}({r.path or '/'})")
def test_a_route_that_shadows_kernels_paths_is_refused(script: Path, route: Any) -> None:
    with pytest.raises(ValueError, match="collides with kernel's own"):
        st.App("app.py", routes=[route])


def test_routes_of_their_own_are_accepted(script: Path) -> None:
    app = st.App("app.py", routes=[Route("/api/ping", _nothing), Route("/api/items/{id}", _nothing),
                                   Mount("/static", routes=[]), Route("/kernel-notes", _nothing)])
    assert app.script_path == script
    assert len(app.routes) == 4


@pytest.mark.parametrize("secrets", [{"key": object()}, {"db": {"port": {1, 2}}}, {"list": [1, None]}, {1: "x"},
                                     ["not", "a", "mapping"]])
def test_secrets_of_other_types_are_a_type_error(script: Path, secrets: Any) -> None:
    with pytest.raises(TypeError, match="st.App"):
        st.App("app.py", secrets=secrets)


def test_secrets_are_copied_and_checked_recursively(script: Path) -> None:
    given = {"token": "x", "db": {"port": 5432, "ssl": True, "ratio": 0.5, "hosts": ["a", "b"]}}
    app = st.App("app.py", secrets=given)
    given["db"]["port"] = 1  # type: ignore[index]
    assert app.secrets == {"token": "x", "db": {"port": 5432, "ssl": True, "ratio": 0.5, "hosts": ["a", "b"]}}
    from kernel import using_app

    with using_app(app.kernel):
        assert st.secrets["db"]["port"] == 5432


def test_a_missing_script_is_named(script: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such script: .*missing.py"):
        st.App("missing.py")


async def _call(app: Any, scope: dict[str, Any]) -> tuple[int, bytes]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def _scope(path: str, root_path: str = "") -> dict[str, Any]:
    return {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
            "path": path, "raw_path": path.encode(), "root_path": root_path, "query_string": b"",
            "headers": [(b"host", b"127.0.0.1")], "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}


async def test_without_its_lifespan_the_app_says_how_to_start_it(script: Path) -> None:
    status, body = await _call(st.App("app.py"), _scope("/"))
    assert status == 503 and b"lifespan" in body


async def test_mounted_under_a_prefix_the_app_says_it_serves_at_the_root(script: Path) -> None:
    app = st.App("app.py")
    async with app.lifespan()(None):
        status, body = await _call(app, _scope("/dash/", root_path="/dash"))
        assert status == 404 and b"root path" in body
        status, body = await _call(app, _scope("/_kernel/health"))
        assert (status, body) == (200, b"ok\n")
