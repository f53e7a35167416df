"""Selections on Vega-Lite/Altair and Plotly charts: with ``on_select`` the chart is a widget."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from typing import Any

from kernel.contracts import DeltaGenerator
from kernel.elements import AttributeDict, register_widget
from kernel.elements import argument_error as fail

PLOTLY_MODES = ("points", "box", "lasso")


def _param_specs(spec: Any) -> Iterator[Mapping[str, Any]]:
    if not isinstance(spec, Mapping):
        return
    for param in spec.get("params", []) or []:
        if isinstance(param, Mapping):
            yield param
    for child_key in ("layer", "hconcat", "vconcat", "concat"):
        for child in spec.get(child_key, []) or []:
            yield from _param_specs(child)
    if isinstance(spec.get("spec"), Mapping):
        yield from _param_specs(spec["spec"])


def selection_params(command: str, spec: Mapping[str, Any], selection_mode: Any) -> list[str]:
    """The names of the spec's selection parameters to report (all, or those ``selection_mode`` names)."""
    names = []
    for param in _param_specs(spec):
        select = param.get("select")
        bind = param.get("bind")
        if select is not None and bind != "scales" and isinstance(param.get("name"), str):
            if param["name"] not in names:
                names.append(param["name"])
    if not names:
        raise fail(command, "on_select", "rerun", "the chart declares no selection parameter; add one "
                   "(Altair: .add_params(alt.selection_point()) ; Vega-Lite: \"params\": [{\"name\": ..., "
                   "\"select\": \"point\"}])")
    if selection_mode is None:
        return names
    wanted = [selection_mode] if isinstance(selection_mode, str) else list(selection_mode)
    unknown = [w for w in wanted if w not in names]
    if unknown:
        raise fail(command, "selection_mode", selection_mode,
                   f"no selection parameter named {', '.join(map(repr, unknown))}; the chart has "
                   + ", ".join(map(repr, names)))
    return wanted


def _fingerprint(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=str)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def register_vega_selection(dg: DeltaGenerator, command: str, *, key: Any, on_select: Any, spec: Mapping[str, Any],
                            names: list[str]) -> tuple[str, AttributeDict]:
    """Register a Vega-Lite chart as a widget; return its id and ``{"selection": {param: value}}``."""

    def coerce(raw: Any) -> AttributeDict:
        selection = raw.get("selection") if isinstance(raw, Mapping) else None
        if not isinstance(selection, Mapping):
            raise TypeError("a chart selection is {'selection': {...}}")
        return AttributeDict(selection=AttributeDict(
            {n: AttributeDict(selection[n]) if isinstance(selection.get(n), Mapping) else AttributeDict()
             for n in names}))

    default = AttributeDict(selection=AttributeDict({n: AttributeDict() for n in names}))
    identity = (tuple(names),) if key is not None else (tuple(names), _fingerprint(spec))
    return register_widget(dg, command, label=command, key=key, identity=identity, default=default,
                           coerce=coerce, on_change=on_select if callable(on_select) else None)


def plotly_modes(selection_mode: Any) -> list[str]:
    """The validated Plotly selection modes."""
    modes = [selection_mode] if isinstance(selection_mode, str) else list(selection_mode)
    for mode in modes:
        if mode not in PLOTLY_MODES:
            raise fail("plotly_chart", "selection_mode", selection_mode,
                       "use any of 'points', 'box', 'lasso' (a str or an iterable)")
    return modes


def register_plotly_selection(dg: DeltaGenerator, *, key: Any, on_select: Any, figure: Mapping[str, Any],
                              modes: list[str]) -> tuple[str, AttributeDict]:
    """Register a Plotly chart as a widget; return its id and ``{"selection": {points, point_indices, box, lasso}}``."""

    def empty() -> AttributeDict:
        return AttributeDict(selection=AttributeDict(points=[], point_indices=[], box=[], lasso=[]))

    def coerce(raw: Any) -> AttributeDict:
        selection = raw.get("selection") if isinstance(raw, Mapping) else None
        if not isinstance(selection, Mapping):
            raise TypeError("a chart selection is {'selection': {...}}")
        out = empty()
        for field in ("points", "point_indices", "box", "lasso"):
            value = selection.get(field, [])
            if isinstance(value, list):
                out.selection[field] = [AttributeDict(v) if isinstance(v, Mapping) else v for v in value]
        if "box" not in modes:
            out.selection["box"] = []
        if "lasso" not in modes:
            out.selection["lasso"] = []
        return out

    identity = (tuple(modes),) if key is not None else (tuple(modes), _fingerprint(figure))
    return register_widget(dg, "plotly_chart", label="plotly_chart", key=key, identity=identity, default=empty(),
                           coerce=coerce, on_change=on_select if callable(on_select) else None)
