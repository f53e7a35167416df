"""Custom components in Chromium: published Streamlit components from PyPI (pinned in the
test extra) and kernel's own v1/v2 components, each read back in the script."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.liveloop_browser import ServedApp, open_app

pytestmark = pytest.mark.browser

Serve = Callable[..., ServedApp]


def out(page: Any) -> Any:
    return page.locator(".k-kind-markdown").last


OPTION_MENU_APP = '''
import streamlit as st
from streamlit_option_menu import option_menu

picked = option_menu("Main menu", ["Home", "Upload", "Tasks"], icons=["house", "cloud-upload", "list-task"],
                     key="menu", on_change=lambda key: st.session_state.__setitem__("changes", key))
st.write(f"picked: {picked} / changes: {st.session_state.get('changes', '-')}")
'''


def test_option_menu_pick_an_item(serve: Serve, page: Any) -> None:
    open_app(page, serve(OPTION_MENU_APP))
    expect(out(page)).to_have_text("picked: Home / changes: -", timeout=30_000)
    frame = page.frame_locator("iframe.k-component-frame")
    frame.get_by_text("Tasks").click()
    expect(out(page)).to_have_text("picked: Tasks / changes: menu")
    frame.get_by_text("Upload").click()
    expect(out(page)).to_have_text("picked: Upload / changes: menu")
    # The frame reported its height and stays the same frame across reruns.
    assert page.locator("iframe.k-component-frame").evaluate("f => f.getBoundingClientRect().height") > 50
    assert page.locator("iframe.k-component-frame").get_attribute("sandbox").split() == [
        "allow-scripts", "allow-forms", "allow-popups", "allow-popups-to-escape-sandbox", "allow-modals",
        "allow-downloads"]


AGGRID_APP = '''
import pandas as pd
import streamlit as st
from st_aggrid import AgGrid, GridOptionsBuilder

df = pd.DataFrame({"name": ["Ada", "Grace", "Linus"], "year": [1815, 1906, 1969]})
options = GridOptionsBuilder.from_dataframe(df)
options.configure_selection("single")
grid = AgGrid(df, gridOptions=options.build(), key="grid", height=220)
rows = grid.selected_rows
st.write("selected: " + ("none" if rows is None or len(rows) == 0 else ",".join(rows["name"].astype(str))))
'''


# streamlit-aggrid 1.2.1 opens its JSON files without closing them, and calls set_index(inplace=True),
# which pandas 3.1 deprecates: warnings of the package, not of kernel (this test process makes
# warnings errors, and the app runs in it).
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning",
                            "ignore:The inplace keyword")
def test_aggrid_select_a_row_and_read_the_selection(serve: Serve, page: Any) -> None:
    open_app(page, serve(AGGRID_APP))
    expect(out(page)).to_have_text("selected: none", timeout=30_000)
    grid = page.frame_locator("iframe.k-component-frame")
    # The rows come from the data frame, sent as Arrow tables.
    expect(grid.get_by_text("Grace")).to_be_visible(timeout=20_000)
    grid.get_by_text("Grace").click()
    expect(out(page)).to_have_text("selected: Grace", timeout=20_000)
    grid.get_by_text("Linus").click()
    expect(out(page)).to_have_text("selected: Linus", timeout=20_000)


KEYUP_APP = '''
import streamlit as st
from st_keyup import st_keyup

value = st_keyup("Type here", key="query")
seen = st.session_state.setdefault("seen", [])
if not seen or seen[-1] != value:
    seen.append(value)
st.write(f"value: {value} | seen: {'/'.join(seen)} | state: {st.session_state.query}")
'''


def test_keyup_reads_each_keystroke(serve: Serve, page: Any) -> None:
    """streamlit-keyup is a v2 component: its module runs in the page, in a shadow root."""
    open_app(page, serve(KEYUP_APP))
    expect(out(page)).to_have_text("value:  | seen:  | state: ", timeout=30_000)
    box = page.get_by_role("textbox")
    for typed in ("k", "ke", "key"):
        box.press_sequentially(typed[-1])
        expect(out(page)).to_contain_text(f"value: {typed} |")
    expect(out(page)).to_have_text("value: key | seen: /k/ke/key | state: key")
    box.press("Backspace")
    expect(out(page)).to_have_text("value: ke | seen: /k/ke/key/ke | state: ke")
    # The package styles its box with the theme's --st-* variables (its own fallback is #f0f2f6),
    # which the page provides from its palette.
    soft = page.evaluate("""() => { const d = document.createElement("div"); d.style.background = "var(--k-bg-soft)";
                                     document.body.append(d); const c = getComputedStyle(d).backgroundColor;
                                     d.remove(); return c; }""")
    wrap = page.locator(".k-component-v2 .stkeyup__wrap")
    assert wrap.evaluate("e => getComputedStyle(e).backgroundColor") == soft != "rgb(240, 242, 246)"


def test_the_example_components_v1_and_v2(page: Any, serve: Serve) -> None:
    """examples/components/app.py: a v1 frontend speaking the protocol by hand, and a v2 component."""
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "examples" / "components"
    source = (example / "app.py").read_text()
    app = serve(f"import sys\nsys.path.insert(0, {str(example)!r})\n" + source)
    open_app(page, app)
    counted = page.locator(".k-kind-markdown", has_text="counter:")
    tallied = page.locator(".k-kind-markdown", has_text="tally:")
    expect(counted).to_have_text("counter: 0", timeout=30_000)  # the first run imports pandas and pyarrow
    frame = page.frame_locator("iframe.k-component-frame")
    expect(frame.get_by_role("button", name="Clicks: 0")).to_be_visible()
    expect(frame.get_by_text("rows table:")).to_be_visible()  # the data frame argument arrived as Arrow bytes
    frame.get_by_role("button", name="Clicks: 0").click()
    expect(counted).to_have_text("counter: 2")
    expect(frame.get_by_role("button", name="Clicks: 2")).to_be_visible()
    expect(tallied).to_have_text("tally: 0 | fired: None | last click: -")
    page.get_by_role("button", name="Add one").click()
    expect(tallied).to_have_text("tally: 1 | fired: Add one | last click: Add one")
    page.get_by_role("button", name="Add one").click()
    expect(tallied).to_have_text("tally: 2 | fired: Add one | last click: Add one")
    page.get_by_role("button", name="Rerun").click()  # a rerun the trigger did not start
    expect(tallied).to_have_text("tally: 2 | fired: None | last click: Add one")


HOSTILE_APP = '''
import pathlib
import streamlit as st
import streamlit.components.v1 as components

build = pathlib.Path(__file__).parent / "hostile"
build.mkdir(exist_ok=True)
(build / "index.html").write_text("""<!doctype html><body><p id=out>...</p><p id=fetch></p><p id=socket></p><script>
const report = [];
try { report.push("parent dom: " + parent.document.title); } catch (e) { report.push("parent dom: blocked"); }
try { report.push("cookie: " + document.cookie); } catch (e) { report.push("cookie: blocked"); }
try { localStorage.setItem("x", "1"); report.push("storage: open"); } catch (e) { report.push("storage: blocked"); }
report.push("origin: " + self.origin);
document.getElementById("out").textContent = report.join(" | ");
fetch("/_kernel/health").then(r => r.text()).then(t => "fetch: read " + t.trim(), () => "fetch: blocked")
  .then(t => { document.getElementById("fetch").textContent = t; });
