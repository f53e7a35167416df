"""st.pydeck_chart and st.write(pydeck.Deck): the deck's JSON goes to deck.gl in the browser, never as text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kernel._routes import HttpRequest, HttpResponse
from kernel_plugins.elements_charts._vendor import DECK_DIR, DECK_JSON_URL, DECK_URL, serve_vendor
from tests.plugins.headless_run import RunScript, script_runner

pytest.importorskip("pydeck")

DECK = """
import pandas as pd
import pydeck as pdk
from kernel import st
df = pd.DataFrame({"lat": [37.76, 37.77], "lon": [-122.4, -122.41], "n": [1, 2]})
deck = pdk.Deck(
    initial_view_state=pdk.ViewState(latitude=37.77, longitude=-122.41, zoom=11),
    layers=[pdk.Layer("ScatterplotLayer", data=df, get_position="[lon, lat]", get_radius=200, id="pts")],
    tooltip={"html": "<b>n</b> = {n}"},
)
"""


@pytest.fixture
def run(tmp_path: Path) -> Iterator[RunScript]:
    with script_runner(tmp_path) as runner:
        yield runner


def test_pydeck_chart_sends_the_decks_layers_and_view_without_the_base_map(run: RunScript) -> None:
    props = run(DECK + "st.pydeck_chart(deck, height=300)\n").one("deck_gl_json_chart")
    spec = props["spec"]
    (layer,) = spec["layers"]
    assert layer["@@type"] == "ScatterplotLayer" and layer["getPosition"] == "@@=[lon, lat]"
    assert layer["data"] == [{"lat": 37.76, "lon": -122.4, "n": 1}, {"lat": 37.77, "lon": -122.41, "n": 2}]
    assert spec["initialViewState"] == {"latitude": 37.77, "longitude": -122.41, "zoom": 11}
    assert "mapStyle" not in spec and "mapProvider" not in spec, "no map tiles are drawn or fetched"
    assert props["tooltip"] == {"html": "<b>n</b> = {n}"}
    assert props["height"] == 300 and props["width"] == "stretch"
    assert props["bundle"] == [DECK_URL, DECK_JSON_URL]


def test_st_write_of_a_deck_is_the_chart_not_its_json_as_text(run: RunScript) -> None:
    ran = run(DECK + "st.write(deck)\n")
    assert ran.kinds() == ["deck_gl_json_chart"]
    assert ran.one("deck_gl_json_chart")["spec"]["layers"][0]["id"] == "pts"


def test_pydeck_chart_without_a_deck_is_an_empty_one(run: RunScript) -> None:
    props = run("from kernel import st\nst.pydeck_chart()\n").one("deck_gl_json_chart")
    assert props["spec"] == {} and props["tooltip"] is False and props["height"] == 500


@pytest.mark.parametrize("call, fragment", [
    ("st.pydeck_chart({'layers': []})", "st.pydeck_chart(pydeck_obj={'layers': []}): give a pydeck Deck"),
    ("st.pydeck_chart(deck, on_select='rerun')", "no layer of the deck can be picked; give the layers to select in "
                                                  "pickable=True"),
    ("st.pydeck_chart(pdk.Deck(layers=[pdk.Layer('ScatterplotLayer', data=df, pickable=True)]), on_select='rerun')",
     "the pickable ScatterplotLayer has no id of its own (pydeck gives it a new random one each run)"),
    ("st.pydeck_chart(deck, on_select='always')", "st.pydeck_chart(on_select='always'): use 'ignore', 'rerun'"),
    ("st.pydeck_chart(deck, selection_mode='all')", "st.pydeck_chart(selection_mode='all')"),
    ("st.pydeck_chart(deck, height=-1)", "st.pydeck_chart(height=-1)"),
])
def test_pydeck_chart_errors_name_the_parameter(run: RunScript, call: str, fragment: str) -> None:
    assert fragment in run(DECK + call + "\n").error()["message"]


def test_the_vendored_deck_gl_bundles_are_served_with_their_licence() -> None:
    assert (DECK_DIR / "LICENSE").read_text().startswith("Copyright")
    for url in (DECK_URL, DECK_JSON_URL):
        response = serve_vendor(HttpRequest("GET", url))
        assert isinstance(response, HttpResponse)
        assert response.status == 200 and response.content_type.startswith("text/javascript")
        assert len(response.body) > 10_000


PICKABLE = DECK.replace('id="pts"', 'id="pts", pickable=True')


@pytest.mark.parametrize("mode, expected", [
    ("single-object", "{'pts': [1]} [2]"),
    ("multi-object", "{'pts': [0, 1]} [1, 2]"),
])
def test_pydeck_selection_round_trip(run: RunScript, mode: str, expected: str) -> None:
    ran = run(PICKABLE + f"""
