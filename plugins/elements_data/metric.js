// Renderer of "metric": label, big value, coloured delta with an arrow, optional sparkline.
import { applyWidth, help, iconNode, make, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./data.css", import.meta.url));

const SVG = "http://www.w3.org/2000/svg";

function sparkline(values, type) {
  const w = 160;
  const h = 36;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  svg.setAttribute("class", "k-metric-chart");
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || 1;
  const x = (i) => (values.length === 1 ? w / 2 : (i / (values.length - 1)) * w);
  const y = (v) => h - ((v - lo) / span) * (h - 4) - 2;
  if (type === "bar") {
    const bw = w / values.length;
    values.forEach((v, i) => {
      const r = document.createElementNS(SVG, "rect");
      r.setAttribute("x", String(i * bw + 1));
      r.setAttribute("width", String(Math.max(bw - 2, 1)));
      r.setAttribute("y", String(y(v)));
      r.setAttribute("height", String(h - y(v)));
      svg.append(r);
    });
    return svg;
  }
  const points = values.map((v, i) => `${x(i)},${y(v)}`).join(" ");
  if (type === "area") {
    const area = document.createElementNS(SVG, "polygon");
    area.setAttribute("points", `0,${h} ${points} ${w},${h}`);
    area.setAttribute("class", "k-area");
    svg.append(area);
  }
  const line = document.createElementNS(SVG, "polyline");
  line.setAttribute("points", points);
  svg.append(line);
  return svg;
}

export function render(el, props) {
  const card = make("div", "k-metric");
  card.dataset.border = String(!!props.border);
  const label = make("div", "k-metric-label");
  label.dataset.visibility = props.label_visibility;
  if (props.icon) label.append(iconNode(props.icon), " ");
  const text = make("span");
  text.innerHTML = props.label;
  label.append(text);
  if (props.help) label.append(help(props.help, props.help_html));
  card.append(label, make("div", "k-metric-value", props.value));
  if (props.delta !== null && props.delta !== undefined) {
    const delta = make("div", "k-metric-delta");
    delta.dataset.color = props.delta_color;
    if (props.arrow) delta.append(make("span", "k-metric-arrow", props.arrow === "up" ? "↑" : "↓"));
    delta.append(make("span", "", props.delta));
    if (props.delta_description) delta.append(make("span", "k-metric-desc", props.delta_description));
    card.append(delta);
  }
  if (props.chart && props.chart.length) card.append(sparkline(props.chart, props.chart_type));
  el.append(card);
  applyWidth(el, props.width);
}
