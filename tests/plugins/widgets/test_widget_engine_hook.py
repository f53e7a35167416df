"""The widget engine is a plugin behind kernel.elements.register_widget: replaceable, and missed clearly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kernel import hookimpl
from kernel.contracts.widgets import WidgetEngine, WidgetRequest
from kernel.testing import AppTest
from kernel_plugins.widgets._engine import CoreWidgetEngine


class CountingEngine:
    """Counts the widgets it registers, then lets the core engine do the work."""

    def __init__(self) -> None:
        self.kinds: list[str] = []
        self._core = CoreWidgetEngine()

    def register(self, dg: Any, request: WidgetRequest) -> tuple[str, Any]:
        self.kinds.append(request.kind)
        return self._core.register(dg, request)

    def widget_id(self, dg: Any, kind: str, key: Any, identity: Any) -> str:
        return self._core.widget_id(dg, kind, key, identity)

    def claim_key(self, key: Any, what: str) -> None:
        self._core.claim_key(key, what)


class CountingPlugin:
    def __init__(self) -> None:
        self.engine = CountingEngine()

    @hookimpl
    def kernel_make_widget_engine(self, app: Any) -> WidgetEngine:
        return self.engine


def test_the_core_engine_satisfies_the_contract() -> None:
    assert isinstance(CoreWidgetEngine(), WidgetEngine)


def test_every_core_input_registers_through_the_app_engine(tmp_path: Path) -> None:
    script = tmp_path / "app.py"
    script.write_text("from kernel import st\nst.slider('s', key='s')\nst.text_input('t')\n"
                      "with st.form('f'):\n    st.checkbox('c')\n    st.form_submit_button()\n")
    plugin = CountingPlugin()
    at = AppTest(script, plugins=[(plugin, "counting")]).run()
    assert not at.exception
    assert plugin.engine.kinds == ["slider", "text_input", "checkbox", "form_submit_button"]


def test_without_an_engine_a_widget_says_what_is_missing(tmp_path: Path) -> None:
    script = tmp_path / "app.py"
    script.write_text("from kernel import st\nst.checkbox('c')\n")
    at = AppTest(script, plugin_args=["no:widgets"]).run()
    assert at.exception
    assert "no plugin answers kernel_make_widget_engine" in at.exception[0].message
