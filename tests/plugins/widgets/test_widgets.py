"""Widgets: identity, values round-tripping through Rerun.widget_states, triggers, callbacks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kernel.contracts.messages import Delta, ForwardMsg
from kernel_plugins.app_session import HeadlessSession
from kernel_plugins.widgets._engine import widget_id

MakeHeadless = Callable[..., HeadlessSession]

APP = """
from kernel import st
n = st.slider("n", 0, 10, 3)
r = st.slider("r", 0.0, 1.0, (0.2, 0.5))
t = st.text_input("t", "hi", max_chars=5)
c = st.checkbox("c")
s = st.selectbox("s", ["a", "b", "c"], index=1)
b = st.button("b")
st.text(repr((n, r, t, c, s, b)))
"""


def props(msgs: list[ForwardMsg], kind: str) -> list[dict[str, Any]]:
    return [m.element.props for m in msgs if isinstance(m, Delta) and m.element.kind == kind]


def output(msgs: list[ForwardMsg]) -> str:
    return str(props(msgs, "text")[-1]["body"])


def ids(msgs: list[ForwardMsg]) -> dict[str, str]:
    out = {}
    for m in msgs:
        if isinstance(m, Delta) and "id" in m.element.props:
            out[m.element.props["label"]] = m.element.props["id"]
    return out


def test_defaults_on_the_first_run(headless: MakeHeadless) -> None:
    msgs = headless(APP).run()
    assert output(msgs) == "(3, (0.2, 0.5), 'hi', False, 'b', False)"
    slider = props(msgs, "slider")[0]
    assert (slider["min"], slider["max"], slider["step"], slider["value"]) == (0, 10, 1, 3)
    assert props(msgs, "selectbox")[0]["options"] == ["a", "b", "c"]


def test_values_round_trip_and_are_coerced(headless: MakeHeadless) -> None:
    h = headless(APP)
    wid = ids(h.run())
    msgs = h.run({wid["n"]: 7, wid["r"]: [0.9, 0.1], wid["t"]: "abcdefgh", wid["c"]: True, wid["s"]: 2})
    assert output(msgs) == "(7, (0.1, 0.9), 'abcde', True, 'c', False)"
    assert props(msgs, "slider")[0]["value"] == 7
    # Out-of-range or wrongly typed values fall back or clamp.
    msgs = h.run({wid["n"]: 99, wid["c"]: "yes", wid["s"]: 12})
    assert output(msgs) == "(10, (0.1, 0.9), 'abcde', False, 'b', False)"


def test_button_is_true_for_exactly_one_run(headless: MakeHeadless) -> None:
    h = headless(APP)
    wid = ids(h.run())
    assert output(h.run(trigger=wid["b"])).endswith("True)")
    assert output(h.run()).endswith("False)")


def test_ids_depend_on_parameters_without_key_and_on_key_with_one() -> None:
    assert widget_id("slider", None, ("n", 0, 10), "main") != widget_id("slider", None, ("n", 0, 11), "main")
    assert widget_id("slider", None, ("n",), "main") != widget_id("slider", None, ("n",), "sidebar")
    assert widget_id("checkbox", "k", (), "main") == widget_id("checkbox", "k", (), "sidebar")
    assert widget_id("checkbox", "k", (), "main").endswith("-k")


def test_remembered_ids_are_the_computed_ones_and_keep_equal_values_of_other_types_apart() -> None:
    import hashlib

    from kernel_plugins.widgets import _engine

    def computed(kind: str, key: object, identity: tuple[object, ...], root: str, form: str = "",
                 page: str = "") -> str:
        parts: tuple[object, ...] = (kind, key, identity, None if key is not None else root)
        if form and key is None:
            parts = (*parts, form)
        if page:
            parts = (*parts, ("page", page))
        digest = hashlib.blake2b(repr(parts).encode(), digest_size=8).hexdigest()
        return f"{kind}-{digest}" if key is None else f"{kind}-{digest}-{key}"

    cases: list[tuple[object, tuple[object, ...], str, str]] = [
        (None, ("a", 1, None), "", ""), (None, ("a", True, None), "", ""), (None, ("a", 1.0, None), "", ""),
        (None, ("a", 0.0), "", ""), (None, ("a", -0.0), "", ""), (1, (), "", ""), (True, (), "", ""),
        ("k", ("x",), "f", "p"), (None, ("x",), "f", ""), (None, ("x", (1, True)), "", ""),
        (None, ("x", (True, 1)), "", ""), (None, ("x", ["l"]), "", ""),
    ]
    for _ in range(2):  # the second time from the memo, where it applies
        for key, identity, form, page in cases:
            assert widget_id("w", key, identity, "main", form, page) == computed("w", key, identity, "main", form,
                                                                                 page), (key, identity)
    assert widget_id("w", None, ("a", 1), "main") != widget_id("w", None, ("a", True), "main")
    assert widget_id("w", None, ("a", 0.0), "main") != widget_id("w", None, ("a", -0.0), "main")
    assert widget_id("w", 1, (), "main") != widget_id("w", True, (), "main")
    # Only identities of plain values are remembered, and the memo stays bounded.
    assert not any(any(type(x) in (float, tuple, list) for x in parts[2]) for parts, _ in _engine._IDS)
    for n in range(_engine._IDS_MAX + 10):
        widget_id("w", None, (str(n),), "main")
    assert len(_engine._IDS) <= _engine._IDS_MAX
    # A long string (a default text, say) is not kept alive by the memo; its id is the same.
    document = "x" * (_engine._MEMO_STR_MAX + 1)
    assert widget_id("w", None, ("a", document), "main") == computed("w", None, ("a", document), "main", "", "")
    assert not any(document in parts[2] for parts, _ in _engine._IDS)


def test_duplicate_widget_id_is_a_clear_error(headless: MakeHeadless) -> None:
    msgs = headless("from kernel import st\nst.checkbox('x')\nst.checkbox('x')\n").run()
    exc = props(msgs, "exception")[0]
    assert exc["type"] == "DuplicateElementId" and "unique key" in exc["message"]
    msgs = headless("from kernel import st\nst.checkbox('x', key='k')\nst.slider('y', key='k')\n", name="b.py").run()
    assert "key='k'" in props(msgs, "exception")[0]["message"]


def test_keyed_widget_value_is_in_session_state(headless: MakeHeadless) -> None:
    h = headless("from kernel import st\nst.selectbox('s', ['x', 'y'], key='pick')\nst.text(st.session_state.pick)\n")
    msgs = h.run()
    assert output(msgs) == "x"
    msgs = h.run({props(msgs, "selectbox")[0]["id"]: 1})
    assert output(msgs) == "y"


def test_callbacks_run_before_the_script_when_the_value_changed(headless: MakeHeadless) -> None:
    h = headless(
        "from kernel import st\nif 'log' not in st.session_state:\n    st.session_state['log'] = []\n"
        "def changed(tag):\n    st.session_state['log'].append(tag)\n"
        "st.slider('n', 0, 10, key='n', on_change=changed, args=('slid',))\n"
        "st.button('b', on_click=changed, kwargs={'tag': 'clicked'})\n"
        "st.text(','.join(st.session_state['log']))\n"
    )
    wid = ids(h.run())
    assert output(h.run({wid["n"]: 4})) == "slid"
    msgs = h.run({wid["n"]: 4})  # same value: no callback, nothing changed
    assert props(msgs, "text") == []
    assert output(h.run({wid["n"]: 4}, trigger=wid["b"])) == "slid,clicked"


def test_widgets_not_shown_in_a_complete_run_are_forgotten(headless: MakeHeadless) -> None:
    h = headless(
        "from kernel import st\nshow = st.checkbox('show')\nif show:\n    v = st.slider('v', 0, 10)\n"
        "    st.text(v)\n"
    )
    wid = ids(h.run())
    wid.update(ids(h.run({wid["show"]: True})))
    assert output(h.run({wid["show"]: True, wid["v"]: 6})) == "6"
    h.run({wid["show"]: False})
    assert wid["v"] not in h.session.widgets.to_dict()  # type: ignore[attr-defined]
