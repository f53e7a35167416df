"""The layout containers write into any delta generator: tracked ones too, on a replacement."""

from __future__ import annotations

from pathlib import Path

from kernel.testing import AppTest
from tests.replacements import list_dg

SCRIPT = """
from kernel import st
with st.expander("More", key="more", on_change="rerun") as more:
    st.text("inside")
a, b = st.columns(2)
b.text("right")
tab1, tab2 = st.tabs(["One", "Two"], key="tabs", on_change="rerun")
st.text(repr((more.open, st.session_state.more, tab1.open, tab2.open)))
"""


def test_tracked_containers_work_on_a_replacement_delta_generator(tmp_path: Path) -> None:
    script = tmp_path / "app.py"
    script.write_text(SCRIPT)
    list_dg.made.clear()
    at = AppTest(script, plugin_args=["no:delta_generator", "tests.replacements.list_dg"]).run()
    assert not at.exception
    assert list_dg.made, "the replacement delta generator was not used"
    assert [t.value for t in at.text] == ["inside", "right", "(False, False, True, False)"]
    at.expander[0].set_open(True)
    at.run()
    assert at.text[-1].value == "(True, True, True, False)"
