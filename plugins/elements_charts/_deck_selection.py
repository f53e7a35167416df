"""Selections on ``st.pydeck_chart``: with ``on_select`` the deck is a widget returning ``PydeckState``.

The value is ``{"selection": {"indices": {layer_id: [int]}, "objects": {layer_id: [dict]}}}``:
the objects the user clicked in each pickable layer (one in ``"single-object"`` mode, any
number, toggled by clicks, in ``"multi-object"`` mode). Layers are named by their ``id``, so
a selectable layer needs one given explicitly: pydeck's default is a new random id each run.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

from kernel.contracts import DeltaGenerator
from kernel.elements import AttributeDict, register_widget
from kernel.elements import argument_error as fail

_PYDECK_DEFAULT_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def pickable_layer_ids(spec: Mapping[str, Any]) -> list[str]:
    """The ids of the deck's pickable layers, or an error saying what a selection needs."""
    layers = [layer for layer in spec.get("layers", []) or [] if isinstance(layer, Mapping)]
    pickable = [layer for layer in layers if layer.get("pickable")]
    if not pickable:
        raise fail("pydeck_chart", "on_select", "rerun", "no layer of the deck can be picked; give the layers to "
                   "select in pickable=True (pdk.Layer(..., pickable=True, id='points'))")
    ids = []
    for layer in pickable:
        layer_id = str(layer.get("id", ""))
        if not layer_id or _PYDECK_DEFAULT_ID.match(layer_id):
            raise fail("pydeck_chart", "on_select", "rerun", f"the pickable {layer.get('@@type', 'layer')} has no "
                       "id of its own (pydeck gives it a new random one each run); name it: "
                       "pdk.Layer(..., id='points')")
        ids.append(layer_id)
    return ids


def _empty() -> AttributeDict:
    return AttributeDict(selection=AttributeDict(indices=AttributeDict(), objects=AttributeDict()))


def register_deck_selection(dg: DeltaGenerator, *, key: Any, on_select: Any, spec: Mapping[str, Any],
                            layer_ids: list[str], mode: str) -> tuple[str, AttributeDict]:
    """Register the deck as a widget; return its id and its ``PydeckState``."""

    def coerce(raw: Any) -> AttributeDict:
        selection = raw.get("selection") if isinstance(raw, Mapping) else None
        if not isinstance(selection, Mapping):
            raise TypeError("a deck selection is {'selection': {'indices': {...}, 'objects': {...}}}")
        indices, objects = selection.get("indices", {}), selection.get("objects", {})
        if not isinstance(indices, Mapping) or not isinstance(objects, Mapping):
            raise TypeError("indices and objects map layer ids to lists")
        out = _empty()
        for layer_id in layer_ids:
            picked = indices.get(layer_id)
            if not picked:
                continue
            if not isinstance(picked, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in picked):
                raise TypeError("indices are lists of ints")
            found = objects.get(layer_id)
            found = found if isinstance(found, list) and len(found) == len(picked) else [None] * len(picked)
            if mode == "single-object":
                picked, found = picked[-1:], found[-1:]
            out.selection.indices[layer_id] = list(picked)
            out.selection.objects[layer_id] = [AttributeDict(o) if isinstance(o, Mapping) else o for o in found]
        return out

    fingerprint = hashlib.blake2b(json.dumps(spec, sort_keys=True, default=str).encode(), digest_size=8).hexdigest()
    identity = (mode, tuple(layer_ids)) if key is not None else (mode, tuple(layer_ids), fingerprint)
    return register_widget(dg, "pydeck_chart", label="pydeck_chart", key=key, identity=identity, default=_empty(),
                           coerce=coerce, on_change=on_select if callable(on_select) else None)
