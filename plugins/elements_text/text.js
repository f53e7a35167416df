// Renderer of "text": preformatted plain text.
import { dedent, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./text.css", import.meta.url));

export function render(el, props) {
  const pre = document.createElement("pre");
  pre.textContent = props.body;
  pre.dataset.wrap = String(props.wrap !== false);
  pre.style.textAlign = props.align || "left";
  if (props.help) pre.title = dedent(props.help);
  el.append(pre);
}
