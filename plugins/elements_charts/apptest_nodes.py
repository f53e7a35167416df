"""AppTest node classes of the chart elements (``kernel_register_test_nodes``): ``at.echarts_chart``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kernel.testing.nodes import TestNodeType, Widget


class EChartsChart(Widget):
    """An ``st.echarts_chart``; with ``on_select`` set, :meth:`select` stages what the user selects."""

    @property
    def option(self) -> dict[str, Any]:
        """The ECharts option the chart was given, as JSON."""
        url = self.props.get("option_url")
        if url:  # a large option went by the data side channel
            from kernel.contracts.data_channel import json_at

            found: dict[str, Any] = json_at(self.tree.app, str(url)) or {}
            return found
        option: dict[str, Any] = self.props.get("option", {})
        return option

    def select(self, selected: Sequence[Mapping[str, Any]] = (),
               areas: Sequence[Mapping[str, Any]] = ()) -> EChartsChart:
        """Stage a selection for the next run, as the page reports one.

        ``selected``: ``{"series_index": int, "data_indices": [int, ...]}`` entries (``series_id``,
        ``series_name`` and ``data_type`` are filled in from the option when left out); ``areas``:
        ``{"brush_type": "rect", "coord_range": [...]}`` entries (``brush_index`` 0 when left out).
        """
        from kernel.testing import AppTestError

        if not self.id:
            raise AppTestError("this st.echarts_chart reports no selections; call it with on_select='rerun' "
                               "(or a callable) to select in it")
        series = self.option.get("series")
        series_list = series if isinstance(series, list) else [series] if isinstance(series, Mapping) else []
        entries = []
        for item in selected:
            index = item["series_index"]
            spec = series_list[index] if 0 <= index < len(series_list) and isinstance(series_list[index], Mapping) \
                else {}
            entries.append({"series_index": index, "series_id": item.get("series_id", spec.get("id")),
                            "series_name": item.get("series_name", spec.get("name")),
                            "data_type": item.get("data_type"), "data_indices": list(item["data_indices"])})
        brushed = [{"brush_index": a.get("brush_index", 0), "brush_type": a["brush_type"],
                    "coord_range": a["coord_range"]} for a in areas]
        self.tree._stage(self.id, {"selection": {"selected": entries, "areas": brushed}})
        return self


NODE_TYPES: Sequence[TestNodeType] = (
    TestNodeType("echarts_chart", EChartsChart, ("echarts_chart",)),
)
