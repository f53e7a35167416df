// Renderer of "divider": a horizontal rule.
import { useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./text.css", import.meta.url));

export function render(el) {
  el.append(document.createElement("hr"));
}
