// Renderer of "plotly": an interactive Plotly figure; plotly.js comes from the installed plotly package.
import { loadScript, make } from "./_elements1.js";

const DARK = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;

async function draw(el, props) {
  const box = el.querySelector(".k-plotly") || make("div", "k-plotly");
  if (!box.isConnected) el.append(box);
  if (props.alt) box.setAttribute("aria-label", props.alt);
  try {
    await loadScript(props.bundle);
    const figure = props.figure;
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
    await window.Plotly.react(box, figure.data || [], layout, config);
    el.dataset.drawn = "true";
  } catch (err) {
    box.replaceChildren(make("div", "k-chart-error", `The chart could not be drawn: ${err.message || err}`));
    el.dataset.drawn = "error";
  }
}

export function render(el, props) {
  el.dataset.drawn = "false";
  draw(el, props);
}

export function update(el, props) {
  el.dataset.drawn = "false";
  draw(el, props);
  return true;
}
