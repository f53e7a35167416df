"""st.skeleton (issue 20) in AppTest: a placeholder replaced later, or cleared after its with block."""

from __future__ import annotations

import pytest

from kernel.testing import AppTest


def test_skeleton_is_replaced_like_an_empty_slot() -> None:
    at = AppTest.from_string(
        "from kernel import st\n"
        "sk = st.skeleton()\n"
        "tall = st.skeleton(120, width='content')\n"
        "st.text('after')\n"
        "sk.text('loaded')\n"
    ).run()
    assert not at.exception
    assert [t.value for t in at.text] == ["loaded", "after"]  # in the skeleton's place, before 'after'
    assert [(s.height, s.width) for s in at.skeleton] == [(120, "content")]


def test_skeleton_as_context_manager_is_cleared_and_writes_go_to_the_parent() -> None:
    at = AppTest.from_string(
        "from kernel import st\n"
        "with st.skeleton(80):\n"
        "    st.text('written inside')\n"
        "st.text('after')\n"
    ).run()
    assert not at.exception
    assert not at.skeleton
    assert [t.value for t in at.text] == ["written inside", "after"]


def test_skeleton_is_cleared_when_its_block_raises() -> None:
    at = AppTest.from_string(
        "from kernel import st\n"
        "try:\n"
        "    with st.skeleton():\n"
        "        raise ValueError('boom')\n"
        "except ValueError:\n"
        "    st.text('caught')\n"
    ).run()
    assert not at.skeleton and at.text[0].value == "caught"


@pytest.mark.parametrize("call, message", [
    ("st.skeleton(0)", "height must be a positive int"),
    ("st.skeleton('tall')", "height must be a positive int"),
    ("st.skeleton(width='wide')", "width"),
])
def test_skeleton_argument_errors(call: str, message: str) -> None:
    at = AppTest.from_string(f"from kernel import st\n{call}\n").run()
    assert at.exception and message in at.exception[0].value
