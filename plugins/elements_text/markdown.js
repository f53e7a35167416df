// Renderer of "markdown" (and captions): HTML rendered and sanitized on the server.
import { help, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./text.css", import.meta.url));

export function render(el, props) {
  el.innerHTML = props.html;
  el.classList.toggle("k-caption", !!props.caption);
  el.style.textAlign = props.align || "left";
  if (props.help) el.append(help(props.help, props.help_html));
}