st.session_state.setdefault("calls", 0)
def picked():
    st.session_state["calls"] += 1
event = st.pydeck_chart(deck, on_select=picked, selection_mode={mode!r}, key="map")
sel = event.selection
st.text(f"{{dict(sel.indices)}} {{[o.n for o in sel.objects.get('pts', [])]}} {{st.session_state.calls}}")
""")
    props = ran.one("deck_gl_json_chart")
    assert props["id"].endswith("-map") and props["selection_mode"] == mode
    texts = [d.element.props["body"] for d in ran.deltas if d.element.kind == "text"]
    assert texts == ["{} [] 0"]
    reported = {"selection": {"indices": {"pts": [0, 1], "gone": [3]},
                              "objects": {"pts": [{"n": 1}, {"n": 2}], "gone": [{}]}}}
    msgs = ran.session.run({props["id"]: reported})
    texts = [m.element.props["body"] for m in msgs
             if getattr(m, "element", None) is not None and m.element.kind == "text"]
    assert texts == [expected + " 1"], "only the deck's own layers; one object in single-object mode"


def test_a_malformed_deck_selection_keeps_the_empty_state(run: RunScript) -> None:
    ran = run(PICKABLE + "st.session_state['n'] = st.session_state.get('n', 0) + 1\n"
              "st.text(f\"{st.pydeck_chart(deck, on_select='rerun').selection.indices} {st.session_state.n}\")\n")
    msgs = ran.session.run({ran.one("deck_gl_json_chart")["id"]: {"selection": {"indices": {"pts": ["x"]}}}})
    texts = [m.element.props["body"] for m in msgs
             if getattr(m, "element", None) is not None and m.element.kind == "text"]
    assert texts == ["{} 2"]


def test_a_large_layer_goes_beside_the_stream_as_one_arrow_table(run: RunScript) -> None:
    import pyarrow as pa

    from kernel.contracts.data_channel import DATA_PREFIX, data_store
    from tests.plugins.elements_data.frame_pages import request

    ran = run("""
import numpy as np
import pandas as pd
import pydeck as pdk
from kernel import st
n = 20_000
df = pd.DataFrame({"lat": np.linspace(37.7, 37.8, n), "lon": np.linspace(-122.5, -122.4, n),
                   "n": np.arange(n) % 100, "kind": np.array(["a", "b"])[np.arange(n) % 2]})
layers = [pdk.Layer("ScatterplotLayer", data=df, get_position="[lon, lat]", id="big", pickable=True),
          pdk.Layer("ScatterplotLayer", data=df.head(3), get_position="[lon, lat]", id="small")]
st.pydeck_chart(pdk.Deck(layers=layers), on_select="rerun", key="deck")
""")
    props = ran.one("deck_gl_json_chart")
    big, small = props["spec"]["layers"]
    assert big["data"] is None and len(small["data"]) == 3, "only the large layer's data leaves the element"
    [dataset] = props["datasets"]
    assert dataset["layer"] == 0 and dataset["rows"] == 20_000 and dataset["url"].startswith(DATA_PREFIX)
    assert props["client"].endswith("/data.js")
    response = request(ran.app, dataset["url"], "")
    assert response is not None and response.status == 200
    table = pa.ipc.open_stream(response.body).read_all()
    assert table.num_rows == 20_000 and sorted(table.column_names) == ["kind", "lat", "lon", "n"]
    assert table.column("n").type == pa.int8() and pa.types.is_dictionary(table.column("kind").type)
    assert table.slice(19_999).to_pylist() == [{"kind": "b", "lat": 37.8, "lon": -122.4, "n": 99}]
    import json

    records = len(json.dumps(table.to_pylist(), separators=(",", ":")))
    assert len(response.body) < 0.4 * records, (len(response.body), records)
    again = ran.rerun()
    assert again.props("deck_gl_json_chart") == [], "an unchanged deck is not sent again"
    assert data_store(ran.app).get(dataset["url"][len(DATA_PREFIX):]) is not None
