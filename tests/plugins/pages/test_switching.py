"""st.switch_page and st.page_link: targets, query parameters, unknown pages, widget state per page."""

from __future__ import annotations

from collections.abc import Callable

from kernel.contracts.messages import Navigation, Rerun
from kernel.testing import AppTest
from tests.plugins.pages.conftest import MakeHeadless

NAV = """
from kernel import st

def settings():
    st.title("Settings")
    st.text("q=" + ",".join(st.query_params.get_all("q")) + " embed=" + st.query_params.get("embed", "-"))
    st.checkbox("dark mode", key="dark")

def home():
    st.title("Home")
    st.checkbox("dark mode", key="dark_home")
    st.slider("size", 1, 10, 3)
    if st.button("to settings"):
        st.switch_page(settings_page, query_params={"q": ["1", "2"]})
    st.page_link(settings_page, query_params=[("q", "9")])
    st.page_link("https://example.com", label="Docs", icon="📖")

home_page = st.Page(home, default=True)
settings_page = st.Page(settings)
shared = st.sidebar.text_input("shared", key="shared")
st.navigation([home_page, settings_page]).run()
"""


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def test_switch_page_runs_the_target_with_its_query_params(app_test: Callable[..., AppTest]) -> None:
    at = app_test(NAV)
    at.query_params["embed"] = "true"
    at.run()
    at.button[0].click().run()
    assert not at.exception
    assert titles(at) == ["Settings"]
    assert at.text[0].value == "q=1,2 embed=-"  # st.query_params hides embed parameters...
    assert at.query_params == {"embed": "true", "q": ["1", "2"]}  # ...which survive a page change


def test_switch_page_tells_the_browser_to_add_a_history_entry(headless: MakeHeadless) -> None:
    h = headless(NAV)
    msgs = h.run()
    button = next(m.element.props["id"] for m in msgs if getattr(m, "element", None) and m.element.kind == "button")
    h.send(Rerun({}, trigger=button))
    navs = [m for m in h.collect() if isinstance(m, Navigation)]
    assert (navs[-1].current, navs[-1].switched, navs[-1].query_string) == ("settings", True, "q=1&q=2")
    navs = [m for m in h.run() if isinstance(m, Navigation)]
    assert (navs[-1].current, navs[-1].switched) == ("settings", False)  # only once


def test_page_links(app_test: Callable[..., AppTest]) -> None:
    at = app_test(NAV).run()
    internal, external = at.page_link
    assert (internal.label, internal.page, internal.href, internal.disabled) == (
        "settings", "settings", "/settings?q=9", False)
    assert (external.label, external.page, external.href, external.icon) == (
        "Docs", None, "https://example.com", "📖")
    internal.click().run()
    assert titles(at) == ["Settings"]
    assert at.text[0].value == "q=9 embed=-"


def test_widget_state_follows_the_page(app_test: Callable[..., AppTest]) -> None:
    at = app_test(NAV).run()
    at.sidebar.text_input[0].input("kept")
    at.checkbox[0].check()
    at.slider[0].set_value(7).run()
    assert at.session_state["dark_home"] is True
    at.page_link[0].click().run()
    # Widgets of the page left are forgotten, keys included; the entry script's are kept.
    assert "dark_home" not in at.session_state
    assert at.session_state["shared"] == "kept"
    assert at.session_state["dark"] is False
    at.checkbox[0].check().run()
    at._request_page("")
    at.run()
    assert titles(at) == ["Home"]
    assert at.checkbox[0].value is False and at.slider[0].value == 3  # back to their defaults
    assert at.sidebar.text_input[0].value == "kept"


def test_the_same_widget_on_two_pages_is_two_widgets(app_test: Callable[..., AppTest]) -> None:
    page = "from kernel import st\nst.title({!r})\nst.checkbox('same')\n"
    at = app_test(page.format("Home"), {"pages/other.py": page.format("Other")}).run()
    first = at.checkbox[0].id
    at.checkbox[0].check().run()
    at.switch_page("pages/other.py").run()
    assert titles(at) == ["Other"]
    assert at.checkbox[0].id != first and at.checkbox[0].value is False


def test_unknown_pages_are_errors_naming_the_pages(app_test: Callable[..., AppTest]) -> None:
    at = app_test("from kernel import st\nst.switch_page('pages/nope.py')\n", {"pages/real.py": ""}).run()
    message = str(at.exception[0].value)
    assert "Could not find page: `pages/nope.py`" in message and "'real' (pages/real.py)" in message
    at = app_test("from kernel import st\nst.page_link('nope.py')\n").run()
    assert "Could not find page: `nope.py`" in str(at.exception[0].value)
    at = app_test("from kernel import st\nst.switch_page('https://example.com')\n").run()
    assert "external URLs are not pages" in str(at.exception[0].value)
    at = app_test("from kernel import st\nst.page_link('https://example.com')\n").run()
    assert "pass label='...'" in str(at.exception[0].value)


def test_switch_page_in_a_callback(app_test: Callable[..., AppTest]) -> None:
    entry = ("from kernel import st\n"
             "def go(): st.switch_page('pages/b.py')\n"
             "st.title('A')\nst.button('go', on_click=go)\n")
    at = app_test(entry, {"pages/b.py": "from kernel import st\nst.title('B')\n"}).run()
    at.button[0].click().run()
    assert titles(at) == ["B"]


def test_fragments_on_a_page_keep_their_widgets(headless: MakeHeadless) -> None:
    entry = ("from kernel import st\n"
             "def page():\n"
             "    @st.fragment\n"
             "    def part():\n"
             "        v = st.slider('v', 0, 10, 1)\n"
             "        st.text(f'v={v}')\n"
             "    part()\n"
             "st.navigation([st.Page(page)]).run()\n")
    h = headless(entry)
    msgs = h.run()
    block = next(m for m in msgs if getattr(m, "element", None) and m.element.kind == "fragment")
    slider = next(m for m in msgs if getattr(m, "element", None) and m.element.kind == "slider")
    h.send(Rerun({slider.element.props["id"]: 6}, None, fragment_id=block.element.props["fragment_id"]))
    msgs = h.collect()
    texts = [m.element.props.get("body") for m in msgs if getattr(m, "element", None) and m.element.kind == "text"]
    assert texts == ["v=6"]


def test_switch_page_before_navigation_uses_the_last_runs_pages(app_test: Callable[..., AppTest]) -> None:
    entry = ("from kernel import st\n"
             "if st.session_state.get('jump'):\n"
             "    st.session_state.jump = False\n"
             "    st.switch_page('b.py')\n"
             "st.navigation(['a.py', 'b.py']).run()\n")
    at = app_test(entry, {"a.py": "from kernel import st\nst.title('A')\n",
                          "b.py": "from kernel import st\nst.title('B')\n"}).run()
    assert titles(at) == ["A"]
    at.session_state["jump"] = True
    at.run()
    assert titles(at) == ["B"] and not at.exception
