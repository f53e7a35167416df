"""elements_text is a plugin of its own: blocking it removes its commands with a clear error, nothing else."""

from __future__ import annotations

import pytest

from kernel._errors import ComponentDisabledError
from kernel.testing import AppTest
from tests.conftest import MakeApp


def test_blocking_elements_text_names_it_for_its_commands_and_keeps_the_others(make_app: MakeApp) -> None:
    app = make_app(plugin_args=["no:elements_text"])
    assert app.commands.get("markdown") is None and app.commands.get("write") is None
    assert app.commands.get("slider") is not None and app.commands.get("columns") is not None
    with pytest.raises(ComponentDisabledError, match=r"st.markdown is provided by the 'elements_text' plugin"):
        raise app.missing_command("markdown")


def test_st_write_shows_an_exception_through_the_exception_command() -> None:
    at = AppTest.from_string("from kernel import st\nst.write(ValueError('bad value'))\n").run()
    assert [e.value for e in at.exception] == ["bad value"]
