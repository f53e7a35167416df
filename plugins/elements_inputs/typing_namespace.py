"""``st.typing``: the types of widget values, for annotations (``def show(f: st.typing.UploadedFile)``).

``UploadedFile`` and ``ChatInputValue`` are the classes the upload and chat widgets
return. The selection and edit states are dicts with attribute access at run time (what
``st.dataframe(on_select=...)``, the charts and ``st.data_editor`` return); here they are
``TypedDict`` descriptions of their keys, as in Streamlit, for type checkers.
"""

from __future__ import annotations

from typing import Any, TypedDict

from kernel_plugins.elements_inputs.chat import ChatInputValue
from kernel_plugins.elements_inputs.uploads import UploadedFile

__all__ = ["ButtonColumnClickState", "ChatInputValue", "DataEditorState", "DataframeState", "EChartsState",
           "PlotlyState", "PydeckState", "UploadedFile", "VegaLiteState"]


class DataframeSelection(TypedDict):
    """The selection of ``st.dataframe``: row positions, column names, ``(row, column)`` cells."""

    rows: list[int]
    columns: list[str]
    cells: list[tuple[int, str]]


class DataframeState(TypedDict):
    """What ``st.dataframe(on_select="rerun")`` returns."""

    selection: DataframeSelection


class DataEditorState(TypedDict):
    """``st.session_state[key]`` of ``st.data_editor``: the edits by row position."""

    edited_rows: dict[int, dict[str, Any]]
    added_rows: list[dict[str, Any]]
    deleted_rows: list[int]


class VegaLiteState(TypedDict):
    """What ``st.altair_chart``/``st.vega_lite_chart(on_select="rerun")`` return: each
    selection parameter's payload by name."""

    selection: dict[str, Any]


class PlotlySelection(TypedDict):
    """The selection of ``st.plotly_chart``."""

    points: list[dict[str, Any]]
    point_indices: list[int]
    box: list[dict[str, Any]]
    lasso: list[dict[str, Any]]


class PlotlyState(TypedDict):
    """What ``st.plotly_chart(on_select="rerun")`` returns."""

    selection: PlotlySelection


class PydeckSelection(TypedDict):
    """The selection of ``st.pydeck_chart``: indices and objects by layer id."""

    indices: dict[str, list[int]]
    objects: dict[str, list[dict[str, Any]]]


class PydeckState(TypedDict):
    """What ``st.pydeck_chart(on_select="rerun")`` returns."""

    selection: PydeckSelection


class EChartsSelection(TypedDict):
    """The selection of ``st.echarts_chart``: selected data and brushed areas."""

    selected: list[dict[str, Any]]
    areas: list[dict[str, Any]]


class EChartsState(TypedDict):
    """What ``st.echarts_chart(on_select="rerun")`` returns."""

    selection: EChartsSelection


class ButtonColumnClickState(TypedDict):
    """``st.session_state[key]`` of a keyed ``ButtonColumn`` in the run a click started: the row
    position and the clicked button's label (``None`` instead in every other run)."""

    row: int
    label: str
