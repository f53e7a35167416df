// Renderer of "graphviz_chart" (st.graphviz_chart): DOT laid out by Graphviz compiled to WebAssembly (@viz-js/viz,
// vendored from npm, loaded only by pages with such a chart), its SVG sanitised before it is shown.
import { asyncChart, loadScript, make, useStylesheet } from "/_kernel/static/client/elements.js";
import { sanitizeSvg } from "./_svg_safe.js";

useStylesheet(new URL("./diagrams.css", import.meta.url));

let viz = null;

function loadViz(url) {
  if (!viz) viz = loadScript(url).then(() => window.Viz.instance());
  return viz;
}

// Inline styles, since a stylesheet's `height: auto` would beat the SVG's own width/height attributes.
function size(svg, props) {
  const style = svg.style;
  if (props.width === "stretch") style.width = "100%";
  else if (typeof props.width === "number") style.width = `${props.width}px`;
  if (typeof props.height === "number") {
    style.height = `${props.height}px`;
    if (props.width === "content") style.width = "auto";
  } else if (props.height === "stretch") {
    style.height = "100%";
  }
}

async function draw(el, props) {
  let box = el.querySelector(".k-graphviz");
  if (!box) {
    box = make("div", "k-graphviz k-chart-box");
    el.append(box);
  }
  box.dataset.width = typeof props.width === "number" ? "px" : props.width;
  box.setAttribute("role", "img");
  if (props.alt) box.setAttribute("aria-label", props.alt);
  else box.removeAttribute("aria-label");
  const instance = await loadViz(props.bundle);
  let svg;
  try {
    svg = instance.renderSVGElement(props.dot, { engine: props.engine || "dot" });
  } catch (err) {
    throw new Error(`Graphviz could not read the DOT source: ${err.message || err}`);
  }
  sanitizeSvg(svg);
  size(svg, props);
  box.replaceChildren(svg);
  box.dataset.nodes = String(svg.querySelectorAll("g.node").length);
  box.dataset.edges = String(svg.querySelectorAll("g.edge").length);
}

const chart = asyncChart(draw);

export function render(el, props, ctx) {
  chart.render(el, props, ctx);
}

export function update(el, props, ctx) {
  return chart.update(el, props, ctx);
}
