// Renderer of "heading": title (h1), header (h2), subheader (h3).
import { help, iconNode, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./text.css", import.meta.url));

const DIVIDER_COLORS = {
  blue: "#1c83e1", green: "#21c354", orange: "#ffa421", red: "#ff2b2b", violet: "#803df5",
  yellow: "#ffe312", gray: "#a3a8b8", grey: "#a3a8b8",
  rainbow: "linear-gradient(to right, #ff2b2b, #ffa421, #ffe312, #21c354, #1c83e1, #803df5)",
};

export function render(el, props) {
  const h = document.createElement(`h${props.level}`);
  if (props.anchor) h.id = props.anchor;
  if (props.icon) h.append(iconNode(props.icon), " ");
  const body = document.createElement("span");
  body.innerHTML = props.html;
  h.append(body);
  h.style.textAlign = props.align || "left";
  if (props.help) h.append(help(props.help, props.help_html));
  el.append(h);
  if (props.divider) {
    const hr = document.createElement("hr");
    hr.className = "k-heading-divider";
    hr.style.background = DIVIDER_COLORS[props.divider] || props.divider;
    el.append(hr);
  }
}
