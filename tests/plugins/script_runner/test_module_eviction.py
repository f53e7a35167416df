"""A source change re-imports the app's own modules, never the kernel's or a plugin's."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kernel._app import AppOptions, build_app


def test_source_change_evicts_app_modules_but_not_the_kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "helper_mod_for_eviction.py").write_text("VALUE = 1\n")
    script = tmp_path / "app.py"
    script.write_text("import helper_mod_for_eviction\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import helper_mod_for_eviction  # noqa: F401

    app = build_app(AppOptions(script_path=script, cwd=tmp_path, home=tmp_path, environ={}))
    # Pretend the app lives in the same folder as the kernel and a plugin (a checkout).
    import kernel.contracts.messages
    import kernel_plugins.runtime

    monkeypatch.setattr(kernel.contracts.messages, "__file__", str(tmp_path / "kernel" / "messages.py"))
    monkeypatch.setattr(kernel_plugins.runtime, "__file__", str(tmp_path / "plugins" / "runtime" / "__init__.py"))
    app.hook.kernel_source_changed(app=app, paths=[script])
    assert "helper_mod_for_eviction" not in sys.modules
    assert "kernel.contracts.messages" in sys.modules and "kernel_plugins.runtime" in sys.modules
