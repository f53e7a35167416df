"""``kernel run serve.py`` for a file that builds an ASGI application: serve it with uvicorn.

Like ``streamlit run``, which serves a module-level ``st.App`` (or FastAPI, Starlette) with
uvicorn instead of running the file as a script. The file is imported as a module (its
folder first on ``sys.path``, ``sys.argv`` the script and its arguments), so code under
``if __name__ == "__main__":`` does not run.
"""

from __future__ import annotations

import gc
import importlib.util
import sys
from pathlib import Path
from typing import Any

from kernel import KernelApp, KernelError
from kernel_contrib.asgi import _app
from kernel_contrib.asgi._discover import Discovery, discover_file


def serve_script(app: KernelApp, script: Path, workers: int) -> int | None:
    """Serve ``script``'s ASGI application until it stops; ``None`` if it builds none."""
    found = discover_file(script)
    if found.app is None:
        _refuse_unreachable(script, found)
        return None
    what = f"{script.name} builds an ASGI application ({found.app.kind}, bound to {found.app.name!r} at line " \
           f"{found.app.line})"
    server = app.config.sections.get("server")
    if workers > 1 or bool(getattr(server, "reuse_port", False)):
        raise KernelError(f"{what}, which runs in one process: --workers cannot share it out. Run several "
                          f"processes with uvicorn instead: uvicorn {script.stem}:{found.app.name} --workers N "
                          "(docs/asgi.md)")
    try:
        import uvicorn
    except ImportError:
        raise KernelError(f"{what}; serving it needs uvicorn and Starlette: pip install 'kernel[asgi]'") from None
    options = app.options
    _app.CLI_DEFAULTS.update(config_options=dict(options.config_options), plugin_args=tuple(options.plugin_args))
    module = _import(script, options.script_args)
    target = getattr(module, found.app.name, None)
    if target is None or not callable(target):
        raise KernelError(f"{what}, but after importing it {found.app.name!r} is {target!r}, not an application")
    print(f"\n  kernel run: {what}; serving it with uvicorn.", flush=True)
    _resume_collection()
    if isinstance(target, _app.App):
        target.run()
        return 0
    address = str(getattr(server, "address", "127.0.0.1"))
    port = int(getattr(server, "port", 8501))
    shown = f"[{address}]" if ":" in address else address
    print(f"  http://{shown}:{port}/\n", flush=True)
    uvicorn.run(target, host=address, port=port, lifespan="on", log_level="warning")
    return 0


def _refuse_unreachable(script: Path, found: Discovery) -> None:
    """An ``st.App`` built only inside a function or a ``__main__`` block cannot be served, and
    running the file as a script would build it inside a run: say how to fix it instead."""
    apps = [f for f in found.unassigned if f.kind == "st.App"]
    if apps:
        raise KernelError(
            f"{script.name} builds an st.App at line {apps[0].line}, but not as a module-level assignment, so "
            f"kernel run cannot serve it (and the file is no script to run). Bind it at the top level "
            f"(app = st.App(\"your_script.py\", ...)) to serve it with kernel run {script.name} or uvicorn "
            f"{script.stem}:app, or start the file itself: python {script.name}")


def _import(script: Path, script_args: tuple[str, ...]) -> Any:
    """``script`` imported as the module named after its file (not ``__main__``)."""
    folder = str(script.resolve().parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    sys.argv = [str(script), *script_args]
    spec = importlib.util.spec_from_file_location(script.stem, script.resolve())
    if spec is None or spec.loader is None:
        raise KernelError(f"cannot import {script} as a module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[script.stem] = module
    spec.loader.exec_module(module)
    return module


def _resume_collection() -> None:
    # `kernel run` pauses garbage collection while it starts and resumes it once its own
    # server listens; this server is uvicorn's, so resume it here (freezing start-up objects).
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
