// Renderer of "echarts_chart" (st.echarts_chart): an ECharts option drawn by Apache ECharts (vendored from npm, loaded
// only by pages with such a chart). With an "id" the chart is a widget: the data clicked in series with
// selectedMode and the data and areas caught by the brush are reported as {selection: {selected, areas}}.
import { asyncChart, loadScript, make, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./diagrams.css", import.meta.url));

const DARK = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
const DEFAULT_HEIGHT = 400;
// Streamlit's categorical chart colours, so ECharts charts sit with the app's other charts.
const PALETTE = ["#0068c9", "#83c9ff", "#ff2b2b", "#ffabab", "#29b09d", "#7defa1", "#ff8700", "#ffd16a",
  "#6d3fc0", "#d5dae5"];

let library = null;

function streamlitTheme() {
  const text = DARK ? "#fafafa" : "#31333f";
  const line = DARK ? "rgba(250, 250, 250, 0.2)" : "rgba(49, 51, 63, 0.2)";
  const axis = { axisLine: { lineStyle: { color: line } }, axisLabel: { color: text }, splitLine: { lineStyle: { color: line } },
    nameTextStyle: { color: text } };
  return {
    color: PALETTE,
    backgroundColor: "transparent",
    textStyle: { fontFamily: "system-ui, sans-serif", color: text },
    title: { textStyle: { color: text }, subtextStyle: { color: text } },
    legend: { textStyle: { color: text } },
    categoryAxis: axis, valueAxis: axis, logAxis: axis, timeAxis: axis,
  };
}

function loadECharts(url) {
  if (!library) {
    library = loadScript(url).then(() => {
      window.echarts.registerTheme("streamlit", streamlitTheme());
      return window.echarts;
    });
  }
  return library;
}

// The widget's value: clicked data (selectchanged) and brushed data, and the brushed areas in data coordinates.
function report(box, ctx) {
  const option = box.kernelChart.getOption();
  const series = option.series || [];
  const merged = new Map();
  const add = (seriesIndex, dataType, indices) => {
    if (!indices || !indices.length) return;
    const key = `${seriesIndex}/${dataType ?? ""}`;
    const entry = merged.get(key) || {
      series_index: seriesIndex,
      series_id: series[seriesIndex]?.id ?? null,
      series_name: series[seriesIndex]?.name ?? null,
      data_type: dataType ?? null,
      data_indices: [],
    };
    for (const i of indices) if (!entry.data_indices.includes(i)) entry.data_indices.push(i);
    merged.set(key, entry);
  };
  for (const s of box.kernelClicked) add(s.seriesIndex, s.dataType, s.dataIndex);
  for (const batch of box.kernelBrush) for (const s of batch.selected || []) add(s.seriesIndex, null, s.dataIndex);
  const areas = [];
  for (const batch of box.kernelBrush) {
    for (const area of batch.areas || []) {
      areas.push({ brush_index: batch.brushIndex ?? 0, brush_type: area.brushType, coord_range: area.coordRange ?? area.range ?? null });
    }
  }
  const selection = { selected: [...merged.values()].sort((a, b) => a.series_index - b.series_index), areas };
  const text = JSON.stringify(selection);
  if (text === box.kernelSent) return;
  box.kernelSent = text;
  box.closest(".k-el")?.setAttribute("data-selection", text);
  if (box.kernelProps.id) ctx.widgets.set(box.kernelProps.id, { selection });
}

function listen(box, ctx) {
  const chart = box.kernelChart;
  box.kernelClicked = [];
  box.kernelBrush = [];
  chart.on("selectchanged", (event) => {
    box.kernelClicked = event.selected || [];
    report(box, ctx);
  });
  // brushSelected fires on every move of a drag: remember it, report when the drag ends or the brush is cleared.
  chart.on("brushSelected", (event) => {
    const had = box.kernelBrush.some((b) => (b.areas || []).length);
    box.kernelBrush = event.batch || [];
    const has = box.kernelBrush.some((b) => (b.areas || []).length);
    if (had && !has) report(box, ctx);
  });
  chart.on("brushEnd", () => setTimeout(() => report(box, ctx), 0));
}

async function draw(el, props, ctx) {
  let box = el.querySelector(".k-echarts");
  if (!box) {
    box = make("div", "k-echarts k-chart-box");
    el.append(box);
  }
  box.kernelProps = props;
  box.style.height = `${typeof props.height === "number" ? props.height : DEFAULT_HEIGHT}px`;
  box.style.width = typeof props.width === "number" ? `${props.width}px` : "100%";
  box.setAttribute("role", "img");
  if (props.alt) box.setAttribute("aria-label", props.alt);
  else box.removeAttribute("aria-label");
  const echarts = await loadECharts(props.bundle);
  const look = `${props.theme}/${props.renderer}`;
  if (box.kernelChart && box.kernelLook !== look) {
    box.kernelChart.dispose();
    box.kernelChart = null;
  }
  if (!box.kernelChart) {
    box.kernelChart = echarts.init(box, props.theme === "streamlit" ? "streamlit" : null, { renderer: props.renderer });
    box.kernelLook = look;
    box.kernelOption = undefined;
    box.kernelSent = undefined;
    listen(box, ctx);
    new ResizeObserver(() => box.kernelChart && box.kernelChart.resize()).observe(box);
  }
  // The same option again (a rerun) keeps what the user selected and zoomed; a new one replaces it. A large
  // option comes by the data side channel: its URL names its content.
  const text = props.option_url ? `url:${props.option_url}` : JSON.stringify(props.option || {});
  if (text !== box.kernelOption) {
    const option = props.option_url ? await (await import(props.client)).fetchJson(props.option_url)
      : JSON.parse(text);
    box.kernelChart.setOption(option, { notMerge: true });
    box.kernelOption = text;
  }
  box.dataset.series = String((box.kernelChart.getOption().series || []).length);
}

const chart = asyncChart(draw);

export function render(el, props, ctx) {
  chart.render(el, props, ctx);
}

export function update(el, props, ctx) {
  return chart.update(el, props, ctx);
}
