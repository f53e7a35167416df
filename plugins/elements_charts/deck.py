"""``st.pydeck_chart``: a pydeck ``Deck`` drawn by deck.gl in the browser, from the deck's JSON.

deck.gl (the standalone bundle and ``@deck.gl/json``, vendored from npm by
``scripts/vendor_deckgl.sh`` into ``vendor/deckgl/``) is served under
``/_kernel/vendor/`` and loaded only by pages that show a deck. Map tiles are not drawn
(no tile server is needed, and none is reached): the layers show on a plain background.
With ``on_select`` the deck is a widget reporting the objects clicked (``_deck_selection.py``).

A layer whose ``data`` is more than 5,000 flat records does not carry them in the element: they
go by the data side channel as one Arrow table (``_spec_data.records_url``), the layer's
``data`` is ``null``, and the element lists ``datasets = [{"layer", "url", "rows"}]``, which the
page fetches and puts back before deck.gl draws. So a deck of millions of points is not bound by
the WebSocket message limit, and an unchanged deck keeps its URLs (it is not resent).
"""

from __future__ import annotations

import json
from typing import Any

from kernel.contracts import DeltaGenerator
from kernel.elements import argument_error as fail
from kernel.elements import check_choice, check_height, check_on_select, container_width
from kernel_plugins.elements_charts._vendor import DECK_JSON_URL, DECK_URL

_MAP_KEYS = ("mapStyle", "mapProvider", "mapboxKey", "googleMapsKey", "customLibraries")
"""Parts of pydeck's JSON about the base map, which kernel does not draw."""


def _deck_json(pydeck_obj: Any) -> dict[str, Any]:
    if pydeck_obj is None:
        return {}
    to_json = getattr(pydeck_obj, "to_json", None)
    if not callable(to_json) or not type(pydeck_obj).__module__.startswith("pydeck"):
        raise fail("pydeck_chart", "pydeck_obj", pydeck_obj, "give a pydeck Deck (pdk.Deck(layers=[...]))")
    spec = json.loads(to_json())
    if not isinstance(spec, dict):
        raise fail("pydeck_chart", "pydeck_obj", pydeck_obj, "the deck's JSON is not an object")
    return {k: v for k, v in spec.items() if k not in _MAP_KEYS}


def _layer_data_beside(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Take the large ``data`` of the spec's layers out to the data side channel; the datasets the page fetches."""
    from kernel.context import get_run_context
    from kernel.contracts.data_channel import DataNotServedError
    from kernel_plugins.elements_charts._spec_data import records_url

    layers = spec.get("layers")
    if get_run_context() is None or not isinstance(layers, list):
        return []
    found: list[dict[str, Any]] = []
    for position, layer in enumerate(layers):
        if not isinstance(layer, dict):
            continue
        try:
            url = records_url(layer.get("data"), "deck-layer")
        except DataNotServedError:  # the data_channel plugin is off: the data stays in the layer
            return found
        if url is not None:
            found.append({"layer": position, "url": url, "rows": len(layer["data"])})
            layers[position] = {**layer, "data": None}
    return found


def _tooltip(pydeck_obj: Any) -> bool | dict[str, Any]:
    """The deck's tooltip: ``True``/``False``, or its ``html``/``text`` templates and ``style``."""
    tooltip = getattr(pydeck_obj, "_tooltip", None) if pydeck_obj is not None else None
    if not isinstance(tooltip, dict):
        return bool(tooltip)
    out: dict[str, Any] = {k: str(tooltip[k]) for k in ("html", "text") if k in tooltip}
    style = tooltip.get("style")
    if isinstance(style, dict):
        out["style"] = {str(k): str(v) for k, v in style.items()}
    return out


def pydeck_chart(dg: DeltaGenerator, pydeck_obj: Any = None, *, width: Any = "stretch",
                 use_container_width: bool | None = None, height: Any = 500, selection_mode: Any = "single-object",
                 on_select: Any = "ignore", key: Any = None, alt: str | None = None) -> Any:
    """``st.pydeck_chart``: a pydeck ``Deck`` (its layers, views and initial view state) drawn by deck.gl.

    ``st.pydeck_chart()`` without a deck shows an empty one. The deck's tooltip (``True``
    or ``{"html"|"text": "... {field} ..."}``) shows on hover. With ``on_select="rerun"`` (or a
    callable) it returns ``{"selection": {"indices": {layer_id: [int]}, "objects": {layer_id:
    [dict]}}}``: the objects clicked in its pickable layers, which need explicit ids.
    """
    check_choice("pydeck_chart", "selection_mode", selection_mode, ("single-object", "multi-object"))
    selecting = check_on_select("pydeck_chart", on_select)
    # A canvas needs pixels: "content" and "stretch" are the default 500 px.
    height = check_height("pydeck_chart", height, ("content", "stretch"))
    spec = _deck_json(pydeck_obj)
    datasets = _layer_data_beside(spec)
    props: dict[str, Any] = {
        "spec": spec,
        "tooltip": _tooltip(pydeck_obj),
        "width": container_width("pydeck_chart", width, use_container_width),
        "height": height if isinstance(height, int) else 500,
        "alt": alt,
        "bundle": [DECK_URL, DECK_JSON_URL],
    }
    if datasets:
        from kernel.contracts.data_channel import DATA_CLIENT_URL

        props.update({"datasets": datasets, "client": DATA_CLIENT_URL})
    if not selecting:
        return dg.add_element("deck_gl_json_chart", props)
    from kernel_plugins.elements_charts._deck_selection import pickable_layer_ids, register_deck_selection

    layer_ids = pickable_layer_ids(spec)
    # The layers' data taken out is in the deck's identity by its (content-keyed) URLs.
    shown = {**spec, "kernel_datasets": datasets} if datasets else spec
    wid, state = register_deck_selection(dg, key=key, on_select=on_select, spec=shown, layer_ids=layer_ids,
                                         mode=selection_mode)
    props.update({"id": wid, "selection_mode": selection_mode})
    dg.add_element("deck_gl_json_chart", props)
    return state
