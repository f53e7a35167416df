"""delta_generator, session_state, caching and secrets replaced: ``kernel.testing.AppTest``
runs the example app (widgets, state, secrets, a cache, a fragment, columns, ``st.rerun``,
``st.stop``) with the replacement in place of the core plugin.

The other four replacements serve the same app here too; ``test_served.py`` serves it
over the wire with a real ``kernel run``."""

from __future__ import annotations

from pathlib import Path

import pytest

from kernel.testing import AppTest

APP = Path(__file__).parent / "example_app.py"

REPLACED = {
    "delta_generator": ["no:delta_generator", "tests.replacements.list_dg"],
    "session_state": ["no:session_state", "tests.replacements.dict_state"],
    "caching": ["no:caching", "tests.replacements.dict_cache"],
    "secrets": ["no:secrets", "tests.replacements.dict_secrets"],
    "script_runner": ["no:script_runner", "tests.replacements.simple_runner"],
    "app_session": ["no:app_session", "tests.replacements.simple_session"],
    "forward_msg_queue": ["no:forward_msg_queue", "tests.replacements.plain_queue"],
}
"""The ``-p`` arguments of each replacement: block the core plugin, load the replacement."""


def texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


@pytest.mark.parametrize("component", list(REPLACED))
def test_the_example_app_runs_on_a_replacement(component: str) -> None:
    args = REPLACED[component]
    at = AppTest(APP, plugin_args=args, default_timeout=10)
    at.secrets["token"] = "s3cret"
    at.query_params["q"] = "x"
    at.context["locale"] = "de-DE"
    at.run()
    assert at.app.pm.providers(component)[0] == args[-1], "the replacement provides the component"
    assert not at.exception
    assert texts(at) == ["start", "hello  3", "count 0", "token s3cret", "query x locale de-DE",
                         "square 9 computed 1", "part runs 1", "in left", "in right", "the end"]
    at.text_input[0].input("Ada").run()
    at.slider[0].set_value(4).run()
    assert texts(at)[1] == "hello Ada 4" and texts(at)[5] == "square 16 computed 2"
    at.button[0].click().run()  # st.rerun() after counting
    assert texts(at)[2] == "count 1"
    at.slider[0].set_value(3).run()
    assert texts(at)[5] == "square 9 computed 2", "a cache hit does not compute again"
    at.button[1].click().run()  # the fragment's button
    assert "inner clicked" in texts(at)
    at.slider[0].set_value(9).run()  # st.stop() before the end
    assert texts(at)[-2:] == ["in left", "in right"]
    assert at.session_state["name"] == "Ada" and at.session_state["count"] == 1


PAGES_APP = Path(__file__).parent / "example_pages" / "app.py"


@pytest.mark.parametrize("component", list(REPLACED))
def test_a_multipage_app_runs_on_a_replacement(component: str) -> None:
    at = AppTest(PAGES_APP, plugin_args=REPLACED[component], default_timeout=10)
    at.secrets["token"] = "s3cret"
    at.run()
    assert texts(at) == ["main page"]
    at.switch_page("pages/2_other.py").run()
    assert texts(at) == ["other page", "token s3cret"]
    at.switch_page("app.py").run()
    at.button[0].click().run()  # st.switch_page
    assert texts(at) == ["other page", "token s3cret"] and not at.exception


ELEMENTS_APP = """
from kernel import st

st.title("Replaced cursor")
st.session_state.runs = st.session_state.get("runs", 0) + 1
st.markdown(f"run **{st.session_state.runs}**")
st.text(f"token {st.secrets['token']}")
if st.session_state.runs == 1:
    st.rerun()


@st.fragment
def part():
    st.text("in the fragment")


part()
st.success("done")
st.stop()
st.text("never")
"""


def test_the_core_delta_generator_blocked_and_replaced(tmp_path: Path) -> None:
    """With the core plugin blocked, the element plugins that no longer live in it (text,
    Markdown, status, fragments) write through the replacement."""
    (tmp_path / "app.py").write_text(ELEMENTS_APP)
    from tests.replacements import list_dg

    made = len(list_dg.made)
    at = AppTest(tmp_path / "app.py", plugin_args=["no:delta_generator", "tests.replacements.list_dg"])
    at.secrets["token"] = "s3cret"
    at.run()
    assert at.app.pm.providers("delta_generator") == ["tests.replacements.list_dg"]
    assert len(list_dg.made) > made
    assert not at.exception
    assert [t.value for t in at.text] == ["token s3cret", "in the fragment"]
    assert [m.value for m in at.markdown] == ["run **2**"], "st.rerun() ran the app again"
    assert [s.value for s in at.success] == ["done"], "st.stop() ended the run"
