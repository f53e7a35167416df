"""The layout commands of issue 20 in AppTest: st.space, st.bottom and st.grid."""

from __future__ import annotations

import pytest

from kernel.testing import AppTest


def test_space_sizes_and_its_node() -> None:
    at = AppTest.from_string(
        "from kernel import st\n"
        "st.text('a')\n"
        "st.space()\n"
        "st.space('large')\n"
        "with st.container(horizontal=True):\n"
        "    st.text('left')\n"
        "    st.space('stretch')\n"
        "    st.text('right')\n"
        "el = st.space(24)\n"
        "st.text(str(el is not None))\n"
    ).run()
    assert not at.exception
    assert [s.size for s in at.space] == ["small", "large", "stretch", 24]
    assert at.space.values == ["small", "large", "stretch", 24]
    assert at.space[0].type == "space"
    assert at.text[-1].value == "True"  # it returns the element's placeholder


@pytest.mark.parametrize("size", ["huge", -3, 2.5, True, None])
def test_space_rejects_an_unknown_size(size: object) -> None:
    at = AppTest.from_string(f"from kernel import st\nst.space({size!r})\n").run()
    assert at.exception and "st.space(size=" in at.exception[0].value
    assert "xxsmall" in at.exception[0].value


def test_space_placeholder_is_replaced_in_place() -> None:
    at = AppTest.from_string("from kernel import st\nslot = st.space('medium')\nslot.text('now text')\n").run()
    assert not at.space and at.text[0].value == "now text"
