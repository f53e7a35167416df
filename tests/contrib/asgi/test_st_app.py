"""st.App: a kernel script served as an ASGI application by a real uvicorn, next to the user's routes."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import trio

from kernel.contracts.messages import Rerun
from tests.contrib.asgi.uvicorn_server import Served, stop, uvicorn_serving
from tests.plugins.runtime.liveloop_client import StreamClient, connect, http_request, props_of

pytest.importorskip("uvicorn")

SCRIPT = """
from kernel import st

st.title("Served by uvicorn")
mode = st.text_input("mode", "calm")
if mode == "handled":
    raise ValueError("the handler takes this one")
if mode == "shown":
    raise KeyError("this one is shown")
st.text(f"mode={mode} token={st.secrets['token']} region={st.secrets['db']['region']}")
"""

WRAPPER = """
import contextlib
from pathlib import Path

from starlette.middleware import Middleware
from starlette.responses import JSONResponse
from starlette.routing import Route

from kernel import st

HANDLED = Path("handled.log")


async def ping(request):
    return JSONResponse({"pong": True, "token": st.secrets["token"], "greeting": request.state.greeting,
                         "state": app.state.greeting})


@contextlib.asynccontextmanager
async def lifespan(the_app):
    assert the_app is app
    Path("lifespan.log").write_text("started\\n")
    yield {"greeting": "hello from the lifespan"}
    with open("lifespan.log", "a") as log:
        log.write("stopped\\n")


def on_script_error(exc):
    with HANDLED.open("a") as log:
        log.write(f"{type(exc).__name__}: {exc}\\n")
    return isinstance(exc, ValueError)


class Stamp:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        async def stamped(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((b"x-stamp", b"yes"))
            await send(message)
        await self.app(scope, receive, stamped)


app = st.App("app.py", routes=[Route("/api/ping", ping)], secrets={"token": "t0k3n", "db": {"region": "eu"}},
             lifespan=lifespan, middleware=[Middleware(Stamp)], on_script_error=on_script_error)
"""


def write_app(directory: Path, wrapper: str = WRAPPER) -> None:
    (directory / "app.py").write_text(textwrap.dedent(SCRIPT))
    (directory / "serve_app.py").write_text(textwrap.dedent(wrapper))
    # The secrets files' value is overridden by App(secrets=...) at the top level.
    (directory / ".streamlit").mkdir()
    (directory / ".streamlit" / "secrets.toml").write_text('token = "from-the-file"\n[db]\nregion = "us"\n')


def ws_url(served: Served) -> str:
    return served.url.replace("http://", "ws://") + "/_kernel/stream"


async def drive_session(served: Served) -> list[str]:
    """Open a session over the WebSocket, run it, change the text input three times; the texts shown."""
    texts = []
    async with connect(ws_url(served)) as ws:
        client = StreamClient(ws)
        hello = await client.new_session()
        assert hello.script_name == "app.py"
        await client.send(Rerun())
        first = await client.until_finished(timeout=60)
        assert [p["body"] for p in props_of(first, "heading")] == ["Served by uvicorn"]
        texts += [p["body"] for p in props_of(first, "text")]
        box = props_of(first, "text_input")[0]["id"]
        for mode in ("busy", "handled", "shown"):
            await client.send(Rerun({box: mode}))
            msgs = await client.until_finished(timeout=60)
            texts += [p["body"] for p in props_of(msgs, "text")]
            texts += [f"exception: {p.get('type')}" for p in props_of(msgs, "exception")]
    return texts


async def test_a_session_runs_under_uvicorn_beside_the_users_route(tmp_path: Path) -> None:
    write_app(tmp_path)
    with uvicorn_serving(tmp_path, "serve_app:app") as served:
        status, headers, body = await http_request(served.url + "/", "/api/ping")
        assert status == 200 and headers["x-stamp"] == "yes"
        assert json.loads(body) == {"pong": True, "token": "t0k3n", "greeting": "hello from the lifespan",
                                    "state": "hello from the lifespan"}
        status, headers, page = await http_request(served.url + "/", "/")
        assert status == 200 and b'id="kernel-config"' in page
        assert headers["x-stamp"] == "yes"  # the user's middleware wraps kernel's paths too
        assert "nonce-" in headers["content-security-policy"]  # and kernel's own headers stay
        status, _, _ = await http_request(served.url + "/", "/_kernel/static/client/main.js")
        assert status == 200
        status, _, _ = await http_request(served.url + "/", "/_kernel/no-such-thing")
        assert status == 404
        texts = await drive_session(served)
        assert texts[:2] == ["mode=calm token=t0k3n region=eu", "mode=busy token=t0k3n region=eu"]
        # ValueError: on_script_error returned True, so nothing is shown; KeyError: shown.
        assert texts[2:] == ["exception: KeyError"]
        assert (tmp_path / "handled.log").read_text().splitlines() == [
            "ValueError: the handler takes this one", "KeyError: 'this one is shown'"]
        assert (tmp_path / "lifespan.log").read_text() == "started\n"
        code = stop(served)
    # uvicorn shuts down gracefully, then ends by the signal it got (-15), as its docs say.
    assert code in (0, -15) and "Application shutdown complete" in served.output(), served.output()
    assert (tmp_path / "lifespan.log").read_text() == "started\nstopped\n"


PARENT = """
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route

from kernel import st

dashboard = st.App("app.py", secrets={"token": "t0k3n"})


async def parent_route(request):
    return PlainTextResponse("the parent app")


app = Starlette(routes=[Route("/parent", parent_route), Mount("/", app=dashboard)], lifespan=dashboard.lifespan())
"""


async def test_an_app_mounted_in_a_parent_app_starts_with_its_lifespan(tmp_path: Path) -> None:
    write_app(tmp_path, PARENT)
    with uvicorn_serving(tmp_path, "serve_app:app") as served:
        status, _, body = await http_request(served.url + "/", "/parent")
        assert (status, body) == (200, b"the parent app")
        texts = await drive_session(served)
        # No on_script_error here: both errors are shown.
        assert texts == ["mode=calm token=t0k3n region=us", "mode=busy token=t0k3n region=us",
                         "exception: ValueError", "exception: KeyError"]
        assert stop(served) in (0, -15) and "Application shutdown complete" in served.output(), served.output()


async def test_a_websocket_from_another_site_is_refused(tmp_path: Path) -> None:
    write_app(tmp_path, PARENT)
    with uvicorn_serving(tmp_path, "serve_app:app") as served:
        import trio_websocket

        refused = pytest.RaisesExc(trio_websocket.ConnectionRejected, check=lambda e: e.status_code == 403)
        with pytest.RaisesGroup(refused, flatten_subgroups=True):
            async with connect(ws_url(served), [(b"origin", b"https://evil.example")]) as ws:
                await ws.get_message()
        # The server goes on serving others.
        async with connect(ws_url(served)) as ws:
            assert (await StreamClient(ws).new_session()).script_name == "app.py"
        with trio.fail_after(30):
            status, _, _ = await http_request(served.url + "/", "/_kernel/health")
        assert status == 200
