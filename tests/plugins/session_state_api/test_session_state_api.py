"""st.session_state, st.query_params and st.context come from the essential session_state_api
plugin, written only against the SessionState contract."""

from __future__ import annotations

import pytest

from kernel._app import KernelApp
from kernel._errors import EssentialPluginError
from kernel.contracts.messages import Delta, ForwardMsg, Rerun
from kernel.testing import AppTest, conformance
from kernel_plugins.app_session import HeadlessSession
from tests.conftest import MakeApp
from tests.plugins.session_state_api import replacement_state

REPLACEMENT = "tests.plugins.session_state_api.replacement_state"
SCRIPT = """\
from kernel import st
st.session_state.client = "mine"  # a user key named like a member of the contract
st.session_state.setdefault("runs", 0)
st.session_state.runs += 1
name = st.text_input("Name", key="name")
st.text(repr((st.session_state.runs, st.session_state.client, st.session_state["name"], name)))
st.text(repr((st.query_params.get("q"), st.context.locale, st.context.headers.get("host"))))
"""


def _texts(msgs: list[ForwardMsg]) -> list[str]:
    return [m.element.props["body"] for m in msgs
            if isinstance(m, Delta) and m.element is not None and m.element.kind == "text"]


def _widget_id(msgs: list[ForwardMsg]) -> str:
    return next(m.element.props["id"] for m in msgs
                if isinstance(m, Delta) and m.element is not None and m.element.kind == "text_input")


def test_a_replacement_state_keeps_the_three_commands_and_widgets(make_app: MakeApp) -> None:
    app: KernelApp = make_app(script=SCRIPT, plugin_args=["no:session_state", REPLACEMENT])
    assert app.pm.get_plugin("session_state") is None
    assert app.pm.providers("session_state") == [REPLACEMENT]
    for name in ("session_state", "query_params", "context"):
        command = app.commands.get(name)
        assert command is not None and command.plugin == "session_state_api", name
    conformance.check_session_state(replacement_state.DictSessionState)
    headless = HeadlessSession(app)
    try:
        head = b"GET / HTTP/1.1\r\nHost: example.org\r\n"
        app.hook.kernel_client_connected(session=headless.session, request_head=head, ip_address="10.0.0.1")
        headless.send(Rerun({}, None, query_string="q=1", context={"locale": "de-DE"}))
        first = headless.collect()
        assert _texts(first) == ["(1, 'mine', '', '')", "('1', 'de-DE', 'example.org')"]
        wid = _widget_id(first)
        second = headless.run({wid: "Ada"}, changed=[wid])
        assert _texts(second)[0] == "(2, 'mine', 'Ada', 'Ada')"
        state = headless.session.state
        assert isinstance(state, replacement_state.DictSessionState)
        assert state.data["name"] == "Ada" and state.widgets.get(wid) == "Ada"
    finally:
        headless.close()


def test_session_state_api_cannot_be_disabled(make_app: MakeApp) -> None:
    with pytest.raises(EssentialPluginError, match="plugin 'session_state_api' cannot be disabled"):
        make_app(plugin_args=["no:session_state_api"])


def test_user_keys_named_like_the_contracts_members_are_plain_keys() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        ss = st.session_state
        ss.widgets = "w"
        ss.client = "c"
        ss["query_string"] = "q"
        st.text(repr((ss.widgets, ss.client, ss.query_string, sorted(ss))))
        del ss.client
        st.text(repr(("client" in ss, ss.get("client"))))
        """
    ).run()
    assert not at.exception
    assert at.text.values == ["('w', 'c', 'q', ['client', 'query_string', 'widgets'])", "(False, None)"]
