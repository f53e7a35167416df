"""elements_charts is a plugin of its own: blocking it removes its commands and its vendor route, with a clear error."""

from __future__ import annotations

import pytest

from kernel._errors import ComponentDisabledError
from kernel.testing import AppTest
from tests.conftest import MakeApp


def test_blocking_elements_charts_names_it_for_its_commands(make_app: MakeApp) -> None:
    app = make_app(plugin_args=["no:elements_charts"])
    assert app.commands.get("line_chart") is None and app.commands.get("pyplot") is None
    assert app.commands.get("dataframe") is not None
    assert not any(route.url_prefix == "/_kernel/vendor/" for route in app.http_routes())
    with pytest.raises(ComponentDisabledError, match=r"st.plotly_chart is provided by the 'elements_charts' plugin"):
        raise app.missing_command("plotly_chart")


def test_st_write_of_a_chart_goes_through_the_chart_command() -> None:
    at = AppTest.from_string(
        "import altair as alt\nimport pandas as pd\nfrom kernel import st\n"
        "st.write(alt.Chart(pd.DataFrame({'x': [1, 2]})).mark_point().encode(x='x'))\n"
    ).run()
    assert not at.exception
    assert [e.kind for e in at.get("vega_lite")] == ["vega_lite"]
