"""Scripts written for Streamlit run as they are: ``import streamlit`` gives kernel's API in a run."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest

from kernel.testing import AppTest


def write(folder: Path, name: str, source: str) -> Path:
    path = folder / name
    path.write_text(source)
    return path


def test_a_streamlit_script_runs_unchanged_although_streamlit_is_installed(
        tmp_path: Path, installed_streamlit: ModuleType) -> None:
    script = write(tmp_path, "app.py", (
        "import streamlit as st\n"
        "from streamlit import session_state, write\n"
        "import streamlit.components.v1 as components\n"
        "from streamlit.testing.v1 import AppTest\n"
        "st.title('Hello')\n"
        "session_state.setdefault('n', 0)\n"
        "write('components: ' + components.__name__, 'real' if hasattr(st, 'REAL') else 'kernel')\n"
        "components.html('<b>hi</b>', height=40)\n"
        "st.write(AppTest.__module__)\n"
    ))
    at = AppTest.from_file(script).run()
    assert not at.exception
    assert at.title[0].value == "Hello"
    assert at.markdown.values == ["components: streamlit.components.v1 kernel", "kernel.testing.apptest"]
    assert at.get("iframe")[0].proto["srcdoc"] == "<b>hi</b>"
    assert at.session_state["n"] == 0
    # Outside the run, the installed package is back, submodules included.
    assert sys.modules["streamlit"] is installed_streamlit
    assert sys.modules["streamlit.components.v1"].REAL is True


def test_packages_the_app_imports_get_kernels_streamlit_too(tmp_path: Path, installed_streamlit: ModuleType) -> None:
    write(tmp_path, "greeter_for_alias_test.py", (
        "import streamlit as st\n"
        "def greet(name):\n"
        "    st.write(f'Hello {name}')\n"
    ))
    script = write(tmp_path, "app.py", "import greeter_for_alias_test\ngreeter_for_alias_test.greet('Ann')\n")
    try:
        at = AppTest.from_file(script).run()
        assert not at.exception
        assert at.markdown.values == ["Hello Ann"]
        assert at.run().markdown.values == ["Hello Ann"]
    finally:
        sys.modules.pop("greeter_for_alias_test", None)


def test_streamlit_version_and_common_submodules(tmp_path: Path) -> None:
    script = write(tmp_path, "app.py", (
        "import threading\n"
        "import streamlit as st\n"
        "from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx\n"
        "from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx as get2\n"
        "from streamlit.delta_generator import DeltaGenerator\n"
        "from streamlit.logger import get_logger\n"
        "from streamlit import runtime\n"
        "import streamlit.column_config as cc\n"
        "get_logger(__name__).info('hello')\n"
        "st.write(st.__version__)\n"
        "st.write(get_script_run_ctx().session_id == get2().session_id, runtime.exists())\n"
        "st.write(isinstance(st.sidebar, DeltaGenerator),\n"
        "         cc.__name__ == 'streamlit.column_config' and callable(cc.TextColumn))\n"
        "def work():\n"
        "    st.write('from a thread', get_script_run_ctx() is not None)\n"
        "t = add_script_run_ctx(threading.Thread(target=work))\n"
        "t.start(); t.join()\n"
    ))
    at = AppTest.from_file(script).run()
    assert not at.exception
    assert at.markdown.values == ["1.67.0", "`True` `True`", "`True` `True`", "from a thread `True`"]


def test_older_apps_imports_of_headers_and_the_state_type(tmp_path: Path) -> None:
    script = write(tmp_path, "app.py", (
        "import streamlit as st\n"
        "from streamlit.web.server.websocket_headers import _get_websocket_headers\n"
        "from streamlit.runtime.state import SessionStateProxy\n"
        "st.write(type(_get_websocket_headers()).__name__, isinstance(st.session_state, SessionStateProxy))\n"
    ))
    at = AppTest.from_file(script).run()
    assert not at.exception and at.markdown.values == ["dict `True`"]


def test_a_submodule_kernel_lacks_is_refused_with_what_to_do(tmp_path: Path) -> None:
    script = write(tmp_path, "app.py", "import streamlit.web.cli\n")
    at = AppTest.from_file(script).run()
    message = at.exception[0].message
    assert "No module named 'streamlit.web.cli'" in message
    assert "streamlit.components.v1" in message and "--streamlit.alias=false" in message


def test_a_name_kernel_lacks_says_so(tmp_path: Path) -> None:
    script = write(tmp_path, "app.py", "import streamlit.logger\nstreamlit.logger.no_such_thing\n")
    at = AppTest.from_file(script).run()
    assert "streamlit.logger.no_such_thing is not provided by kernel's Streamlit compatibility" in \
        at.exception[0].message


def test_the_alias_can_be_turned_off(tmp_path: Path, installed_streamlit: ModuleType) -> None:
    script = write(tmp_path, "app.py", "import streamlit\nfrom kernel import st\nst.write(streamlit.__version__)\n")
    at = AppTest(script, config_options={"streamlit.alias": "false"}).run()
    assert at.markdown.values == ["0.0-real"]


def test_without_streamlit_installed_the_name_is_free_again_after_a_run(tmp_path: Path) -> None:
    saved = {n: m for n, m in sys.modules.items() if n == "streamlit" or n.startswith("streamlit.")}
    for name in saved:
        del sys.modules[name]
    try:
        AppTest.from_string("import streamlit as st\nst.write('x')\n").run()
        assert not [n for n in sys.modules if n == "streamlit" or n.startswith("streamlit.")]
    finally:
        sys.modules.update(saved)


@pytest.mark.parametrize("name", ["components", "declare_component"])
def test_declared_custom_components_fail_only_when_used(tmp_path: Path, name: str) -> None:
    script = write(tmp_path, "app.py", (
        "import streamlit.components.v1 as components\n"
        "import streamlit as st\n"
        "grid = components.declare_component('my_grid', path='build')\n"
        "st.write('declared')\n"
        "grid(data=[1])\n"
    ))
    at = AppTest.from_file(script).run()
    assert at.markdown.values == ["declared"]
    assert "the custom component 'my_grid' has no index.html in its build directory" in at.exception[0].message
