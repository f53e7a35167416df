// Renderer of "latex": MathML made on the server (Chromium renders MathML natively).
import { applyWidth, help, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./text.css", import.meta.url));

export function render(el, props) {
  el.innerHTML = props.mathml;
  el.title = props.body;
  if (props.help) el.append(help(props.help, props.help_html));
  applyWidth(el, props.width);
}
