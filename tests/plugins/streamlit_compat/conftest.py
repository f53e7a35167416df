"""Fixtures: a stand-in for an installed Streamlit, so the tests need no real one."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest


@pytest.fixture
def installed_streamlit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """A package named ``streamlit`` on ``sys.path``, already imported (as a test importing
    the real Streamlit would have), removed again after the test."""
    site = tmp_path / "site"
    (site / "streamlit" / "components").mkdir(parents=True)
    (site / "streamlit" / "__init__.py").write_text("REAL = True\n__version__ = '0.0-real'\n")
    (site / "streamlit" / "components" / "__init__.py").write_text("")
    (site / "streamlit" / "components" / "v1.py").write_text("REAL = True\n")
    saved = {n: m for n, m in sys.modules.items() if n == "streamlit" or n.startswith("streamlit.")}
    for name in saved:
        del sys.modules[name]
    monkeypatch.syspath_prepend(str(site))
    import streamlit
    import streamlit.components.v1  # noqa: F401

    yield streamlit
    for name in [n for n in sys.modules if n == "streamlit" or n.startswith("streamlit.")]:
        del sys.modules[name]
    sys.modules.update(saved)
