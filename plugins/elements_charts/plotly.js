// Renderer of "plotly": an interactive Plotly figure; plotly.js comes from the installed plotly package.
import { asyncChart, loadScript, make, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./charts.css", import.meta.url));

const DARK = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;

function pointOf(p) {
  const out = { curve_number: p.curveNumber, point_number: p.pointNumber, point_index: p.pointIndex ?? p.pointNumber };
  for (const k of ["x", "y", "z", "lat", "lon", "label", "value", "customdata"]) if (p[k] !== undefined) out[k] = p[k];
  return out;
}

// Report box, lasso and clicked points as the widget's value.
function listenForSelections(box, props, ctx) {
  const send = (selection) => {
    box.closest(".k-el").dataset.selection = JSON.stringify(selection);
    ctx.widgets.set(box.kernelProps.id, { selection });
  };
  box.on("plotly_selected", (event) => {
    if (!event) return;
    const points = (event.points || []).map(pointOf);
    const selection = { points, point_indices: points.map((p) => p.point_index), box: [], lasso: [] };
    if (event.range && box.kernelProps.selection_mode.includes("box")) {
      selection.box = [{ xref: "x", yref: "y", x: event.range.x, y: event.range.y }];
    }
    if (event.lassoPoints && box.kernelProps.selection_mode.includes("lasso")) {
      selection.lasso = [{ xref: "x", yref: "y", x: event.lassoPoints.x, y: event.lassoPoints.y }];
    }
    send(selection);
  });
  box.on("plotly_click", (event) => {
    if (!box.kernelProps.selection_mode.includes("points")) return;
    const points = (event.points || []).map(pointOf);
    send({ points, point_indices: points.map((p) => p.point_index), box: [], lasso: [] });
  });
  box.on("plotly_deselect", () => send({ points: [], point_indices: [], box: [], lasso: [] }));
}

// The large typed arrays of the figure's traces, sent beside the stream (props.arrays: [{trace, key,
// url}]), each a one-column Arrow table read back as a typed array: {trace: {key: array}}.
async function loadArrays(props) {
  const out = {};
  if (!props.arrays || !props.arrays.length) return out;
  const { fetchTable } = await import(props.client);
  const tables = await Promise.all(props.arrays.map((a) => fetchTable(a.url)));
  props.arrays.forEach((a, i) => {
    out[a.trace] = { ...(out[a.trace] || {}), [a.key]: tables[i].table.getChildAt(0).toArray() };
  });
  return out;
}

async function draw(el, props, ctx) {
  const box = el.querySelector(".k-plotly") || make("div", "k-plotly k-chart-box");
  if (!box.isConnected) el.append(box);
  box.kernelProps = props;
  if (props.alt) box.setAttribute("aria-label", props.alt);
  // A figure still large without its typed arrays (text, colours, nested data) comes whole beside the stream
  // too (props.figure_url, read with the data client's fetchJson).
  const [arrays, figure] = await Promise.all([
    loadArrays(props),
    props.figure_url ? import(props.client).then((client) => client.fetchJson(props.figure_url)) : props.figure,
    loadScript(props.bundle),
  ]);
  const traces = (figure.data || []).map((trace, i) => (arrays[i] ? { ...trace, ...arrays[i] } : trace));
  const layout = { ...(figure.layout || {}) };
  if (typeof props.height === "number") layout.height = props.height;
  if (props.width === "stretch") layout.autosize = true;
  else if (typeof props.width === "number") layout.width = props.width;
  if (props.theme === "streamlit") {
    layout.font = { family: "system-ui, sans-serif", ...(layout.font || {}) };
    layout.paper_bgcolor = layout.paper_bgcolor || "rgba(0,0,0,0)";
    layout.plot_bgcolor = layout.plot_bgcolor || "rgba(0,0,0,0)";
    if (DARK) layout.font.color = layout.font.color || "#e7e9ef";
  }
  const config = { responsive: props.width === "stretch", displaylogo: false, ...props.config };
  if (props.id && !layout.dragmode) layout.dragmode = props.selection_mode.includes("box") ? "select"
    : props.selection_mode.includes("lasso") ? "lasso" : layout.dragmode;
  await window.Plotly.react(box, traces, layout, config);
  if (props.id && ctx && !box.kernelListening) {
    box.kernelListening = true;
    listenForSelections(box, props, ctx);
  }
}

const chart = asyncChart(draw);

export function render(el, props, ctx) {
  chart.render(el, props, ctx);
}

export function update(el, props, ctx) {
  return chart.update(el, props, ctx);
}
