"""kernel.elements: the widget API element plugins use, and its error for hosts without widgets."""

from __future__ import annotations

from typing import Any

import pytest

from kernel import Command, hookimpl
from kernel.elements import WidgetSupportError, register_widget
from kernel.testing import AppTest


class _Plain:
    root = "main"
    path = ()

    def add_element(self, kind: str, props: Any) -> Any:
        return self


def test_a_delta_generator_without_widgets_gets_a_clear_error() -> None:
    with pytest.raises(WidgetSupportError, match=r"st\.dial: the delta generator _Plain cannot host widgets"):
        register_widget(_Plain(), "dial", label="x")


def dial(dg: Any, label: str, *, key: Any = None) -> int:
    wid, value = register_widget(dg, "dial", label=label, key=key, identity=(label,), default=0,
                                 coerce=lambda raw: int(raw) % 360)
    dg.add_element("dial", {"id": wid, "label": label, "value": value})
    return int(value)


class DialPlugin:
    @hookimpl
    def kernel_register_commands(self) -> list[Command]:
        return [Command("dial", dial)]


def test_a_plugin_widget_round_trips_through_the_core_machinery(tmp_path: Any) -> None:
    script = tmp_path / "app.py"
    script.write_text("from kernel import st\nst.text(repr(st.dial('Angle', key='angle')))\n")
    at = AppTest(script, plugins=[(DialPlugin(), "dial")]).run()
    assert at.text[0].value == "0"
    node = at.get("dial")[0]
    at._stage(node.props["id"], 370)
    at.run()
    assert at.text[0].value == "10" and at.session_state["angle"] == 10


def quiet_dial(dg: Any, label: str, *, key: Any = None) -> int:
    wid, value = register_widget(dg, "quiet_dial", label=label, key=key, identity=(label,), default=0,
                                 coerce=int, publish=False)
    dg.add_element("dial", {"id": wid, "label": label, "value": value})
    return int(value)


class QuietDialPlugin:
    @hookimpl
    def kernel_register_commands(self) -> list[Command]:
        return [Command("quiet_dial", quiet_dial)]


def test_publish_false_leaves_the_key_to_the_command(tmp_path: Any) -> None:
    """The value is not mirrored, an assignment is not taken, and the key is not locked."""
    script = tmp_path / "app.py"
    script.write_text("from kernel import st\nst.session_state.setdefault('angle', 'mine')\n"
                      "v = st.quiet_dial('Angle', key='angle')\nst.session_state.angle = 'still mine'\n"
                      "st.text(repr((v, st.session_state.angle)))\n")
    at = AppTest(script, plugins=[(QuietDialPlugin(), "quiet_dial")]).run()
    assert not at.exception
    assert at.text[0].value == "(0, 'still mine')"
    at._stage(at.get("dial")[0].props["id"], 5)
    assert at.run().text[0].value == "(5, 'still mine')"


def test_json_beside_keeps_small_documents_and_non_json_numbers_inline() -> None:
    from kernel.elements import json_beside

    assert json_beside({"series": [{"data": list(range(100))}]}, "test") is None
    assert json_beside({"data": [float("nan")] * 100_000}, "test") is None, "NaN is not JSON the page can read"
