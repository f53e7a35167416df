// Renderer of "vega_lite": simple charts, Vega-Lite specs, Altair charts and maps, drawn by Vega-Embed.
// The Vega bundle is generated at run time by the server (vl-convert) and loaded once per page.
import { asyncChart, loadScript, make, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./charts.css", import.meta.url));

const CANVAS_POINTS = 20_000;

function sized(spec, props, el) {
  const out = { ...spec };
  const isComposite = ["hconcat", "vconcat", "concat", "facet", "repeat"].some((k) => k in out);
  if (!isComposite) {
    if (props.width === "stretch") out.width = "container";
    else if (typeof props.width === "number") out.width = props.width;
    if (typeof props.height === "number") out.height = props.height;
    else if (out.height === undefined) out.height = 300;
  }
  if (props.theme) {
    let theme = props.theme;
    if (window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches) {
      const fg = { labelColor: "#c9cdd8", titleColor: "#e7e9ef" };
      theme = {
        ...theme,
        axis: { ...theme.axis, ...fg, gridColor: "#2f3342", domainColor: "#4a4f60", tickColor: "#4a4f60" },
        legend: { ...theme.legend, ...fg },
        title: { color: "#e7e9ef" },
      };
    }
    out.config = { ...theme, ...(out.config || {}) };
  }
  if (!out.autosize && props.width === "stretch") out.autosize = { type: "fit-x", contains: "padding" };
  el.style.width = typeof props.width === "number" ? `${props.width}px` : "";
  return out;
}

// Report the chart's selection parameters (debounced) as the widget's value.
function listenForSelections(el, view, props, ctx) {
  let timer = null;
  const report = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const selection = {};
      for (const name of props.selection_params) {
        let value = {};
        try {
          value = JSON.parse(JSON.stringify(view.signal(name) ?? {}));
        } catch {
          value = {};
        }
        selection[name] = value && typeof value === "object" && !Array.isArray(value) ? value : {};
      }
      el.dataset.selection = JSON.stringify(selection);
      ctx.widgets.set(props.id, { selection });
    }, 150);
  };
  for (const name of props.selection_params) {
    try {
      view.addSignalListener(name, report);
    } catch (err) {
      console.warn(`kernel: the chart has no signal "${name}"`, err);
    }
  }
}

// Points of a chart whose data the page fetches (props.source): for the x range `range` (all when
// null), reduced on the server to what `width` pixel columns show when the chart is large.
async function loadPoints(source, width, range) {
  const { fetchTable, rowObjects } = await import(source.client);
  const params = { w: Math.max(1, Math.round(width)) };
  if (range) [params.x0, params.x1] = range;
  const { table, bytes, metadata } = await fetchTable(source.url, params);
  return { rows: rowObjects(table), bytes, reduced: metadata.get("kernel:reduced") === "1" };
}

// The line under a large chart that says what it shows.
function showNote(el, source, data) {
  let note = el.querySelector(".k-chart-note");
  if (!note) {
    note = make("div", "k-chart-note");
    el.append(note);
  }
  note.dataset.points = String(data.rows.length);
  note.dataset.reduced = String(data.reduced);
  note.textContent = data.reduced
    ? `Showing ${data.rows.length.toLocaleString()} of ${source.points.toLocaleString()} points: the lowest, `
      + "highest, first and last of each series in every pixel column. Zoom in for every point."
    : `Showing all ${data.rows.length.toLocaleString()} points of this range.`;
  note.hidden = !data.reduced && data.rows.length === source.points;
}

// A reduced chart asks again for the x range the user zoomed or panned to (Vega-Lite's scale-bound
// "kernel_zoom" parameter), so zooming in shows real points down to every one.
function followZoom(el, view, source, box) {
  let timer = null;
  let asked = 0;
  const follow = (_name, value) => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      // The parameter's value is {field: [lo, hi]} (empty once the zoom is reset); its scale signal, [lo, hi].
      const domain = Array.isArray(value) ? value : value && value[source.x_field];
      const range = Array.isArray(domain) && domain.length === 2 ? [Number(domain[0]), Number(domain[1])] : null;
      const mine = ++asked;
      try {
        const data = await loadPoints(source, box.clientWidth, range);
        if (mine !== asked || el.kernelView !== view) return;
        await view.data(source.name, data.rows).runAsync();
        el.dataset.range = range ? range.join(",") : "";
        showNote(el, source, data);
      } catch (err) {
        console.warn("kernel: the zoomed points could not be fetched", err);
      }
    }, 120);
  };
  view.addSignalListener("kernel_zoom", follow);
  try {
    // Vega-Lite names the x scale's signal after the field (non-word characters as "_").
    view.addSignalListener(`kernel_zoom_${source.x_field.replace(/\W/g, "_")}`, follow);
  } catch {
    // no such signal: the parameter's own listener above is enough
  }
}

// The large inline datasets of a spec, which the server sent beside the stream (props.datasets:
// [{name, url, rows}]), fetched and read back into rows to go under the spec's `datasets`.
async function loadDatasets(props) {
  if (!props.datasets || !props.datasets.length) return null;
  const { fetchTable, rowObjects } = await import(props.client);
  const tables = await Promise.all(props.datasets.map((d) => fetchTable(d.url)));
  const datasets = {};
  let bytes = 0;
  let rows = 0;
  props.datasets.forEach((d, i) => {
    datasets[d.name] = rowObjects(tables[i].table);
    bytes += tables[i].bytes;
    rows += datasets[d.name].length;
  });
  return { datasets, bytes, rows };
}

async function draw(el, props, ctx) {
  const box = el.querySelector(".k-vega") || make("div", "k-vega k-chart-box");
  if (!box.isConnected) el.prepend(box);
  if (props.alt) box.setAttribute("aria-label", props.alt);
  const source = props.source;
  const [points, fetched] = await Promise.all([
    source ? loadPoints(source, box.clientWidth || el.clientWidth || 800, null) : null,
    loadDatasets(props),
    loadScript(props.bundle),
  ]);
  let spec = sized(props.spec, props, el);
  if (source) spec = { ...spec, datasets: { [source.name]: points.rows } };
  if (fetched) spec = { ...spec, datasets: { ...(spec.datasets || {}), ...fetched.datasets } };
  const drawn = points ? points.rows.length : fetched ? fetched.rows : 0;
  if (el.kernelView) el.kernelView.finalize();
  const result = await window.vegaEmbed(box, spec, {
    actions: { export: true, source: false, compiled: false, editor: false },
    // SVG keeps every mark in the page (crisp, inspectable); thousands of marks draw faster on a canvas.
    renderer: drawn > CANVAS_POINTS ? "canvas" : "svg",
    tooltip: true,
  });
  el.kernelView = result.view;
  if (source) {
    el.dataset.bytes = String(points.bytes);
    showNote(el, source, points);
    if (source.reduced) followZoom(el, result.view, source, box);
  } else {
    el.querySelector(".k-chart-note")?.remove();
    if (fetched) el.dataset.bytes = String(fetched.bytes);
  }
  if (props.id && ctx) listenForSelections(el, result.view, props, ctx);
}

const chart = asyncChart(draw);

export function render(el, props, ctx) {
  chart.render(el, props, ctx);
}

export function update(el, props, ctx) {
  return chart.update(el, props, ctx);
}
