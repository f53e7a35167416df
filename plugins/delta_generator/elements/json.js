// Renderer of "json": pretty-printed JSON text.
import "./_common.js";

export function render(el, props) {
  const pre = document.createElement("pre");
  pre.textContent = props.text;
  el.append(pre);
}
