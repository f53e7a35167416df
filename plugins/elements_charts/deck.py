"""``st.pydeck_chart``: a pydeck ``Deck`` drawn by deck.gl in the browser, from the deck's JSON.

deck.gl (the standalone bundle and ``@deck.gl/json``, vendored from npm by
``scripts/vendor_deckgl.sh`` into ``vendor/deckgl/``) is served under
``/_kernel/vendor/`` and loaded only by pages that show a deck. Map tiles are not drawn
(no tile server is needed, and none is reached): the layers show on a plain background.
With ``on_select`` the deck is a widget reporting the objects clicked (``_deck_selection.py``).
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
    props: dict[str, Any] = {
        "spec": spec,
        "tooltip": _tooltip(pydeck_obj),
        "width": container_width("pydeck_chart", width, use_container_width),
        "height": height if isinstance(height, int) else 500,
        "alt": alt,
        "bundle": [DECK_URL, DECK_JSON_URL],
    }
    if not selecting:
        return dg.add_element("deck_gl_json_chart", props)
    from kernel_plugins.elements_charts._deck_selection import pickable_layer_ids, register_deck_selection

    layer_ids = pickable_layer_ids(spec)
    wid, state = register_deck_selection(dg, key=key, on_select=on_select, spec=spec, layer_ids=layer_ids,
                                         mode=selection_mode)
    props.update({"id": wid, "selection_mode": selection_mode})
    dg.add_element("deck_gl_json_chart", props)
    return state
