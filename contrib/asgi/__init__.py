"""Optional plugin ``kernel_contrib.asgi``: ``st.App``, a kernel script as an ASGI application.

``st.App("app.py", routes=..., middleware=..., lifespan=...)`` is a Starlette application
that serves the script next to your own routes, under uvicorn or any ASGI server
(``pip install 'kernel[asgi]'``; see docs/asgi.md). The kernel's runtime keeps running in
trio, in a thread of its own, and is handed each request through the
``kernel.contracts.runtime.HostedRuntime`` contract. ``kernel run serve.py`` serves a file
that builds one at module level with uvicorn.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kernel import Command, KernelApp, hookimpl

__all__: list[str] = []


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return [Command("App", "kernel_contrib.asgi._app:App", kind="module")]


@hookimpl
def kernel_serve_script(app: KernelApp, script: Path, workers: int) -> int | None:
    """``kernel run serve.py`` where ``serve.py`` builds an ``st.App`` (or FastAPI, Starlette)
    at module level: serve that with uvicorn, as ``streamlit run`` does."""
    try:
        source = script.read_bytes()
    except OSError:
        return None
    if not any(word in source for word in (b"App", b"FastAPI", b"Starlette")):
        return None  # a plain script: `kernel run` start-up pays for no import here
    from kernel_contrib.asgi._serve import serve_script

    return serve_script(app, script, workers)
