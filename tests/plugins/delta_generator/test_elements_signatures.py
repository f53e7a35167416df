"""The Elements I commands have Streamlit's parameters: names, order, kinds and defaults."""

from __future__ import annotations

import inspect

import pytest

from tests.plugins import element_catalogs as _catalog

# From the compatibility reference (streamlit 1.67), without the container argument.
EXPECTED = {
    "write_stream": "(stream, *, cursor=None)",
    "dataframe": "(data=None, width='stretch', height='auto', *, use_container_width=None, hide_index=None, "
                 "column_order=None, column_config=None, key=None, on_select='ignore', selection_mode='multi-row', "
                 "selection_default=None, row_height=None, placeholder=None, lazy=None, alt=None)",
    "data_editor": "(data, *, width='stretch', height='auto', use_container_width=None, hide_index=None, "
                   "column_order=None, column_config=None, num_rows='fixed', disabled=False, key=None, "
                   "on_change='rerun', args=None, kwargs=None, row_height=None, placeholder=None, alt=None)",
    "table": "(data=None, *, border=True, width='stretch', height='content', hide_index=None, hide_header=None, "
             "alt=None)",
    "metric": "(label, value, delta=None, delta_color='normal', *, help=None, icon=None, label_visibility='visible', "
              "border=False, width='stretch', height='content', chart_data=None, chart_type='line', "
              "delta_arrow='auto', format=None, delta_description=None)",
    "line_chart": "(data=None, *, x=None, y=None, x_label=None, y_label=None, color=None, width='stretch', "
                  "height='content', use_container_width=None, alt=None)",
    "area_chart": "(data=None, *, x=None, y=None, x_label=None, y_label=None, color=None, stack=None, "
                  "width='stretch', height='content', use_container_width=None, alt=None)",
    "bar_chart": "(data=None, *, x=None, y=None, x_label=None, y_label=None, color=None, horizontal=False, "
                 "sort=True, stack=None, width='stretch', height='content', use_container_width=None, alt=None)",
    "scatter_chart": "(data=None, *, x=None, y=None, x_label=None, y_label=None, color=None, size=None, "
                     "width='stretch', height='content', use_container_width=None, alt=None)",
    "map": "(data=None, *, latitude=None, longitude=None, color=None, size=None, zoom=None, width='stretch', "
           "height=500, use_container_width=None, alt=None)",
    "altair_chart": "(altair_chart, *, width=None, height='content', use_container_width=None, theme='streamlit', "
                    "key=None, on_select='ignore', selection_mode=None, alt=None)",
    "vega_lite_chart": "(data=None, spec=None, *, width=None, height='content', use_container_width=None, "
                       "theme='streamlit', key=None, on_select='ignore', selection_mode=None, alt=None)",
    "plotly_chart": "(figure_or_data, use_container_width=None, *, width='stretch', height='content', "
                    "theme='streamlit', key=None, on_select='ignore', selection_mode=('points', 'box', 'lasso'), "
                    "config=None, alt=None)",
    "pydeck_chart": "(pydeck_obj=None, *, width='stretch', use_container_width=None, height=500, "
                    "selection_mode='single-object', on_select='ignore', key=None, alt=None)",
    "echarts_chart": "(spec, *, width='stretch', height='content', theme='streamlit', key=None, on_select='ignore', "
                     "renderer='canvas', alt=None)",
    "graphviz_chart": "(figure_or_dot, use_container_width=None, *, width='content', height='content', alt=None)",
    "mermaid_chart": "(body, *, width='stretch', alt=None)",
    "pyplot": "(fig, clear_figure=False, *, width='stretch', use_container_width=None, alt=None, **kwargs)",
    "image": "(image, caption=None, width='content', clamp=False, channels='RGB', output_format='auto', *, "
             "use_container_width=None, link=None, use_column_width=None, alt=None)",
    "audio": "(data, format='audio/wav', start_time=0, *, sample_rate=None, end_time=None, loop=False, "
             "autoplay=False, alt=None, width='stretch')",
    "video": "(data, format='video/mp4', start_time=0, *, subtitles=None, end_time=None, loop=False, "
             "autoplay=False, muted=False, alt=None, width='stretch')",
    "latex": "(body, *, help=None, width='stretch')",
    "pdf": "(data, *, height=500, key=None, alt=None)",
    "badge": "(label, *, icon=None, color='blue', width='content', help=None)",
    "html": "(body, *, width='stretch', unsafe_allow_javascript=False)",
}


# What kernel accepts beyond 1.67 so that apps written for older Streamlit run (issue 18): st.pyplot()
# without a figure draws the global one; st.vega_lite_chart takes the spec as keywords.
EXTENDED = {
    "pyplot": EXPECTED["pyplot"].replace("(fig, ", "(fig=None, ", 1),
    "vega_lite_chart": EXPECTED["vega_lite_chart"].removesuffix(")") + ", **spec_keywords)",
}


def _without_annotations(fn: object) -> str:
    sig = inspect.signature(fn)  # type: ignore[arg-type]
    params = [p.replace(annotation=inspect.Parameter.empty) for p in list(sig.parameters.values())[1:]]
    return str(sig.replace(parameters=params, return_annotation=inspect.Signature.empty))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_signature_matches_streamlit(name: str) -> None:
    command = next(c for c in _catalog.commands() if c.name == name)
    assert _without_annotations(command.load()) == EXTENDED.get(name, EXPECTED[name])


def test_module_commands() -> None:
    kinds = {c.name: c.kind for c in _catalog.commands()}
    assert kinds["echo"] == "module" and kinds["column_config"] == "module"
    assert inspect.signature(next(c.load() for c in _catalog.commands() if c.name == "echo")).parameters[
        "code_location"].default == "above"
