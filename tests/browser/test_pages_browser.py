"""End-to-end: multipage apps in Chromium — every way of changing pages, with shared session state."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.liveloop_browser import ServedApp

pytestmark = pytest.mark.browser

Serve = Callable[..., ServedApp]

DIR_HOME = """
from kernel import st
st.session_state.setdefault("visits", [])
st.session_state.visits.append("home")
st.title("Home")
st.text("visits: " + ",".join(st.session_state.visits))
"""

DIR_PAGES = {
    "1_📈_Sales_report.py": """
from kernel import st
st.session_state.setdefault("visits", [])
st.session_state.visits.append("sales")
st.title("Sales")
st.text("visits: " + ",".join(st.session_state.visits))
""",
    "2_Settings.py": "from kernel import st\nst.title('Settings')\n",
}

NAV_APP = """
from kernel import st

def about():
    st.title("About")
    st.text("counter " + str(st.session_state.get("n", 0)))
    if st.button("Go to stats"):
        st.switch_page(stats)

st.session_state.setdefault("n", 0)
st.session_state.n += 1
home = st.Page("home.py", title="Welcome", icon="🏠", default=True)
stats = st.Page("stats.py", title="Statistics", url_path="numbers", visibility="hidden")
pg = st.navigation({"Main": [home, st.Page(about)], "Extra": [stats]})
pg.run()
"""

NAV_PAGES = {
    "home.py": "from kernel import st\nst.title('Welcome home')\nst.page_link('stats.py', label='See the numbers')\n",
    "stats.py": "from kernel import st\nst.title('Stats')\nst.text('q=' + st.query_params.get('q', '-'))\n",
}


def start(serve: Serve, home: str, files: dict[str, str], folder: str = "") -> ServedApp:
    app = serve(home)
    target = app.script.parent / folder if folder else app.script.parent
    target.mkdir(exist_ok=True)
    for name, source in files.items():
        (target / name).write_text(source)
    return app


def open_at(page: Any, app: ServedApp, path: str = "") -> None:
    page.goto(app.url.rstrip("/") + "/" + path)
    expect(page.locator("#k-conn-state")).to_have_attribute("data-state", "connected")


def path_of(page: Any) -> str:
    return str(page.evaluate("location.pathname + location.search"))


def test_sidebar_menu_back_forward_and_reload(serve: Serve, page: Any) -> None:
    app = start(serve, DIR_HOME, DIR_PAGES, "pages")
    open_at(page, app)
    expect(page.locator("h1")).to_have_text("Home")
    menu = page.locator("#kernel-nav")
    expect(menu.locator(".k-nav-link")).to_have_text(["app", "📈Sales report", "Settings"])
    expect(menu.locator("[aria-current=page]")).to_have_text("app")
    menu.get_by_text("Sales report").click()
    expect(page.locator("h1")).to_have_text("Sales")
    expect(page.locator(".k-kind-text")).to_have_text("visits: home,sales")  # session state carried over
    assert path_of(page) == "/Sales_report"
    expect(page).to_have_title("Sales report")
    expect(page.locator("link[rel=icon]")).to_have_attribute("href", re.compile(r"^data:image/svg\+xml,.*%F0%9F%93%88"))
    page.go_back()
    expect(page.locator("h1")).to_have_text("Home")
    expect(page.locator(".k-kind-text")).to_have_text("visits: home,sales,home")
    assert path_of(page) == "/"
    page.go_forward()
    expect(page.locator("h1")).to_have_text("Sales")
    page.reload()
    expect(page.locator("h1")).to_have_text("Sales")  # a reload keeps the page (in a new session)
    expect(page.locator(".k-kind-text")).to_have_text("visits: sales")


def test_page_link_switch_page_and_typed_urls(serve: Serve, page: Any) -> None:
    app = start(serve, NAV_APP, NAV_PAGES)
    open_at(page, app)
    expect(page.locator("h1")).to_have_text("Welcome home")
    expect(page).to_have_title("Welcome")
    menu = page.locator("#kernel-nav")
    expect(menu.locator(".k-nav-section")).to_have_text(["Main"])  # the hidden page's section shows nothing
    expect(menu.locator(".k-nav-link")).to_have_text(["🏠Welcome", "about"])
    page.get_by_text("See the numbers").click()  # st.page_link
    expect(page.locator("h1")).to_have_text("Stats")
    assert path_of(page) == "/numbers"
    menu.get_by_text("about").click()  # the sidebar
    expect(page.locator("h1")).to_have_text("About")
    expect(page.locator(".k-kind-text")).to_have_text("counter 3")
    page.get_by_role("button", name="Go to stats").click()  # st.switch_page
    expect(page.locator("h1")).to_have_text("Stats")
    assert path_of(page) == "/numbers"
    page.go_back()
    expect(page.locator("h1")).to_have_text("About")
    assert path_of(page) == "/about"
    open_at(page, app, "numbers?q=7")  # typing a URL (a hidden page, with query params)
    expect(page.locator("h1")).to_have_text("Stats")
    expect(page.locator(".k-kind-text")).to_have_text("q=7")


def test_unknown_page_says_so_and_offers_the_pages(serve: Serve, page: Any) -> None:
    app = start(serve, NAV_APP, NAV_PAGES)
    open_at(page, app, "no_such_page")
    notice = page.locator("#kernel-page-not-found")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("/no_such_page")
    expect(notice.locator(".k-nav-link")).to_have_text(["🏠Welcome", "about"])
    expect(page.locator("h1")).to_have_text("Welcome home")  # the default page meanwhile
    assert path_of(page) == "/"
    notice.get_by_text("about").click()
    expect(notice).to_be_hidden()
    expect(page.locator("h1")).to_have_text("About")


TOP_APP = "from kernel import st\nst.navigation([st.Page('a.py'), st.Page('b.py')], position='top').run()\n"


def test_top_navigation(serve: Serve, page: Any) -> None:
    app = start(serve, TOP_APP,
                {"a.py": "from kernel import st\nst.title('A')\n", "b.py": "from kernel import st\nst.title('B')\n"})
    open_at(page, app)
    top = page.locator("#kernel-topnav")
    expect(top.locator(".k-nav-link")).to_have_text(["a", "b"])
    expect(page.locator("#kernel-sidebar")).to_be_hidden()
    top.get_by_text("b").click()
    expect(page.locator("h1")).to_have_text("B")
    assert path_of(page) == "/b"


def test_the_menu_follows_pages_added_and_removed(serve: Serve, page: Any) -> None:
    app = serve(DIR_HOME, **{"server.file_watcher_type": "auto"})
    folder = app.script.parent / "pages"
    folder.mkdir()
    (folder / "2_Settings.py").write_text(DIR_PAGES["2_Settings.py"])
    open_at(page, app)
    menu = page.locator("#kernel-nav")
    expect(menu.locator(".k-nav-link")).to_have_text(["app", "Settings"])
    (folder / "1_Extra.py").write_text("from kernel import st\nst.title('Extra')\n")
    expect(menu.locator(".k-nav-link")).to_have_text(["app", "Extra", "Settings"])  # no rerun needed
    menu.get_by_text("Extra").click()
    expect(page.locator("h1")).to_have_text("Extra")
    (folder / "2_Settings.py").unlink()
    expect(menu.locator(".k-nav-link")).to_have_text(["app", "Extra"])


def test_the_multipage_example(page: Any) -> None:
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "examples" / "multipage" / "app.py"
    app = ServedApp(script, {"server.port": "0", "server.file_watcher_type": "none"})
    try:
        open_at(page, app)
        expect(page.locator("h1")).to_have_text("Shop")
        expect(page).to_have_title("Shop")
        page.get_by_role("button", name="Add to cart").click()
        expect(page.locator(".k-kind-text")).to_have_text("cart: apple")
        page.locator("#kernel-nav").get_by_text("Orders").click()
        expect(page.locator(".k-kind-text")).to_have_text("1. apple")
        page.get_by_role("button", name="Place order").click()
        expect(page.locator("h1")).to_have_text("Report")
        assert path_of(page) == "/report?items=1"
        page.go_back()
        expect(page.locator("h1")).to_have_text("Orders")
        expect(page.get_by_text("The cart is empty.")).to_be_visible()
    finally:
        app.stop()


def test_page_config_title_per_page_and_a_dropped_connection(serve: Serve, page: Any) -> None:
    app = start(serve, "from kernel import st\nst.set_page_config(page_title='Custom')\nst.title('Home')\n",
                {"b.py": "from kernel import st\nst.title('B')\nst.text(str(st.session_state.get('x', 0)))\n"},
                "pages")
    open_at(page, app)
    expect(page).to_have_title("Custom")
    page.locator("#kernel-nav").get_by_text("b").click()
    expect(page.locator("h1")).to_have_text("B")
    expect(page).to_have_title("b")  # the page's own title once set_page_config no longer runs
    app.call(app.runtime.drop_connections)  # the session is resumed on the same page
    expect(page.locator("#k-conn-state")).to_have_attribute("data-state", "connected")
    page.locator("body").press("r")
    expect(page.locator("h1")).to_have_text("B")
    expect(page.locator("#kernel-nav [aria-current=page]")).to_have_text("b")
    assert path_of(page) == "/b"
