"""Custom components in AppTest: declare_component (v1) and components.v2.component, as widgets."""

from __future__ import annotations

import base64
import textwrap
from pathlib import Path

import pyarrow as pa
import pytest

from kernel.testing import AppTest
from kernel_plugins.components._wire import decode_value, encode_value, split_args

TIMEOUT = 30


def app(tmp_path: Path, source: str, *, build: bool = True) -> AppTest:
    if build:
        (tmp_path / "frontend").mkdir(exist_ok=True)
        (tmp_path / "frontend" / "index.html").write_text("<!doctype html><p>component</p>")
    script = tmp_path / "app.py"
    script.write_text(textwrap.dedent(source))
    return AppTest.from_file(script)


V1 = """
import streamlit as st
import streamlit.components.v1 as components
picker = components.declare_component("picker", path="frontend")
def changed():
    st.session_state["changes"] = st.session_state.get("changes", 0) + 1
value = picker(options=["a", "b"], default="none", key=KEY, on_change=changed)
st.write(f"value: {value} | changes: {st.session_state.get('changes', 0)}")
"""


def test_a_v1_component_returns_its_default_then_what_the_frontend_set(tmp_path: Path) -> None:
    at = app(tmp_path, V1.replace("KEY", "'pick'")).run(timeout=TIMEOUT)
    assert at.markdown.values == ["value: none | changes: 0"]
    component = at.get("component")[0]
    assert component.name == "picker"
    assert component.args == {"options": ["a", "b"]}
    assert component.props["src"] == "/_kernel/components/v1/picker/index.html"
    assert component.props["sandboxed"] is True
    component.set_value({"chosen": "b"}).run(timeout=TIMEOUT)
    assert at.markdown.values == ["value: {'chosen': 'b'} | changes: 1"]
    assert at.session_state["pick"] == {"chosen": "b"}
    at.run(timeout=TIMEOUT)  # no new value: no callback
    assert at.markdown.values == ["value: {'chosen': 'b'} | changes: 1"]


def test_without_a_key_other_arguments_make_another_instance(tmp_path: Path) -> None:
    source = V1.replace("KEY", "None").replace('options=["a", "b"]', 'options=st.session_state.get("opts", ["a"])')
    at = app(tmp_path, source).run(timeout=TIMEOUT)
    at.get("component")[0].set_value("a").run(timeout=TIMEOUT)
    assert at.markdown.values[0].startswith("value: a")
    at.session_state["opts"] = ["a", "c"]
    at.run(timeout=TIMEOUT)
    assert at.markdown.values[0].startswith("value: none")  # a new widget starts from its default


def test_a_value_the_page_cannot_give_falls_back_to_the_default(tmp_path: Path) -> None:
    at = app(tmp_path, V1.replace("KEY", "'pick'")).run(timeout=TIMEOUT)
    at.tree._stage(at.get("component")[0].id, {"bytes": "not base64!"})
    at.run(timeout=TIMEOUT)
    assert at.markdown.values[0].startswith("value: none")
    at.tree._stage(at.get("component")[0].id, ["not", "a", "wrapped", "value"])
    at.run(timeout=TIMEOUT)
    assert at.markdown.values[0].startswith("value: none")
    assert not at.exception


def test_call_errors_say_how_to_fix_them(tmp_path: Path) -> None:
    at = app(tmp_path, """
        import streamlit.components.v1 as components
        picker = components.declare_component("picker", path="frontend")
        picker("positional")
    """).run(timeout=TIMEOUT)
    assert "needs a name; a component takes keyword arguments only" in at.exception[0].message
    at = app(tmp_path, """
        import streamlit.components.v1 as components
        picker = components.declare_component("picker", path="frontend")
        picker(when=object())
    """).run(timeout=TIMEOUT)
    assert "picker(when=...): component arguments must be JSON-serializable" in at.exception[0].message
    at = app(tmp_path, """
        import streamlit.components.v1 as components
        components.declare_component("picker", path="frontend", url="http://localhost:3001")
    """).run(timeout=TIMEOUT)
    assert "pass exactly one of path=" in at.exception[0].message


def test_a_development_server_url_is_loaded_as_it_is(tmp_path: Path) -> None:
    at = app(tmp_path, """
        import streamlit.components.v1 as components
        dev = components.declare_component("dev", url="http://localhost:3001")
        dev(x=1)
    """, build=False).run(timeout=TIMEOUT)
    props = at.get("component")[0].props
    assert props["src"] == "http://localhost:3001" and props["sandboxed"] is False


def test_data_frames_travel_as_three_arrow_tables() -> None:
    import pandas as pd

    frame = pd.DataFrame({"name": ["Ada", "Grace"], 3: [1.5, 2.5]}, index=pd.Index(["x", "y"], name="id"))
    marshalled = split_args("test", {"table": frame, "blob": b"\x00\xff", "n": 1})
    assert marshalled.json_args == {"n": 1}
    assert marshalled.byte_args == [{"key": "blob", "data": base64.b64encode(b"\x00\xff").decode()}]
    [df] = marshalled.dataframes

    def read(part: str) -> pa.Table:
        return pa.ipc.open_stream(pa.py_buffer(base64.b64decode(df[part]))).read_all()

    data, index, columns = read("data"), read("index"), read("columns")
    assert data.column("name").to_pylist() == ["Ada", "Grace"]
    assert data.schema.field("name").type == pa.string()  # not large_string: old Arrow readers fail on it
    assert data.column("3").to_pylist() == [1.5, 2.5]
    assert index.column(0).to_pylist() == ["x", "y"]
    assert columns.column(0).to_pylist() == ["name", "3"]


