// Renderer of "vega_lite": simple charts, Vega-Lite specs, Altair charts and maps, drawn by Vega-Embed.
// The Vega bundle is generated at run time by the server (vl-convert) and loaded once per page.
import { asyncChart, loadScript, make, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./charts.css", import.meta.url));

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

async function draw(el, props, ctx) {
  const box = el.querySelector(".k-vega") || make("div", "k-vega k-chart-box");
  if (!box.isConnected) el.append(box);
  if (props.alt) box.setAttribute("aria-label", props.alt);
  await loadScript(props.bundle);
  if (el.kernelView) el.kernelView.finalize();
  const result = await window.vegaEmbed(box, sized(props.spec, props, el), {
    actions: { export: true, source: false, compiled: false, editor: false },
    renderer: "svg",
    tooltip: true,
  });
  el.kernelView = result.view;
  if (props.id && ctx) listenForSelections(el, result.view, props, ctx);
}

const chart = asyncChart(draw);

export function render(el, props, ctx) {
  chart.render(el, props, ctx);
}

export function update(el, props, ctx) {
  return chart.update(el, props, ctx);
}
