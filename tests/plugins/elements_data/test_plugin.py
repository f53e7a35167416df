"""elements_data is a plugin of its own: blocking it removes its commands with a clear error, and st.write says so."""

from __future__ import annotations

import pytest

from kernel._errors import ComponentDisabledError
from tests.conftest import MakeApp


def test_blocking_elements_data_names_it_for_its_commands(make_app: MakeApp) -> None:
    app = make_app(plugin_args=["no:elements_data"])
    assert app.commands.get("dataframe") is None and app.commands.get("column_config") is None
    assert app.commands.get("write") is not None
    with pytest.raises(ComponentDisabledError, match=r"st.metric is provided by the 'elements_data' plugin"):
        raise app.missing_command("metric")