const socket = new WebSocket(location.origin.replace("http", "ws") + "/_kernel/stream?v=1");
socket.onopen = () => { document.getElementById("socket").textContent = "socket: open"; };
socket.onerror = () => { document.getElementById("socket").textContent = "socket: refused"; };
parent.postMessage({isStreamlitMessage: true, type: "streamlit:componentReady", apiVersion: 1}, "*");
parent.postMessage({isStreamlitMessage: true, type: "streamlit:setFrameHeight", height: 80}, "*");
</script></body>""")
hostile = components.declare_component("hostile", path=build)
st.write(f"value: {hostile(default='untouched', key='h')}")
'''


def test_a_hostile_component_cannot_reach_the_app(serve: Serve, page: Any) -> None:
    app = serve(HOSTILE_APP)
    open_app(page, app)
    frame = page.frame_locator("iframe.k-component-frame")
    expect(frame.locator("#out")).to_have_text(
        "parent dom: blocked | cookie: blocked | storage: blocked | origin: null")
    expect(frame.locator("#fetch")).to_have_text("fetch: blocked")  # cross-origin: the answer is unreadable
    expect(frame.locator("#socket")).to_have_text("socket: refused")  # Origin: null is not the app's
    # A page that is not the component's frame cannot set its value.
    page.evaluate("""() => window.postMessage({isStreamlitMessage: true, type: "streamlit:setComponentValue",
                                              value: "forged", dataType: "json"}, "*")""")
    page.get_by_role("button", name="Rerun").click()
    expect(body_running(page)).to_have_attribute("data-running", "false")
    expect(out(page)).to_have_text("value: untouched")
    # Opened on its own, the component's page is still sandboxed: never the app's origin.
    page.goto(app.url.rstrip("/") + "/_kernel/components/v1/hostile/index.html")
    expect(page.locator("#out")).to_contain_text("origin: null")


def body_running(page: Any) -> Any:
    return page.locator("body")


def test_a_published_component_under_kernel_run_with_streamlit_installed(tmp_path: Any, page: Any) -> None:
    """`kernel run` in a subprocess: pip installed the real Streamlit with the component, yet the
    component's `import streamlit` is kernel's."""
    import importlib.util
    import signal

    from tests.contrib.element_example_install import start_server

    assert importlib.util.find_spec("streamlit") is not None  # the test extra installs Streamlit
    script = tmp_path / "app.py"
    script.write_text(OPTION_MENU_APP + "\nimport streamlit, streamlit_option_menu\n"
                      "st.text(f'streamlit is kernel: {streamlit.__doc__.startswith(\"kernel\")} / '\n"
                      "        f'{streamlit_option_menu.st is streamlit}')\n")
    proc, url = start_server(tmp_path / "site", script)
    try:
        open_app(page, url)
        expect(page.locator(".k-kind-text")).to_have_text("streamlit is kernel: True / True", timeout=30_000)
        page.frame_locator("iframe.k-component-frame").get_by_text("Upload").click()
        expect(out(page)).to_have_text("picked: Upload / changes: menu")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(15)
        if proc.stdout is not None:
            proc.stdout.close()
