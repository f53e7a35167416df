// Renderer of "text": preformatted plain text.
import "./_common.js";

export function render(el, props) {
  const pre = document.createElement("pre");
  pre.textContent = props.body;
  pre.dataset.wrap = String(props.wrap !== false);
  pre.style.textAlign = props.align || "left";
  if (props.help) pre.title = props.help;
  el.append(pre);
}