def test_values_the_page_reports_are_decoded() -> None:
    import pandas as pd

    assert decode_value({"json": [1, "a"]}) == [1, "a"]
    assert decode_value({"bytes": base64.b64encode(b"abc").decode()}) == b"abc"
    frame = decode_value(encode_value(pd.DataFrame({"a": [1, 2]})))
    assert frame["a"].tolist() == [1, 2]
    for bad in ({"dataframe": {"data": base64.b64encode(b"garbage").decode()}}, {"what": 1}, "x",
                {"json": 1, "bytes": ""}):
        with pytest.raises((TypeError, ValueError)):
            decode_value(bad)


V2 = """
import streamlit as st
log = st.session_state.setdefault("log", [])
widget = st.components.v2.component("stars", html="<button id=b>*</button>",
                                    js="export default function () {}")
result = widget(key="stars", data={"max": 5}, default={"count": 0},
                on_count_change=lambda: log.append("count"), on_rated_change=lambda: log.append("rated"))
st.write(f"count: {result.count} | rated: {result.rated} | log: {','.join(log) or '-'}")
"""


def test_a_v2_component_has_state_values_and_trigger_values(tmp_path: Path) -> None:
    at = app(tmp_path, V2, build=False).run(timeout=TIMEOUT)
    assert at.markdown.values == ["count: 0 | rated: None | log: -"]
    node = at.get("component")[0]
    assert node.data == {"max": 5} and node.props["v"] == 2 and node.props["isolate_styles"] is True
    assert node.props["js"].startswith("/_kernel/components/v2/")
    node.set_state("count", 3).run(timeout=TIMEOUT)
    assert at.markdown.values == ["count: 3 | rated: None | log: count"]
    at.get("component")[0].trigger("rated", 4).run(timeout=TIMEOUT)
    assert at.markdown.values == ["count: 3 | rated: 4 | log: count,rated"]
    assert at.session_state["stars"] == {"count": 3, "rated": 4}
    at.run(timeout=TIMEOUT)  # a trigger value lasts for the run it started
    assert at.markdown.values == ["count: 3 | rated: None | log: count,rated"]
    assert at.session_state["stars"]["count"] == 3


def test_v2_errors_say_how_to_fix_them(tmp_path: Path) -> None:
    head = "import streamlit as st\nw = st.components.v2.component('w', html='<p>x</p>')\n"
    at = app(tmp_path, head + "w(default={'v': 1})\n", build=False).run(timeout=TIMEOUT)
    assert "the state 'v' has no callback; pass on_v_change=" in at.exception[0].message
    at = app(tmp_path, head + "w(colour='red')\n", build=False).run(timeout=TIMEOUT)
    assert "unexpected keyword argument 'colour'" in at.exception[0].message
    at = app(tmp_path, head + "w(on_v_change=None).nothing\n", build=False).run(timeout=TIMEOUT)
    assert "no state or trigger value 'nothing' (it has: v)" in at.exception[0].message
    at = app(tmp_path, "import streamlit as st\nst.components.v2.component('w')\n", build=False).run(timeout=TIMEOUT)
    assert "give html=, js= or both" in at.exception[0].message


def test_streamlit_components_v2_imports_as_kernel(tmp_path: Path) -> None:
    at = app(tmp_path, """
        import streamlit as st
        import streamlit.components.v2 as v2
        from streamlit.components.v2 import component
        st.write(f"{v2.component is component} {component.__module__}")
    """, build=False).run(timeout=TIMEOUT)
    assert at.markdown.values == ["True kernel_plugins.components.v2"]


def test_the_example_package_runs_both_kinds(monkeypatch: pytest.MonkeyPatch) -> None:
    """examples/components/app.py (docs/components.md) in AppTest; its browser test clicks it."""
    example = Path(__file__).resolve().parents[3] / "examples" / "components"
    monkeypatch.syspath_prepend(str(example))
    at = AppTest.from_file(example / "app.py").run(timeout=TIMEOUT)
    assert at.markdown.values[-2:] == ["counter: 0", "tally: 0 | fired: None | last click: -"]
    counter, tally = at.get("component")
    assert counter.name == "kernel_counter.counter" and counter.args == {"label": "Clicks", "step": 2}
    assert [df["key"] for df in counter.props["dfs"]] == ["rows"]
    counter.set_value(2).run(timeout=TIMEOUT)
    tally.set_state("total", 1).trigger("clicked", "Add one").run(timeout=TIMEOUT)
    assert at.markdown.values[-2:] == ["counter: 2", "tally: 1 | fired: Add one | last click: Add one"]
