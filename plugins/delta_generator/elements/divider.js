// Renderer of "divider": a horizontal rule.
import "./_common.js";

export function render(el) {
  el.append(document.createElement("hr"));
}
