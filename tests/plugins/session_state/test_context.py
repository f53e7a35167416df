"""st.context: browser facts from the page, headers and cookies of the request that opened the session."""

from __future__ import annotations

from pathlib import Path

import pytest

from kernel._app import AppOptions, build_app
from kernel.contracts import AppSession, ClientStore
from kernel.testing import AppTest, AppTestError
from kernel_plugins.session_state._client_info import parse_head
from kernel_plugins.session_state_api import ContextProxy


def client_info(session: AppSession) -> ClientStore:
    return session.state.client

SCRIPT = """
from kernel import st
c = st.context
st.text(repr((c.timezone, c["timezone_offset"], c.locale, c.url, c.theme.type, c.is_embedded,
              "locale" in c, "nope" in c)))
"""


def test_browser_facts_from_at_context() -> None:
    at = AppTest.from_string(SCRIPT)
    at.context = {"timezone": "Europe/Berlin", "timezone_offset": -60, "locale": "de-DE",
                  "url": "http://localhost:8501/", "theme": "dark"}
    at.run()
    assert at.text[0].value == repr(("Europe/Berlin", -60, "de-DE", "http://localhost:8501/", "dark", False,
                                     True, False))


def test_missing_facts_are_none_and_embedding_follows_the_url() -> None:
    at = AppTest.from_string(SCRIPT)
    at.query_params = {"embed": "true"}
    at.run()
    assert at.text[0].value == repr((None, None, None, None, None, True, True, False))


def test_at_context_rejects_unknown_keys_and_bad_values() -> None:
    at = AppTest.from_string(SCRIPT)
    at.context = {"colour": "red"}
    with pytest.raises(AppTestError, match="colour"):
        at.run()
    at.context = {"theme": "sepia"}
    with pytest.raises(AppTestError, match="light"):
        at.run()


def test_headers_cookies_and_ip_address(tmp_path: Path) -> None:
    script = tmp_path / "app.py"
    script.write_text("from kernel import st\n")
    app = build_app(AppOptions(script_path=script, cwd=tmp_path, home=tmp_path, environ={}))
    session = app.make("app_session", session_id="s1")
    client_info(session).set_request(
        (("Host", "example.org"), ("Cookie", "a=1; b=two"), ("X-Many", "1"), ("x-many", "2")), "10.0.0.7"
    )
    ctx = ContextProxy(session)
    assert ctx.headers["host"] == "example.org" and ctx.headers["HOST"] == "example.org"
    assert ctx.headers.get_all("X-Many") == ["1", "2"] and ctx.headers["x-many"] == "2"
    assert dict(ctx.cookies) == {"a": "1", "b": "two"}
    assert ctx.ip_address == "10.0.0.7"
    with pytest.raises(TypeError):
        ctx.cookies["a"] = "x"  # type: ignore[index]
    with pytest.raises(KeyError, match="no header"):
        ctx.headers["missing"]
    with pytest.raises(KeyError, match="has no key"):
        ctx["nothing"]
    client_info(session).set_request((), "127.0.0.1")
    assert ctx.ip_address is None


def test_a_request_head_is_parsed_when_a_script_reads_the_headers(tmp_path: Path) -> None:
    script = tmp_path / "app.py"
    script.write_text("from kernel import st\n")
    app = build_app(AppOptions(script_path=script, cwd=tmp_path, home=tmp_path, environ={}))
    session = app.make("app_session", session_id="s1")
    head = b"GET /_kernel/stream?v=1 HTTP/1.1\r\nHost: example.org\r\nX-Many:1\r\nx-many:  2 \r\nbogus\r\n\r\n"
    assert parse_head(head) == (("host", "example.org"), ("x-many", "1"), ("x-many", "2"))
    client_info(session).set_request_head(head, "10.0.0.8")
    ctx = ContextProxy(session)
    assert ctx.headers.get_all("X-MANY") == ["1", "2"] and ctx.headers["host"] == "example.org"
    assert ctx.ip_address == "10.0.0.8"
