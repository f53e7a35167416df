"""st.secrets comes from the essential secrets_api plugin, written only against the Secrets contract."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from kernel import st
from kernel._app import KernelApp, activate
from kernel._errors import ComponentDisabledError, EssentialPluginError
from kernel.contracts import Secrets
from kernel.contracts.messages import Delta
from kernel.testing import conformance
from kernel_plugins.app_session import HeadlessSession
from kernel_plugins.secrets_api import secrets_of
from tests.conftest import MakeApp

REPLACEMENT = "tests.plugins.secrets_api.replacement_secrets"
SCRIPT = "from kernel import st\nst.text(st.secrets['token'])\nst.text(st.secrets.db.user)\n"


def _texts(app: KernelApp) -> list[str]:
    headless = HeadlessSession(app)
    try:
        headless.session.request_rerun()
        msgs = headless.collect()
    finally:
        headless.close()
    return [m.element.props["body"] for m in msgs if isinstance(m, Delta) and m.element.kind == "text"]


def test_a_replacement_secrets_plugin_keeps_st_secrets_working(make_app: MakeApp) -> None:
    app = make_app(script=SCRIPT, plugin_args=["no:secrets", REPLACEMENT])
    assert app.pm.get_plugin("secrets") is None
    assert app.pm.providers("secrets") == [REPLACEMENT]
    assert app.commands.get("secrets") is not None and app.commands.get("secrets").plugin == "secrets_api"
    conformance.check_secrets(secrets_of(app))
    assert _texts(app) == ["from-the-replacement", "replacement-user"]


def test_st_secrets_outside_a_run_is_the_replacement_too(make_app: MakeApp) -> None:
    app = make_app(plugin_args=["no:secrets", REPLACEMENT])
    activate(app)
    try:
        assert isinstance(st.secrets, Secrets)
        assert st.secrets["token"] == "from-the-replacement"
        assert st.secrets is st.secrets, "made once per app"
    finally:
        activate(None)


def test_the_core_component_serves_st_secrets_through_the_api(make_app: MakeApp, project: Path) -> None:
    (project / ".kernel").mkdir()
    (project / ".kernel" / "secrets.toml").write_text('token = "core-token"\n[db]\nuser = "core-user"\n')
    app = make_app(script=SCRIPT)
    assert app.commands.get("secrets").plugin == "secrets_api"
    assert _texts(app) == ["core-token", "core-user"]


def test_st_secrets_without_any_secrets_component_says_it_is_disabled(make_app: MakeApp) -> None:
    app = make_app(plugin_args=["no:secrets"])
    activate(app)
    try:
        with pytest.raises(ComponentDisabledError) as info:
            st.secrets  # noqa: B018
    finally:
        activate(None)
    message = str(info.value)
    assert "st.secrets needs the secrets component: the 'secrets' plugin is disabled (by -p no:secrets)" in message
    assert "kernel_make_secrets" in message


@pytest.mark.parametrize("how", ["-p", "config"])
def test_secrets_api_cannot_be_blocked(make_app: MakeApp, project: Path, monkeypatch: pytest.MonkeyPatch,
                                       how: str) -> None:
    monkeypatch.delitem(sys.modules, "kernel_plugins.secrets_api", raising=False)
    if how == "config":
        (project / ".kernel").mkdir()
        (project / ".kernel" / "config.toml").write_text('[plugins]\ndisable = ["secrets_api"]\n')
        reason = "config [plugins] disable"
    else:
        reason = "-p no:secrets_api"
    with pytest.raises(EssentialPluginError) as info:
        make_app(plugin_args=["no:secrets_api"] if how == "-p" else [])
    message = str(info.value)
    assert message.startswith(f"plugin 'secrets_api' cannot be disabled (asked by {reason}): distribution kernel")
    assert "kernel.essential_plugins, secrets_api = kernel_plugins.secrets_api" in message
    assert re.search(r"Remove 'secrets_api' from -p no:\.\.\. and from \[plugins\] disable", message)
    assert "-p no:COMPONENT" in message
    assert "kernel_plugins.secrets_api" not in sys.modules, "refused before any plugin is imported"


def test_a_replacement_answering_first_is_still_redacted_by_the_core_plugin(make_app: MakeApp) -> None:
    app = make_app(plugin_args=[REPLACEMENT])
    assert app.pm.providers("secrets") == [REPLACEMENT, "secrets"]
    redactors = [redactor for plugin, redactor in app.collect("kernel_register_redactors") if plugin == "secrets"]
    assert redactors[0]("token from-the-replacement") == "token from-the-replacement", "never made: nothing to mask"
    assert secrets_of(app)["token"] == "from-the-replacement"
    assert redactors[0]("token from-the-replacement") == "token ***"
