"""elements_status is a plugin of its own: its commands, its container and the exception display."""

from __future__ import annotations

import pytest

from kernel._errors import ComponentDisabledError
from kernel.testing import AppTest
from tests.conftest import MakeApp


def test_blocking_elements_status_names_it_for_its_commands(make_app: MakeApp) -> None:
    app = make_app(plugin_args=["no:elements_status"])
    assert app.commands.get("success") is None and app.commands.get("exception") is None
    assert app.commands.get("markdown") is not None
    with pytest.raises(ComponentDisabledError, match=r"st.toast is provided by the 'elements_status' plugin"):
        raise app.missing_command("toast")


def test_a_status_is_a_container_commands_can_be_called_on() -> None:
    at = AppTest.from_string(
        "from kernel import st\n"
        "from kernel.contracts import DeltaGenerator\n"
        "s = st.status('Working')\n"
        "s.text('inside')\n"
        "st.text(str(isinstance(s, DeltaGenerator)))\n"
    ).run()
    assert at.status[0].text[0].value == "inside"
    assert at.text[-1].value == "True"


def test_an_uncaught_exception_is_shown_by_the_exception_command() -> None:
    at = AppTest.from_string("raise KeyError('missing')\n").run()
    assert [e.type_name for e in at.exception] == ["KeyError"]
