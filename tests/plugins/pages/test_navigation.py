"""st.navigation and st.Page: sections, defaults, URL paths, hidden pages, and their errors."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kernel.contracts import NavigationError
from kernel.contracts.messages import Navigation, Rerun
from kernel.testing import AppTest
from tests.plugins.pages.conftest import MakeHeadless

ENTRY = """
from kernel import st

def about():
    st.title("About")

home = st.Page("views/home.py", title="Welcome", icon="🏠", default=True)
stats = st.Page("views/stats.py", url_path="numbers", visibility="hidden", help="the numbers")
pg = st.navigation({"Main": [home, about], "More": [stats, st.Page("https://example.com", title="Docs")]},
                   position=st.session_state.get("position", "sidebar"))
st.sidebar.text(f"showing {pg.title} at /{pg.url_path}")
pg.run()
"""

VIEWS = {
    "views/home.py": "from kernel import st\nst.title('Home page')\n",
    "views/stats.py": "from kernel import st\nst.title('Stats')\n",
}


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def test_navigation_returns_the_page_to_run(app_test: Callable[..., AppTest]) -> None:
    at = app_test(ENTRY, VIEWS).run()
    assert not at.exception
    assert titles(at) == ["Home page"]
    assert at.sidebar.text[0].value == "showing Welcome at /"
    at.switch_page("views/stats.py").run()  # a hidden page is reachable
    assert titles(at) == ["Stats"]
    assert at.sidebar.text[0].value == "showing stats at /numbers"


def test_navigation_message_has_sections_hidden_pages_and_links(headless: MakeHeadless) -> None:
    h = headless(ENTRY, VIEWS)
    nav = next(m for m in h.run() if isinstance(m, Navigation))
    assert [(p.url_path, p.title, p.icon, p.section, p.hidden, p.external_url) for p in nav.pages] == [
        ("", "Welcome", "🏠", "Main", False, None),
        ("about", "about", "", "Main", False, None),
        ("numbers", "stats", "", "More", True, None),
        ("", "Docs", "", "More", False, "https://example.com"),
    ]
    assert nav.pages[2].help == "the numbers"
    assert (nav.current, nav.position) == ("", "sidebar")
    h.send(Rerun({}, page="about"))
    nav = next(m for m in h.collect() if isinstance(m, Navigation))
    assert nav.current == "about"


def test_page_attributes() -> None:
    def my_page() -> None:
        pass

    from kernel_plugins.pages import Page

    page = Page(my_page, icon=":material/home:")
    assert (page.title, page.icon, page.url_path, page.visibility, page.is_external) == (
        "my page", ":material/home:", "my_page", "visible", False)
    assert Page(my_page, default=True).url_path == ""
    assert Page(my_page, url_path="/custom/").url_path == "custom"
    link = Page("https://example.com/docs", title="Docs")
    assert (link.is_external, link.external_url, link.icon) == (True, "https://example.com/docs", "")


@pytest.mark.parametrize("make, message", [
    (lambda P: P("https://example.com"), "external link: give it a title"),
    (lambda P: P(lambda: None), "lambda needs a title or url_path"),
    (lambda P: P(print, url_path="a/b"), "cannot be nested"),
    (lambda P: P(print, url_path=""), "only the default page"),
    (lambda P: P(print, visibility="secret"), "use 'visible' or 'hidden'"),
    (lambda P: P(42), "pass a .py file path, a function or an http"),
])
def test_page_argument_errors(make: Callable[[type], object], message: str) -> None:
    from kernel_plugins.pages import Page

    with pytest.raises(NavigationError, match=message):
        make(Page)


def run_error(app_test: Callable[..., AppTest], entry: str, files: dict[str, str] | None = None) -> str:
    at = app_test(entry, files).run()
    assert len(at.exception) == 1, at.exception
    return str(at.exception[0].value)


def test_duplicate_url_paths_are_an_error(app_test: Callable[..., AppTest]) -> None:
    message = run_error(app_test, "from kernel import st\ndef a(): pass\n"
                        "st.navigation([st.Page(a), st.Page('x.py', url_path='a')]).run()\n", {"x.py": ""})
    assert "Multiple pages have the URL path 'a'" in message and "url_path" in message


def test_inferred_url_paths_from_two_folders_collide(app_test: Callable[..., AppTest]) -> None:
    message = run_error(app_test, "from kernel import st\nst.navigation(['a/page.py', 'b/page.py']).run()\n",
                        {"a/page.py": "", "b/page.py": ""})
    assert "Multiple pages have the URL path 'page'" in message


def test_navigation_twice_in_one_run_is_an_error(app_test: Callable[..., AppTest]) -> None:
    message = run_error(app_test, "from kernel import st\ndef a(): pass\nst.navigation([a])\nst.navigation([a])\n")
    assert "st.navigation was called twice in one run" in message


def test_invalid_position_and_two_defaults(app_test: Callable[..., AppTest]) -> None:
    assert "position='left'" in run_error(app_test, "from kernel import st\ndef a(): pass\n"
                                          "st.navigation([a], position='left')\n")
    assert "more than one page with default=True" in run_error(
        app_test, "from kernel import st\ndef a(): pass\ndef b(): pass\n"
                  "st.navigation([st.Page(a, default=True), st.Page(b, default=True)])\n")


def test_a_missing_page_file_is_an_error(app_test: Callable[..., AppTest]) -> None:
    assert "The file `gone.py` could not be found" in run_error(
        app_test, "from kernel import st\nst.navigation(['gone.py']).run()\n")


def test_page_run_rules(app_test: Callable[..., AppTest]) -> None:
    twice = "from kernel import st\ndef a(): st.text('a')\npg = st.navigation([a])\npg.run()\npg.run()\n"
    assert "Page.run() was called twice" in run_error(app_test, twice)
    other = ("from kernel import st\ndef a(): pass\ndef b(): pass\npages = [st.Page(a), st.Page(b)]\n"
             "st.navigation(pages)\npages[1].run()\n")
    assert "st.navigation returned 'a'" in run_error(app_test, other)


def test_a_single_page_shows_no_menu(headless: MakeHeadless) -> None:
    h = headless("from kernel import st\ndef a(): st.text('a')\nst.navigation([a]).run()\n")
    nav = next(m for m in h.run() if isinstance(m, Navigation))
    assert nav.position == "hidden"


@pytest.mark.parametrize("expanded, count", [(False, 10), (True, 0), (5, 5), (20, 0)])
def test_long_menus_collapse(headless: MakeHeadless, expanded: bool | int, count: int) -> None:
    entry = ("from kernel import st\n"
             "pages = [st.Page(lambda: None, title=f'p{i}', url_path=f'p{i}') for i in range(13)]\n"
             f"st.navigation(pages, expanded={expanded!r}).run()\n")
    nav = next(m for m in headless(entry).run() if isinstance(m, Navigation))
    assert nav.collapsed_count == count


def test_pages_folder_is_ignored_with_navigation(app_test: Callable[..., AppTest]) -> None:
    at = app_test("from kernel import st\ndef a(): st.title('A')\nst.navigation([a]).run()\n",
                  {"pages/other.py": "from kernel import st\nst.title('Other')\n"}).run()
    assert titles(at) == ["A"]
    with pytest.raises(ValueError, match="not a page of this app"):
        at.switch_page("pages/other.py")
