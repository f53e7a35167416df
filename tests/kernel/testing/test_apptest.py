"""kernel.testing.AppTest: headless runs through the real session, runner and elements."""

from __future__ import annotations

from pathlib import Path

import pytest

from kernel import Command, hookimpl
from kernel.testing import AppTest
from kernel.testing.nodes import UnknownElement


def test_from_string_runs_and_exposes_elements() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        st.title("T")
        st.header("H")
        st.subheader("S")
        st.markdown("**bold**")
        st.caption("small")
        st.text("plain")
        st.code("x = 1", language="python")
        st.divider()
        st.json({"a": 1})
        """
    ).run()
    assert not at.exception
    assert (at.title[0].value, at.header[0].value, at.subheader[0].value) == ("T", "H", "S")
    assert at.title[0].tag == "h1" and at.subheader[0].tag == "h3"
    assert at.markdown.values == ["**bold**"]  # captions are their own type, as in Streamlit (issue 18)
    assert at.caption[0].is_caption and at.caption.values == ["small"]
    assert at.text[0].value == "plain"
    assert at.code[0].value == "x = 1" and at.code[0].language == "python"
    assert len(at.divider) == 1
    assert '"a": 1' in at.json[0].value


def test_from_function_with_args_and_kwargs() -> None:
    def script(greeting: str, *, times: int) -> None:
        from kernel import st

        for _ in range(times):
            st.text(greeting)

    at = AppTest.from_function(script, args=("hi",), kwargs={"times": 3}).run()
    assert at.text.values == ["hi", "hi", "hi"]


def test_from_file_is_relative_to_the_calling_file(tmp_path: Path) -> None:
    here = Path(__file__).parent
    script = here / "_apptest_fixture_app.py"
    script.write_text("from kernel import st\nst.text('from a file')\n")
    try:
        at = AppTest.from_file("_apptest_fixture_app.py").run()
        assert at.text[0].value == "from a file"
    finally:
        script.unlink()
    with pytest.raises(FileNotFoundError):
        AppTest.from_file(tmp_path / "missing.py")


def test_button_is_true_for_one_run_only() -> None:
    at = AppTest.from_string(
        "from kernel import st\nif st.button('Go'):\n    st.text('clicked')\nelse:\n    st.text('idle')\n"
    ).run()
    assert at.text.values == ["idle"] and at.button[0].value is False
    at.button[0].click()
    assert at.button[0].value is True  # staged
    at.run()
    assert at.text.values == ["clicked"] and at.button[0].value is True
    at.run()
    assert at.text.values == ["idle"] and at.button[0].value is False


def test_widget_actions_chain_into_run() -> None:
    def script() -> None:
        from kernel import st

        name = st.text_input("Name", max_chars=5, key="name")
        n = st.slider("N", 0, 10, 2)
        lo, hi = st.slider("Range", 0, 100, (10, 20))
        ok = st.checkbox("OK")
        pick = st.selectbox("Pick", ["x", "y", "z"])
        st.text(f"{name}|{n}|{lo}-{hi}|{ok}|{pick}")

    at = AppTest.from_function(script).run()
    assert at.text[0].value == "|2|10-20|False|x"
    at.text_input(key="name").input("Ann")
    at.text_input[0].input("much too long")  # ignored: longer than max_chars
    at.slider[0].set_value(7)
    at.slider[1].set_range(30, 40)
    at.checkbox[0].check()
    at.selectbox[0].select("z").run()
    assert at.text[0].value == "Ann|7|30-40|True|z"
    assert at.slider[1].value == (30, 40) and at.selectbox[0].index == 2
    at.checkbox[0].uncheck()
    at.selectbox[0].select_index(0).run()
    assert at.text[0].value == "Ann|7|30-40|False|x"
    assert at.session_state["name"] == "Ann"


def test_pending_value_shows_before_run() -> None:
    at = AppTest.from_string("from kernel import st\nst.slider('S', 0, 10, 1)\n").run()
    at.slider[0].set_value(9)
    assert at.slider[0].value == 9
    assert at.slider.values == [9]


def test_sidebar_and_columns_are_scoped() -> None:
    def script() -> None:
        from kernel import st

        st.sidebar.button("side")
        st.button("main")
        left, right = st.columns([2, 1])
        left.text("L")
        with right:
            st.text("R")

    at = AppTest.from_function(script).run()
    assert [b.label for b in at.sidebar.button] == ["side"]
    assert [b.label for b in at.main.button] == ["main"]
    assert len(at.button) == 2
    assert [c.text.values for c in at.columns] == [["L"], ["R"]]
    assert at.columns[0].weight == pytest.approx(2 / 3)


def test_an_exception_is_reported_not_raised() -> None:
    at = AppTest.from_string(
        "from kernel import st\nst.text('before')\nwith st.sidebar:\n    raise ValueError('boom')\n"
    ).run()
    assert at.text[0].value == "before"
    assert at.exception[0].value == "boom" and at.exception[0].message == "boom"
    assert at.exception[0].type_name == "ValueError"
    assert any("raise ValueError" in line for line in at.exception[0].stack_trace)
    assert not at.sidebar.exception and at.main.exception


def test_the_next_run_after_an_error_works() -> None:
    at = AppTest.from_string(
        "from kernel import st\nif st.checkbox('fail'):\n    raise RuntimeError('x')\nst.text('fine')\n"
    ).run()
    at.checkbox[0].check().run()
    assert at.exception and not at.text
    at.checkbox[0].uncheck().run()
    assert not at.exception and at.text[0].value == "fine"


def test_timeout_raises_runtime_error() -> None:
    at = AppTest.from_string(
        "import time\nfrom kernel import st\nwhile True:\n    st.text('spin')\n    time.sleep(0.01)\n"
    )
    with pytest.raises(RuntimeError, match=r"AppTest script run timed out after 0.3\(s\)"):
        at.run(timeout=0.3)


def test_st_rerun_is_followed_within_one_run() -> None:
    def script() -> None:
        from kernel import st

        if "n" not in st.session_state:
            st.session_state["n"] = 0
        st.session_state["n"] += 1
        if st.session_state["n"] < 3:
            st.rerun()
        st.text(f"runs: {st.session_state['n']}")

    at = AppTest.from_function(script).run()
    assert at.text[0].value == "runs: 3"


def test_session_state_before_and_across_runs() -> None:
    at = AppTest.from_string(
        "from kernel import st\nst.session_state['count'] += 1\nst.text(st.session_state['count'])\n"
    )
    at.session_state["count"] = 10
    at.run()
    assert at.text[0].value == "11"
    at.run()
    assert at.session_state["count"] == 12 and at.session_state.count == 12
    assert "count" in at.session_state and at.session_state.to_dict() == {"count": 12}
    with pytest.raises(KeyError, match="missing"):
        at.session_state["missing"]


def test_secrets_are_given_to_the_app() -> None:
    at = AppTest.from_string("from kernel import st\nst.text(st.secrets['api']['token'])\n")
    at.secrets["api"] = {"token": "t0k"}
    at.run()
    assert at.text[0].value == "t0k"


def test_caching_survives_runs() -> None:
    def script() -> None:
        from kernel import st

        @st.cache_data
        def square(x: int) -> int:
            st.session_state["computed"] = st.session_state["computed"] + 1
            return x * x

        if "computed" not in st.session_state:
            st.session_state["computed"] = 0
        st.text(square(4))

    at = AppTest.from_function(script).run()
    at.run()
    assert at.text[0].value == "16"
    assert at.session_state["computed"] == 1


def test_get_and_get_by_key() -> None:
    at = AppTest.from_string("from kernel import st\nst.text_input('A', key='a')\nst.checkbox('B', key='b')\n").run()
    assert at.get_by_key("b").label == "B"
    assert [n.kind for n in at.get("text_input")] == ["text_input"]
    with pytest.raises(KeyError):
        at.get_by_key("nope")
    with pytest.raises(KeyError):
        at.checkbox(key="nope")


def test_plugin_elements_fall_back_to_unknown_element(tmp_path: Path) -> None:
    def rating(dg: object, stars: int) -> object:
        return dg.add_element("rating", {"value": stars})  # type: ignore[attr-defined]

    class Ratings:
        @hookimpl
        def kernel_register_commands(self) -> list[Command]:
            return [Command("rating", rating)]

    script = tmp_path / "app.py"
    script.write_text("from kernel import st\nst.rating(4)\n")
    at = AppTest(script, plugins=[(Ratings(), "ratings")]).run()
    [node] = at.get("rating")
    assert isinstance(node, UnknownElement) and node.value == 4
    assert at.rating.values == [4]


def test_unknown_collection_is_a_clear_error() -> None:
    at = AppTest.from_string("from kernel import st\nst.text('x')\n").run()
    with pytest.raises(AttributeError, match="no element collection 'buton'"):
        at.buton  # noqa: B018


def test_tree_iteration_and_roots() -> None:
    at = AppTest.from_string("from kernel import st\nst.text('a')\nst.sidebar.text('b')\n").run()
    assert len(at) == 2 and at[0] is at.main and at[1] is at.sidebar
    kinds = [n.kind for n in at]
    assert kinds.count("text") == 2


def test_elements_that_disappear_are_removed() -> None:
    at = AppTest.from_string(
        "from kernel import st\nif not st.checkbox('hide'):\n    st.text('a')\n    st.text('b')\n"
    ).run()
    assert at.text.values == ["a", "b"]
    at.checkbox[0].check().run()
    assert at.text.values == []


def test_display_element_nodes() -> None:
    from kernel.testing import AppTestError

    at = AppTest.from_string(
        """
        import pandas as pd
        from kernel import st
        st.metric("Revenue", "$1,234", delta="+12%", help="money")
        st.table(pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}))
        st.data_editor(pd.DataFrame({"a": [1, 2]}), key="ed", num_rows="dynamic")
        st.latex(r"x^2")
        st.html("<b>hi</b>")
        st.help(len)
        st.image(b"\\x89PNG\\r\\n\\x1a\\n" + b"0" * 20, caption="cap")
        """
    ).run()
    metric = at.metric[0]
    assert (metric.label, metric.value, metric.delta, metric.help) == ("Revenue", "$1,234", "+12%", "money")
    assert at.table[0].value.to_dict("list") == {"a": [1, 2], "b": ["x", "y"]}
    assert at.table[0].editing_mode == "read_only"
    editor = at.data_editor(key="ed")
    assert editor.editing_mode == "dynamic" and len(at.dataframe) == 1
    with pytest.raises(AppTestError, match="not simulated"):
        editor.set_value(None)
    assert at.latex[0].value == "$$\nx^2\n$$"
    assert at.html[0].value == "<b>hi</b>"
    assert at.help[0].name == "len" and "number of items" in at.help[0].doc_string
    assert at.image[0].captions == ["cap"] and at.image[0].value[0].startswith("/_kernel/media/")
