"""Assembling an app imports plugins' hooks, not their machinery: that is most of start-up time.

Element modules, sessions, the script runner, caches and secret sources load when the
first session or script needs them (see ``kernel._lazy`` and ``Command.load``). These
tests keep it that way; the time itself is measured by ``benchmarks/bench_loop.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

LOADED_LATER = (
    "importlib.metadata",
    "kernel.contracts.messages",
    "kernel_plugins.session_state._client_info",
    "kernel.contracts.app_session",
    "kernel.contracts.caching",
    "kernel.contracts.session_state",
    "tomllib",
    "kernel_plugins.app_session._session",
    "kernel_plugins.forward_msg_queue._queue",
    "kernel_plugins.script_runner._runner",
    "kernel_plugins.pages._navigation",
    "kernel_plugins.pages._discovery",
    "kernel_plugins.pages._page",
    "kernel_plugins.fragments._fragment",
    "kernel_plugins.fragments._dialog",
    "kernel_plugins.session_state._state",
    "kernel_plugins.session_state_api._context",
    "kernel_plugins.caching_api._cached",
    "kernel_plugins.caching_api._decorators",
    "kernel_plugins.secrets._merged",
    "kernel_plugins.secrets._sources",
    "kernel_plugins.delta_generator._dg",
    "kernel_plugins.widgets._engine",
    "kernel_plugins.widgets._run_lifecycle",
    "kernel_plugins.widgets._query_binding",
    "kernel_plugins.scaleout._mirror",
    "kernel.contracts.scaleout",
    "cattrs",  # options of plain types (str, int, float, bool, Path, X | None) are checked without it
)
ELEMENT_MODULES_AT_START = {"kernel_plugins.elements_inputs._uploads_config", "kernel_plugins.elements_inputs._catalog",
                            "kernel_plugins.elements_inputs"}


def _modules_after(code: str, cwd: Path) -> set[str]:
    script = "import json, sys\n" + code + "\nprint(json.dumps(sorted(sys.modules)))\n"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=cwd)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_build_app_imports_no_plugin_machinery(tmp_path: Path) -> None:
    loaded = _modules_after(
        "from kernel._app import AppOptions, build_app\n"
        "app = build_app(AppOptions(config_options={'server.port': '0'}))\n"
        "assert 'text' in app.commands and 'cache_data' in app.commands\n",
        tmp_path,
    )
    early = sorted(m for m in loaded if m.startswith(LOADED_LATER))
    assert early == [], f"loaded at start-up: {early}"
    elements = {m for m in loaded if m.startswith("kernel_plugins.elements_inputs")}
    assert elements <= ELEMENT_MODULES_AT_START, sorted(elements - ELEMENT_MODULES_AT_START)


def test_a_command_loads_its_module_on_first_use(tmp_path: Path) -> None:
    loaded = _modules_after(
        "from kernel._app import AppOptions, build_app\n"
        "app = build_app(AppOptions())\n"
        "assert callable(app.commands.get('metric').load())\n",
        tmp_path,
    )
    assert "kernel_plugins.elements_data.metric" in loaded
    assert "kernel_plugins.elements_charts.charts" not in loaded


ELEMENT_PLUGINS = ("elements_text", "elements_status", "elements_data", "elements_charts",
                   "elements_media", "elements_layout", "widgets")
"""Core element plugins split out of delta_generator: at start-up each loads its hooks and its catalog only."""


def test_element_plugins_load_only_their_hooks_and_catalog_at_start(tmp_path: Path) -> None:
    loaded = _modules_after(
        "from kernel._app import AppOptions, build_app\n"
        "app = build_app(AppOptions(config_options={'server.port': '0'}))\n"
        "assert 'markdown' in app.commands\n",
        tmp_path,
    )
    for plugin in ELEMENT_PLUGINS:
        package = f"kernel_plugins.{plugin}"
        early = {m for m in loaded if m.startswith(package + ".")} - {f"{package}._catalog"}
        assert early == set(), f"{plugin} loaded at start-up: {sorted(early)}"
    assert "kernel.contracts.markup" not in loaded and "kernel.elements" not in loaded


SERVING_PLUGIN = '''
import json, sys
from kernel import hookimpl

@hookimpl
def kernel_startup(app):
    with open(OUT + ".tmp", "w") as f:
        json.dump(sorted(sys.modules), f)
    import os
    os.replace(OUT + ".tmp", OUT)
'''


def test_a_serving_kernel_run_has_not_loaded_route_handlers(tmp_path: Path) -> None:
    # What `kernel run` has imported once it serves (kernel_startup): the login routes'
    # handlers (cookies, auth config) and the components' file server load with their first request;
    # the streamlit aliases' finder needs no importlib.abc.
    import os
    import time

    out = tmp_path / "modules.json"
    (tmp_path / "dump_modules.py").write_text(f"OUT = {str(out)!r}\n" + SERVING_PLUGIN)
    (tmp_path / "app.py").write_text("from kernel import st\nst.text('hi')\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    err = tmp_path / "stderr.txt"
    with err.open("wb") as err_file:
        proc = subprocess.Popen([sys.executable, "-m", "kernel", "run", "app.py", "--server.port=0",
                                 "--server.file_watcher_type=none", "-p", "dump_modules"],
                                cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=err_file)
    try:
        deadline = time.monotonic() + 60
        while not out.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert out.exists(), err.read_text() if proc.poll() is not None else "no kernel_startup in 60 s"
        loaded = set(json.loads(out.read_text()))
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert "kernel_plugins.auth" in loaded
    early = sorted(m for m in loaded if m.startswith((*LOADED_LATER, "kernel_plugins.auth._", "http.cookies",
                                                          "kernel_plugins.components._", "importlib.abc",
                                                          "kernel.contracts.media_files", "mimetypes")))
    assert early == ["kernel_plugins.auth._paths"], f"loaded before the first request: {early}"
    # Nor what trio's thread naming and TLS, attrs' PyPy check, argparse's terminal width, the
    # session ids and tokens, CSP nonces and the idna codec would pull in (kernel/_dependency_imports.py,
    # kernel._cli.CliHelpFormatter...).
    assert loaded & {"ctypes.util", "platform", "shutil", "tempfile", "uuid", "encodings.idna", "ssl", "hmac",
                     "hashlib", "secrets"} == set()
