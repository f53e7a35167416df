"""Tests written exactly as for Streamlit's AppTest; only the import line differs.

(With Streamlit this file would start ``from streamlit.testing.v1 import AppTest`` and
its scripts would ``import streamlit as st``; the script bodies use ``from kernel import
st``, the one line an app changes when it moves over.)
"""

from kernel.testing import AppTest


def test_counter_with_button():
    def app():
        from kernel import st

        if "count" not in st.session_state:
            st.session_state.count = 0
        if st.button("Increment"):
            st.session_state.count += 1
        st.markdown(f"Count: {st.session_state.count}")

    at = AppTest.from_function(app)
    at.run()
    assert at.markdown[0].value == "Count: 0"
    at.button[0].click().run()
    assert at.markdown[0].value == "Count: 1"
    at.button[0].click().run()
    at.run()
    assert at.markdown[0].value == "Count: 2"
    assert at.session_state.count == 2


def test_checkbox_toggles_content():
    at = AppTest.from_string(
        """
from kernel import st
show = st.checkbox("Show details", key="show")
if show:
    st.text("details")
"""
    ).run()
    assert not at.text
    at.checkbox(key="show").check().run()
    assert at.text[0].value == "details"
    at.checkbox(key="show").uncheck().run()
    assert len(at.text) == 0


def test_slider_and_text_input():
    def app():
        from kernel import st

        name = st.text_input("Your name", key="name")
        n = st.slider("How many?", 1, 10, 3, key="n")
        for i in range(n):
            st.write(f"Hello {name} #{i}")

    at = AppTest.from_function(app).run()
    assert len(at.markdown) == 3
    at.text_input("name").input("Ann")
    at.slider("n").set_value(5).run()
    assert at.markdown.values == [f"Hello Ann #{i}" for i in range(5)]
    assert at.slider("n").value == 5
    assert at.text_input("name").value == "Ann"


def test_selectbox():
    at = AppTest.from_string(
        """
from kernel import st
flavour = st.selectbox("Flavour", ["vanilla", "chocolate", "mint"], key="flavour")
st.write(f"You chose {flavour}")
"""
    ).run()
    assert at.selectbox[0].value == "vanilla"
    assert at.markdown[0].value == "You chose vanilla"
    at.selectbox[0].select("mint").run()
    assert at.markdown[0].value == "You chose mint"
    at.selectbox[0].select_index(1).run()
    assert at.selectbox[0].value == "chocolate"


def test_session_state_preset():
    at = AppTest.from_string(
        """
from kernel import st
st.write(f"Welcome back, {st.session_state.user}")
"""
    )
    at.session_state["user"] = "Ann"
    at.run()
    assert at.markdown[0].value == "Welcome back, Ann"


def test_columns():
    at = AppTest.from_string(
        """
from kernel import st
a, b = st.columns(2)
a.button("left")
with b:
    st.button("right")
"""
    ).run()
    assert len(at.columns) == 2
    assert at.columns[0].button[0].label == "left"
    assert at.columns[1].button[0].label == "right"


def test_exception_is_reported():
    at = AppTest.from_string(
        """
from kernel import st
st.write("before")
raise ValueError("boom")
"""
    ).run()
    assert at.exception[0].value == "boom"
    assert at.markdown[0].value == "before"


def test_secrets():
    at = AppTest.from_string(
        """
from kernel import st
st.write(f"key={st.secrets['api_key']}")
"""
    )
    at.secrets["api_key"] = "x"
    at.run()
    assert not at.exception
    assert at.markdown[0].value == "key=x"


def test_cached_function_runs_once():
    def app():
        import time

        from kernel import st

        @st.cache_data
        def slow(x):
            time.sleep(0.01)
            return {"x": x, "at": time.time()}

        first = slow(1)
        if "seen" not in st.session_state:
            st.session_state.seen = []
        st.session_state.seen.append(first["at"])
        st.write(str(first["x"]))

    at = AppTest.from_function(app).run()
    at.run()
    assert at.markdown[0].value == "1"
    seen = at.session_state["seen"]
    assert len(seen) == 2 and seen[0] == seen[1]


def test_timeout():
    at = AppTest.from_string(
        """
import time
from kernel import st
while True:
    st.text("tick")
    time.sleep(0.01)
"""
    )
    try:
        at.run(timeout=0.2)
    except RuntimeError as exc:
        assert "timed out" in str(exc)
    else:
        raise AssertionError("expected a timeout")


def test_form_submits_once():
    at = AppTest.from_string(
        """
from kernel import st
with st.form("signup"):
    name = st.text_input("Name")
    agree = st.checkbox("I agree")
    submitted = st.form_submit_button("Sign up")
if submitted:
    st.success(f"Welcome {name}" if agree else "Please agree")
"""
    ).run()
    assert not at.success
    at.text_input[0].input("Ann")
    at.checkbox[0].check()
    at.run()
    assert not at.success  # values in a form wait for the submit button
    at.text_input[0].input("Ann")
    at.checkbox[0].check()
    at.form_submit_button[0].click().run()
    assert at.success[0].value == "Welcome Ann"
    at.run()
    assert not at.success


def test_tabs():
    at = AppTest.from_string(
        """
from kernel import st
first, second = st.tabs(["Data", "Chart"])
first.write("rows")
with second:
    st.write("plot")
"""
    ).run()
    assert [t.label for t in at.tabs] == ["Data", "Chart"]
    assert at.tabs[0].markdown[0].value == "rows"
    assert at.tabs[1].markdown[0].value == "plot"


def test_alerts():
    at = AppTest.from_string(
        """
from kernel import st
st.success("saved")
st.info("fyi")
st.warning("careful")
st.error("broken")
"""
    ).run()
    assert at.success[0].value == "saved"
    assert at.info[0].value == "fyi"
    assert at.warning[0].value == "careful"
    assert at.error[0].value == "broken"


def test_metric_and_dataframe():
    at = AppTest.from_string(
        """
import pandas as pd
from kernel import st
st.metric("Temperature", "21 °C", delta="1.2 °C")
st.dataframe(pd.DataFrame({"city": ["Oslo", "Lima"], "pop": [0.7, 10.0]}))
"""
    ).run()
    assert at.metric[0].value == "21 °C" and at.metric[0].delta == "1.2 °C"
    df = at.dataframe[0].value
    assert list(df.columns) == ["city", "pop"] and df["city"].tolist() == ["Oslo", "Lima"]
