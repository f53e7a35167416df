"""#17 in Chromium: a page on another origin cannot open the app's socket (unless allowed), a
rebound DNS name is refused, and media URLs of HTML and SVG run no script on the app's origin."""

from __future__ import annotations

import http.server
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import TimeoutError, expect

from kernel_plugins.runtime import STREAM_PATH
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, is_csp_violation
from tests.browser.liveloop_browser import ServedApp, open_app

pytestmark = pytest.mark.browser

Serve = Callable[..., ServedApp]
SecondOrigin = Callable[[str], str]

PROBE_PAGE = """<!doctype html>
<title>another site</title>
<script>
// What a page on another site tries: open the app's socket (?ws=URL) and read what the app sends.
const ws = new WebSocket(new URLSearchParams(location.search).get("ws"));
const state = document.documentElement.dataset;
state.result = "pending";
ws.onmessage = (event) => {
  state.firstFrame = event.data.slice(0, 200);
  state.result = "read";
};
ws.onerror = () => { if (state.result === "pending") state.result = "refused"; };
</script>
"""
"""The page the second origin serves."""


@pytest.fixture
def second_origin() -> Iterator[SecondOrigin]:
    """``second_origin(html)``: serve ``html`` at ``/`` from another local HTTP server (another
    port, so another origin); returns its URL. Stopped when the test ends."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(html: str) -> str:
        body = html.encode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
                self.send_response(200)
                self.send_header("content-type", "text/html; charset=utf-8")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _probe_url(other: str, app: ServedApp) -> str:
    stream = app.url.replace("http://", "ws://").rstrip("/") + STREAM_PATH + "?v=1"
    return f"{other}?{urllib.parse.urlencode({'ws': stream})}"


def test_a_page_on_another_origin_cannot_open_the_apps_socket(serve: Serve, page: Any,
                                                              second_origin: SecondOrigin) -> None:
    app = serve("from kernel import st\nst.text('the secret output')\n")
    page.goto(_probe_url(second_origin(PROBE_PAGE), app))
    expect(page.locator("html")).to_have_attribute("data-result", "refused")
    assert page.locator("html").get_attribute("data-first-frame") is None
    assert len(app.runtime.sessions) == 0
    assert app.runtime.statistics().refused == 1
    # The app's own page still connects.
    open_app(page, app)
    expect(page.locator(".k-kind-text")).to_have_text("the secret output")


def test_an_origin_in_allowed_origins_may_open_the_socket(serve: Serve, page: Any,
                                                          second_origin: SecondOrigin) -> None:
    allowed = second_origin(PROBE_PAGE)
    other = second_origin(PROBE_PAGE)
    app = serve("from kernel import st\nst.text('shared')\n", **{"server.allowed_origins": allowed.rstrip("/")})
    page.goto(_probe_url(allowed, app))
    expect(page.locator("html")).to_have_attribute("data-result", "read")
    assert '"type":"NewSession"' in (page.locator("html").get_attribute("data-first-frame") or "")
    # Another port is another origin: only the listed one is allowed.
    page.goto(_probe_url(other, app))
    expect(page.locator("html")).to_have_attribute("data-result", "refused")
    assert app.runtime.statistics().refused == 1


def test_a_rebound_dns_name_is_refused(serve: Serve, browser: Any) -> None:
    """DNS rebinding, for real: Chromium resolves rebind.test to 127.0.0.1, as an attacker's DNS would."""
    rebinding = browser.browser_type.launch(
        executable_path=str(CHROMIUM), headless=True,
        args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP rebind.test 127.0.0.1"])
    try:
        page = rebinding.new_page()
        page.set_default_timeout(30_000)
        app = serve("from kernel import st\nst.text('loopback only')\n")
        port = app.url.rstrip("/").rsplit(":", 1)[1]
        response = page.goto(f"http://rebind.test:{port}/")
        assert response is not None and response.status == 403
        expect(page.locator("body")).to_contain_text("server.allowed_hosts")
        assert len(app.runtime.sessions) == 0
        open_app(page, f"http://localhost:{port}/")
        expect(page.locator(".k-kind-text")).to_have_text("loopback only")
    finally:
        rebinding.close()


MEDIA_APP = '''
from kernel import st
HTML = b"<script>localStorage.setItem('pwned', 'html'); document.title = 'pwned'</script><p>hello</p>"
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><rect width="20" height="20" fill="red"/>'
    '<script>localStorage.setItem("pwned", "svg")</script></svg>'
)
st.download_button("page", HTML, file_name="page.html", mime="text/html")
st.image(SVG)
'''


def test_media_urls_of_html_and_svg_run_no_script_on_the_apps_origin(serve: Serve, browser: Any) -> None:
    """Opening the URL of a download_button(mime="text/html") or an st.image SVG (a link someone
    sends) used to run its script as the app (issue #17, item 5); the page still shows the SVG."""
    from playwright.sync_api import Error

    app = serve(MEDIA_APP)
    context = browser.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        violations: list[str] = []
        page.on("console", lambda msg: violations.append(msg.text) if is_csp_violation(msg) else None)
        open_app(page, app)
        page.wait_for_function("() => { const i = document.querySelector('.k-kind-image img'); "
                               "return i && i.complete && i.naturalWidth === 20; }")
        html_url = page.locator(".k-kind-download_button a").get_attribute("href")
        svg_url = page.locator(".k-kind-image img").get_attribute("src")
        assert html_url and html_url.endswith(".html") and svg_url and svg_url.endswith(".svg")
        saved: list[str] = []

        def open_each(how: Callable[[str], None]) -> None:
            for url in (html_url, svg_url):
                try:
                    with page.expect_download(timeout=5_000) as download:
                        try:
                            how(url)
                        except Error:
                            pass  # "Download is starting": the browser saves it instead of opening it
                    saved.append(download.value.suggested_filename)
                except TimeoutError:
                    pass  # shown instead of saved: the marker below says whether its script ran

        # Opened in a tab of its own (a link someone sends), then framed by the app's own page.
        open_each(lambda url: page.goto(app.url.rstrip("/") + url))
        open_app(page, app)
        open_each(lambda url: page.evaluate(
            "(u) => { const f = document.createElement('iframe'); f.src = u; document.body.append(f); }", url))
        assert page.evaluate("localStorage.getItem('pwned')") is None, "a media file's script ran as the app"
        assert [name.rsplit(".", 1)[-1] for name in saved] == ["html", "svg"] * 2
        assert page.title() != "pwned"
        assert violations == []
    finally:
        context.close()


def test_inline_media_opened_on_its_own_still_shows(serve: Serve, page: Any) -> None:
    """The sandbox of a media file does not keep a browser from showing an image opened in its own tab."""
    app = serve("import numpy as np\nfrom kernel import st\nst.image(np.zeros((8, 12, 3), dtype=np.uint8))\n")
    open_app(page, app)
    src = page.locator(".k-kind-image img").get_attribute("src")
    response = page.goto(app.url.rstrip("/") + (src or ""))
    assert response is not None and response.status == 200
    assert page.evaluate("() => { const i = document.querySelector('img'); return i && i.naturalWidth; }") == 12


OPTED_IN_APP = '''
from kernel import st
import streamlit.components.v1 as components
st.html('<script>document.body.dataset.script = "ran"</script>'
        '<img src="data:," onerror="document.body.dataset.handler = this.tagName">'
        '<p>a text that says onclick="x" stays as it is</p>', unsafe_allow_javascript=True)
st.html('<img src="data:," onerror="document.body.dataset.sanitized = 1">')
components.html(
    '<!doctype html><html><body onload="parent.document.body.dataset.frameLoad = 1">'
    '<button id=b onclick="parent.document.body.dataset.frameClick = event.type; return false">x</button>'
    '<script>parent.document.body.dataset.frameScript = 1; document.getElementById("b").click()</script>'
    '</body></html>')
'''


def test_html_the_app_opted_into_runs_under_the_policy(serve: Serve, page: Any) -> None:
    """The page's CSP blocks injected scripts, yet the scripts and inline handlers of
    st.html(unsafe_allow_javascript=True) and components.html run (no CSP violation: the fixture checks)."""
    open_app(page, serve(OPTED_IN_APP))
    body = page.locator("body")
    expect(body).to_have_attribute("data-script", "ran")
    expect(body).to_have_attribute("data-handler", "IMG")
    expect(body).to_have_attribute("data-frame-script", "1")
    expect(body).to_have_attribute("data-frame-click", "click")
    expect(body).to_have_attribute("data-frame-load", "1")
    expect(page.get_by_text('a text that says onclick="x" stays as it is')).to_be_visible()
    assert body.get_attribute("data-sanitized") is None
