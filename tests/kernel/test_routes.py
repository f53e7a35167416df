"""The kernel_register_http_routes hook: a plugin's sync and async routes are served by the runtime."""

from __future__ import annotations

from pathlib import Path

import trio

from kernel import hookimpl
from kernel._app import AppOptions, build_app
from kernel._lifecycle import serve_app
from kernel._routes import HttpRequest, HttpResponse, HttpRoute


class HelloRoutes:
    """A plugin with a quick route and one that does its work in a worker thread."""

    @hookimpl
    def kernel_register_http_routes(self, app: object) -> list[HttpRoute]:
        def quick(request: HttpRequest) -> HttpResponse | None:
            if request.path.endswith("/missing"):
                return None
            return HttpResponse(200, f"hello {request.query}".encode(), "text/plain", (("x-route", "quick"),))

        def slow(request: HttpRequest) -> object:
            async def later() -> HttpResponse:
                text = await trio.to_thread.run_sync(lambda: request.header("x-name") or "nobody")
                return HttpResponse(200, f"slow {text}".encode(), "text/plain")

            return later()

        def broken(request: HttpRequest) -> HttpResponse:
            raise RuntimeError("boom")

        return [HttpRoute("/_plugins/hello/", quick), HttpRoute("/_plugins/hello/slow/", slow),
                HttpRoute("/_plugins/broken/", broken)]


async def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    import urllib.error
    import urllib.request

    def fetch() -> tuple[int, dict[str, str], bytes]:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as r:
                return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
        except urllib.error.HTTPError as exc:
            return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()

    return await trio.to_thread.run_sync(fetch)


async def test_plugin_routes_sync_async_missing_and_broken(tmp_path: Path) -> None:
    script = tmp_path / "app.py"
    script.write_text("from kernel import st\n")
    app = build_app(AppOptions(script_path=script, cwd=tmp_path, home=tmp_path, environ={},
                               plugins=((HelloRoutes(), "hello_routes"),),
                               config_options={"server.port": "0", "server.file_watcher_type": "none"}))
    assert [r.plugin for r in app.http_routes() if r.url_prefix.startswith("/_plugins/")] == ["hello_routes"] * 3
    stop = trio.Event()
    async with trio.open_nursery() as nursery:
        runtime = await nursery.start(serve_app, app, stop)
        base = runtime.url.rstrip("/")
        try:
            status, headers, body = await _get(base + "/_plugins/hello/x?name=ada")
            assert (status, headers["x-route"], body) == (200, "quick", b"hello name=ada")
            status, _, body = await _get(base + "/_plugins/hello/slow/y", {"x-name": "grace"})
            assert (status, body) == (200, b"slow grace"), "the longest prefix wins; an awaitable is awaited"
            status, _, body = await _get(base + "/_plugins/hello/missing")
            assert status == 404
            status, _, body = await _get(base + "/_plugins/broken/z")
            assert status == 500 and b"boom" not in body and b"see the server log" in body
            status, _, _ = await _get(base + "/_kernel/health")
            assert status == 200, "the server carries on"
        finally:
            stop.set()


def test_a_prefix_without_its_final_slash_is_one_exact_path() -> None:
    def handler(request: HttpRequest) -> None:
        return None

    folder, exact = HttpRoute("/_plugins/hello/", handler), HttpRoute("/callback", handler)
    assert folder.matches("/_plugins/hello/") and folder.matches("/_plugins/hello/x/y")
    assert not folder.matches("/_plugins/hello")
    assert exact.matches("/callback")
    assert not exact.matches("/callbacks") and not exact.matches("/callback/") and not exact.matches("/callback/x")


def test_using_app_makes_st_use_that_app_outside_a_run(tmp_path: Path) -> None:
    from kernel import current_app, using_app

    one, two = (build_app(AppOptions(cwd=tmp_path, home=tmp_path, environ={})) for _ in range(2))
    with using_app(one):
        assert current_app() is one
        with using_app(two):
            assert current_app() is two
        assert current_app() is one
    assert current_app() is not one
