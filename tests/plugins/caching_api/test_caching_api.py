"""st.cache_data and st.cache_resource come from the essential caching_api plugin, written against CacheStorage."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kernel._app import KernelApp
from kernel._cli import main
from kernel._errors import EssentialPluginError
from kernel.contracts import CacheSettings, CacheStorage
from kernel.contracts.messages import Delta
from kernel.testing.cache_conformance import check_cache_storage
from kernel_plugins.app_session import HeadlessSession
from tests.conftest import MakeApp

REPLACEMENT = "tests.plugins.caching_api.replacement_storage"
SCRIPT = """
from kernel import st

@st.cache_data
def square(x):
    st.text(f"computed {x}")
    return x * x

@st.cache_resource
def connection():
    return object()

st.text(f"square {square(7)}")
st.text(f"same connection {connection() is connection()}")
"""


def _texts(app: KernelApp, runs: int) -> list[list[str]]:
    headless = HeadlessSession(app)
    out = []
    try:
        for _ in range(runs):
            headless.session.queue.reset_shown()
            headless.session.request_rerun()
            msgs = headless.collect()
            out.append([m.element.props["body"] for m in msgs if isinstance(m, Delta) and m.element.kind == "text"])
    finally:
        headless.close()
    return out


def test_a_replacement_storage_plugin_keeps_st_cache_data_working(make_app: MakeApp) -> None:
    app = make_app(script=SCRIPT, plugin_args=["no:caching", REPLACEMENT])
    assert app.pm.get_plugin("caching") is None and "cache" not in app.config.sections
    assert app.commands.get("cache_data").plugin == "caching_api"
    first, second = _texts(app, runs=2)
    assert first == ["computed 7", "square 49", "same connection True"]
    assert second == first, "the hit replays the element the function emitted"
    stats = app.make("caching", cache_kind="data", settings=CacheSettings("*", "*")).statistics()
    assert [(f.function_name, f.entries, f.hits) for f in stats.functions] == [("square", 1, 1)]


def test_the_replacement_conforms_through_the_factory(make_app: MakeApp) -> None:
    app = make_app(plugin_args=["no:caching", REPLACEMENT])

    def make(kind: str, settings: CacheSettings) -> CacheStorage:
        storage: CacheStorage = app.make("caching", cache_kind=kind, settings=settings)
        return storage

    check_cache_storage(make, resources=True)


def test_kernel_cache_works_with_the_replacement(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-p", "no:caching", "-p", REPLACEMENT, "cache", "stats"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("replacement cache: 0 entries, 0 B, 0 hits, 0 misses\n")
    assert main(["-p", "no:caching", "-p", REPLACEMENT, "cache", "clear"]) == 0
    assert capsys.readouterr().out.startswith("cleared the replacement cache in this process's dicts (")


@pytest.mark.parametrize("how", ["-p", "config"])
def test_caching_api_cannot_be_blocked(make_app: MakeApp, project: Path, monkeypatch: pytest.MonkeyPatch,
                                       how: str) -> None:
    monkeypatch.delitem(sys.modules, "kernel_plugins.caching_api", raising=False)
    if how == "config":
        (project / ".kernel").mkdir()
        (project / ".kernel" / "config.toml").write_text('[plugins]\ndisable = ["caching_api"]\n')
    with pytest.raises(EssentialPluginError, match=r"^plugin 'caching_api' cannot be disabled \(asked by "):
        make_app(plugin_args=["no:caching_api"] if how == "-p" else [])
    assert "kernel_plugins.caching_api" not in sys.modules


def test_the_key_modules_import_each_other_one_way_only() -> None:
    import ast

    folder = Path(__file__).resolve().parents[3] / "plugins" / "caching_api"

    def imported(module: str) -> set[str]:
        tree = ast.parse((folder / f"{module}.py").read_text())
        return {n.module.rpartition(".")[2] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}

    assert not imported("_encode_builtins") & {"_encode_other", "_call_keys"}
    assert not imported("_encode_other") & {"_call_keys"}
    assert {"_encode_builtins", "_encode_other"} <= imported("_call_keys")
