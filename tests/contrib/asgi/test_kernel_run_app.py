"""``kernel run serve.py`` where serve.py builds an st.App: found in the source without running it,
served with uvicorn (as ``streamlit run`` does), and clear errors where it cannot be."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kernel_contrib.asgi._discover import FoundApp, discover
from tests.contrib.asgi.test_st_app import write_app
from tests.contrib.asgi.uvicorn_server import kernel_run_serving
from tests.plugins.runtime.liveloop_client import http_request

pytest.importorskip("uvicorn")


@pytest.mark.parametrize("source, found", [
    ("from kernel import st\napp = st.App('a.py')\n", FoundApp("app", "st.App", 2)),
    ("import streamlit as st\ndashboard = st.App('a.py')\n", FoundApp("dashboard", "st.App", 2)),
    ("from streamlit import App\nx: App = App('a.py')\n", FoundApp("x", "st.App", 2)),
    ("import kernel.st as s\nserver = s.App('a.py')\n", FoundApp("server", "st.App", 2)),
    ("from fastapi import FastAPI\napi = FastAPI()\n", FoundApp("api", "FastAPI", 2)),
    ("from starlette.applications import Starlette as S\nweb = S()\n", FoundApp("web", "Starlette", 2)),
    # "app" and then "streamlit_app" are preferred over the first one built
    ("from kernel import st\nother = st.App('a.py')\nstreamlit_app = st.App('b.py')\napp = st.App('c.py')\n",
     FoundApp("app", "st.App", 4)),
])
def test_a_module_level_app_is_found_through_the_imports(source: str, found: FoundApp) -> None:
    assert discover(source).app == found


@pytest.mark.parametrize("source", [
    "from kernel import st\nst.text('a plain script')\n",
    "class App:\n    pass\napp = App()\n",                      # a class of the file's own
    "from mylib import App\napp = App()\n",                     # someone else's App
    "from kernel import st\nApp = st.App\n",                    # not a call
    "def broken(:\n    App\n",                                 # does not parse: the runtime reports it
])
def test_no_app_is_found_in_other_files(source: str) -> None:
    assert discover(source).app is None


def test_an_app_built_only_under_main_is_reported_as_unreachable() -> None:
    found = discover("from kernel import st\nif __name__ == '__main__':\n    st.App('a.py').run()\n")
    assert found.app is None and found.unassigned == (FoundApp("", "st.App", 3),)


def _kernel_run(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kernel", "run", *args], cwd=directory, capture_output=True,
                          text=True, timeout=120)


async def test_kernel_run_serves_the_st_app_with_uvicorn(tmp_path: Path) -> None:
    write_app(tmp_path, wrapper=textwrap.dedent("""
        import sys
        from starlette.responses import JSONResponse
        from starlette.routing import Route
        from kernel import st

        async def ping(request):
            return JSONResponse({"argv": sys.argv[1:], "port": st.get_option("server.port"),
                                 "token": st.secrets["token"]})

        app = st.App("app.py", routes=[Route("/api/ping", ping)], secrets={"token": "t0k3n", "db": {"region": "eu"}})

        if __name__ == "__main__":
            raise SystemExit("kernel run imports the file: this block must not run")
    """))
    with kernel_run_serving(tmp_path, "serve_app.py", "--", "one", "two") as served:
        status, _, body = await http_request(served.url + "/", "/api/ping")
        assert status == 200
        port = int(served.url.rsplit(":", 1)[1])
        # the script's arguments and the command line's options reach the app the file builds
        assert json.loads(body) == {"argv": ["one", "two"], "port": port, "token": "t0k3n"}
        status, _, page = await http_request(served.url + "/", "/")
        assert status == 200 and b'id="kernel-config"' in page
    output = served.output()
    assert "serve_app.py builds an ASGI application (st.App, bound to 'app' at line 11); serving it with " \
           "uvicorn" in output, output


def test_kernel_run_says_how_to_serve_an_app_it_cannot(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("from kernel import st\nst.text('hi')\n")
    (tmp_path / "main_only.py").write_text("from kernel import st\nif __name__ == '__main__':\n"
                                           "    st.App('app.py').run()\n")
    done = _kernel_run(tmp_path, "main_only.py")
    assert done.returncode == 1
    assert "main_only.py builds an st.App at line 3, but not as a module-level assignment" in done.stderr
    assert "app = st.App(" in done.stderr

    (tmp_path / "serve.py").write_text("from kernel import st\napp = st.App('app.py')\n")
    done = _kernel_run(tmp_path, "serve.py", "--workers", "2")
    assert done.returncode == 1
    assert "--workers cannot share it out" in done.stderr and "uvicorn serve:app --workers N" in done.stderr
